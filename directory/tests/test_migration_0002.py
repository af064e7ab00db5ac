"""directory 0002: hub services written before the ORUK model keep every row and gain an ORUK
id, their hub's organisation and site, their category as a term, their old contact as a
Contact (a phone as a phone, a name as a name)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from directory.models import HubService

BEFORE = [("directory", "0001_initial")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.mark.django_db(transaction=True)
def test_existing_services_move_onto_the_oruk_model():
    try:
        old = _migrate(BEFORE)
        get = old.get_model
        org = get("organisations", "Organisation").objects.create(
            name="Old Council", org_type="early_help", email="hubs@old.example"
        )
        hub = get("organisations", "Hub").objects.create(
            name="Old Hub", organisation=org, locality="N", address="1 Mill Road, Oldtown DB2 1QR"
        )
        service = get("directory", "HubService")
        by_phone = service.objects.create(
            hub=hub, name="Triple P", category="parenting", contact="020 7946 0410"
        )
        by_name = service.objects.create(
            hub=hub, name="Stay and play", category="early_years", contact="Jo at reception"
        )
        _migrate()

        first, second = (
            HubService.objects.get(pk=by_phone.pk),
            HubService.objects.get(pk=by_name.pk),
        )
        assert first.uid
        assert second.uid
        assert first.uid != second.uid
        assert first.organisation.organisation_id == org.pk
        assert first.organisation == second.organisation
        (location,) = {sal.location for s in (first, second) for sal in s.at_locations.all()}
        assert (location.hub_id, location.address_1, location.city, location.postal_code) == (
            hub.pk,
            "1 Mill Road",
            "Oldtown",
            "DB2 1QR",
        )
        assert [t.code for t in first.terms.all()] == ["parenting"]
        assert [(c.phone, c.name) for c in first.contacts.all()] == [("020 7946 0410", "")]
        assert [(c.phone, c.name) for c in second.contacts.all()] == [("", "Jo at reception")]
    finally:
        _migrate()

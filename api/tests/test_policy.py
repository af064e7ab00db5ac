"""The API client principal in the policy registry: its rules' two shapes agree, and it sees
what its organisation's involvement allows and nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from access import registry
from access.principals import PrincipalKind, principal_for
from api import actions
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType
from people.models import Family
from tests.authorisation_cast import build_cast

pytestmark = pytest.mark.django_db


def _principals(people):
    police = OrganisationFactory(name="Police", org_type=OrganisationType.POLICE)
    found = {}
    for who, organisation in (
        ("school", people["partner"].organisation),
        ("hub", people["worker"].organisation),
        ("police", police),
    ):
        client, _ = actions.api_client_create(
            by=people["admin"].user,
            organisation=organisation,
            name=who,
            scopes=["outcomes:read"],
            expires_on=timezone.localdate() + dt.timedelta(days=10),
        )
        found[who] = principal_for(client.user)
    return found


def test_predicate_and_filter_agree_for_every_api_client_rule():
    people, _ = build_cast()
    principals = _principals(people)
    checked, failures = 0, []
    for rule in registry.rules():
        if rule.kind != PrincipalKind.API_CLIENT:
            continue
        records = list(rule.model._default_manager.order_by("pk")[:20])
        ids = [r.pk for r in records]
        for purpose in sorted(rule.purposes):
            for who, p in principals.items():
                by_filter = set(
                    registry.visible_to(p, rule.model, purpose)
                    .filter(pk__in=ids)
                    .values_list("pk", flat=True)
                )
                by_predicate = {r.pk for r in records if rule.allows(p, r, purpose)}
                checked += 1
                if by_filter != by_predicate:
                    failures.append(f"{rule.model._meta.label} {purpose} as {who}")
    assert checked >= 12, checked
    assert not failures, "\n".join(failures)


def test_an_api_client_sees_its_organisations_open_families_read_only():
    people, objects = build_cast()
    p = _principals(people)
    open_family, sealed = objects["open"]["family"], objects["sealed"]["family"]
    assert list(registry.visible_to(p["school"], Family)) == [open_family]
    assert list(registry.visible_to(p["hub"], Family)) == [open_family]
    assert not registry.visible_to(p["police"], Family).exists()
    assert not registry.can(p["school"], sealed)
    assert not registry.can(p["school"], open_family, "edit")
    assert p["school"].kind == PrincipalKind.API_CLIENT
    assert p["school"].organisation_id == people["partner"].organisation_id

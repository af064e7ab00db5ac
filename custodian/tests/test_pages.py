"""The agreements page: administrators add an agreement and revise it into its next version
(the earlier one kept); what they typed stays when something is wrong; IG officers read the
agreements and cannot change them; anyone else gets 404."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent, Verb
from custodian.models import Agreement
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType

pytestmark = pytest.mark.django_db

PAGE = "/partner-systems/agreements/"


def _form(**overrides):
    data = {
        "reference": "dsa-sui-009",
        "title": "Schools: safeguarding (synthetic)",
        "source_organisation": "",
        "source_type": OrganisationType.CHILDRENS_SOCIAL_CARE,
        "destination_organisation": "",
        "destination_type": OrganisationType.SCHOOL,
        "record_type": "childrens-services.details",
        "purpose": "safeguarding",
        "mode": "existence",
        "valid_from_0": "1",
        "valid_from_1": "4",
        "valid_from_2": "2026",
        "valid_until_0": "",
        "valid_until_1": "",
        "valid_until_2": "",
        "change_note": "",
    }
    return {**data, **overrides}


def test_an_administrator_adds_and_revises_an_agreement(client, admin):
    client.force_login(admin.user)
    assert client.get(PAGE).status_code == 200
    made = client.post(PAGE, _form())
    assert made.status_code == 302, made.content.decode()[:2000]
    first = Agreement.objects.get()
    assert (first.reference, first.version, first.mode) == ("DSA-SUI-009", 1, "existence")
    page = client.get(made["Location"])
    assert "DSA-SUI-009" in page.content.decode()

    revised = client.post(
        made["Location"],
        _form(reference="ignored", mode="content", version="1", change_note="Content now"),
    )
    assert revised.status_code == 302, revised.content.decode()[:2000]
    versions = list(Agreement.objects.order_by("version"))
    assert [(v.reference, v.version, v.mode) for v in versions] == [
        ("DSA-SUI-009", 1, "existence"),
        ("DSA-SUI-009", 2, "content"),
    ]
    assert versions[0].superseded_at is not None
    assert versions[1].superseded_at is None
    # The old version's page shows it was replaced and offers no revision.
    old = client.get(f"{PAGE}DSA-SUI-009/?version=1").content.decode()
    assert "(replaced)" in old
    assert "Revise this agreement" not in old
    assert AuditEvent.objects.filter(object_type="custodian.agreement", verb=Verb.UPDATE).exists()

    stale = client.post(made["Location"], _form(mode="existence", version="1"))
    assert stale.status_code == 200
    assert "Someone else revised this agreement" in stale.content.decode()


def test_wrong_answers_are_explained_and_what_was_typed_stays(client, admin):
    client.force_login(admin.user)
    school = OrganisationFactory(name="Northgate", org_type=OrganisationType.SCHOOL)
    page = client.post(
        PAGE,
        _form(
            title="Kept title",
            source_type="",
            source_organisation=str(school.pk),
            destination_type="",
            valid_until_0="1",
            valid_until_1="1",
            valid_until_2="2026",
        ),
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert "The source must be the local authority" in text
    assert "Choose the destination organisation or a type of organisation" in text
    assert "The agreement must end on or after the day it starts" in text
    assert "Kept title" in text
    assert not Agreement.objects.exists()


def test_ig_officers_read_and_others_get_404(client, ig_officer, school_dsl, admin):
    client.force_login(admin.user)
    client.post(PAGE, _form())
    agreement = Agreement.objects.get()
    client.force_login(ig_officer.user)
    assert client.get(PAGE).status_code == 200
    assert client.get(f"{PAGE}{agreement.reference}/").status_code == 200
    assert "Add an agreement" not in client.get(PAGE).content.decode()
    assert client.post(PAGE, _form(reference="X-2")).status_code == 404
    assert client.post(f"{PAGE}{agreement.reference}/", _form(version="1")).status_code == 404
    assert Agreement.objects.count() == 1
    client.force_login(school_dsl.user)
    assert client.get(PAGE).status_code == 404
    assert client.get(f"{PAGE}{agreement.reference}/").status_code == 404
    assert client.get(f"{PAGE}NO-SUCH/").status_code == 404

import datetime as dt
import json

import pytest

from audit.models import AuditEvent
from conftest import PASSWORD
from familyhub import errors
from people import queries as people_queries
from people.factories import AddressFactory
from sharing import actions, sar

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_due_one_calendar_month_after_receipt(received, due):
    assert sar.one_month_after(received) == due


def _request(ig_officer, person):
    return actions.sar_create(
        by=ig_officer.user,
        person=person,
        requester_name="Kelly Smith",
        requester_relationship="self",
        received_on=dt.date(2026, 11, 2),
    )


def test_pack_holds_the_record_where_they_appear_and_who_looked(
    ig_officer, family_worker, smith_family
):
    kelly = smith_family.kelly
    AddressFactory(person=kelly, line_1="1 Synthetic Street")
    people_queries.get_person_for(family_worker.user, kelly.pk)  # someone looks at her record
    request = _request(ig_officer, kelly)
    assert request.due_on == dt.date(2026, 12, 2)
    sections = {item["section"] for item in sar.assemble(kelly)}
    assert {
        "Personal details",
        "Addresses",
        "Families",
        "Who has been involved",
        "Who has looked at the record",
    } <= sections
    texts = " ".join(item["text"] for item in sar.assemble(kelly))
    assert "1 Synthetic Street" in texts
    assert "Fola Worker" in texts


def test_redaction_is_recorded_and_the_export_withholds_it(ig_officer, smith_family, client):
    kelly = smith_family.kelly
    address = AddressFactory(person=kelly, line_1="Flat 9 Third Party House")
    request = _request(ig_officer, kelly)
    with pytest.raises(errors.RuleViolation):
        actions.sar_redact(
            by=ig_officer.user,
            request=request,
            item_key=f"address:{address.pk}",
            reason="third_party",
            note="",
        )
    actions.sar_redact(
        by=ig_officer.user,
        request=request,
        item_key=f"address:{address.pk}",
        reason="third_party",
        note="The flat is her sister's home",
    )
    client.force_login(ig_officer.user)
    client.post("/sign-in/confirm/", {"password": PASSWORD})  # exports ask for it again
    response = client.get(f"/ig/sar/{request.pk}/export.json")
    pack = json.loads(response.content)
    assert "Third Party House" not in response.content.decode()
    withheld = [i for i in pack["items"] if i.get("redacted")]
    assert [i["text"] for i in withheld] == [
        "[Redacted: Information about someone else (third party)]"
    ]
    event = AuditEvent.objects.get(verb="export")
    assert event.changes == {"format": "json", "items": len(pack["items"]), "redacted": 1}
    pdf = client.get(f"/ig/sar/{request.pk}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/ig/sar/{request.pk}/export.exe").status_code == 404


def test_only_ig_handles_subject_access(family_worker, smith_family, client):
    with pytest.raises(errors.NotPermitted):
        actions.sar_create(
            by=family_worker.user,
            person=smith_family.kelly,
            requester_name="x",
            requester_relationship="self",
            received_on=dt.date(2026, 11, 2),
        )
    client.force_login(family_worker.user)
    assert client.get("/ig/sar/").status_code == 404

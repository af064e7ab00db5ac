"""Exports ask for the password again (within 15 minutes), and the check is audited."""

import datetime as dt
import json

import pytest
import time_machine

from audit.models import AuditEvent
from conftest import PASSWORD
from sharing import actions

pytestmark = pytest.mark.django_db


def test_sar_export_asks_for_the_password_first(client, ig_officer, smith_family):
    sar = actions.sar_create(
        by=ig_officer.user,
        person=smith_family.kelly,
        requester_name="Kelly",
        requester_relationship="self",
        received_on=dt.date(2026, 11, 2),
    )
    client.force_login(ig_officer.user)
    url = f"/ig/sar/{sar.pk}/export.json"
    first = client.get(url)
    assert first.status_code == 302
    assert first["Location"].startswith("/sign-in/confirm/?next=")
    wrong = client.post("/sign-in/confirm/", {"password": "nope", "next": url})
    assert "Your password is not right" in wrong.content.decode()
    assert not AuditEvent.objects.filter(verb="export").exists()
    ok = client.post("/sign-in/confirm/", {"password": PASSWORD, "next": url})
    assert ok["Location"] == url
    assert json.loads(client.get(url).content)["reference"] == sar.reference
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=16)):
        assert client.get(url).status_code == 302  # asked again after 15 minutes
    assert AuditEvent.objects.filter(reason="password confirmed for export").exists()

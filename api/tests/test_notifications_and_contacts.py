"""Notifications that become early-warning signals, and who to contact about a family."""

from __future__ import annotations

import pytest

from frontdoor.models import Signal
from people.factories import valid_nhs_number

pytestmark = pytest.mark.django_db


def _encompass(nhs_number, **overrides):
    return {
        "kind": "domestic_abuse_notification",
        "child": {"nhs_number": nhs_number},
        "occurred_at": "2026-11-30T23:10:00Z",
        "summary": "Police attended a domestic incident at the home overnight (synthetic).",
        "source_reference": "OE-1",
        **overrides,
    }


def test_an_operation_encompass_notification_becomes_a_signal(
    school_api, school_client, smith_family
):
    response = school_api.post("/api/v1/notifications/", _encompass(smith_family.jaden.nhs_number))
    assert response.status_code == 201, response.content
    assert response.json()["recorded"] is True
    signal = Signal.objects.get()
    assert (signal.family, signal.person, signal.kind) == (
        smith_family,
        smith_family.jaden,
        "domestic_abuse_notification",
    )
    assert signal.organisation == school_client[0].organisation
    assert signal.recorded_by_label == "Demo MIS (API client)"


def test_the_same_notification_sent_again_under_a_new_key_is_recorded_once(
    school_api, smith_family
):
    body = _encompass(smith_family.jaden.nhs_number)
    school_api.post("/api/v1/notifications/", body, key="a")
    again = school_api.post("/api/v1/notifications/", body, key="b")
    assert again.status_code == 201
    assert Signal.objects.count() == 1


def test_attendance_is_a_signal_only_below_the_threshold(school_api, smith_family):
    def send(percent, key):
        return school_api.post(
            "/api/v1/notifications/",
            {
                "kind": "attendance",
                "child": {"nhs_number": smith_family.jaden.nhs_number},
                "attendance_percent": percent,
                "period_end": "2026-11-27",
            },
            key=key,
        ).json()

    assert send(96.5, "fine")["recorded"] is False
    assert send(82, "low")["recorded"] is True
    assert Signal.objects.get().kind == "attendance"


def test_a_child_unknown_or_known_only_elsewhere_gets_the_same_answer(
    school_api, smith_family, other_family
):
    elsewhere = other_family.memberships.get().person
    elsewhere.nhs_number = valid_nhs_number(456)
    elsewhere.save()
    known_elsewhere = school_api.post("/api/v1/notifications/", _encompass(elsewhere.nhs_number))
    unknown = school_api.post(
        "/api/v1/notifications/", _encompass(valid_nhs_number(789)), key="k-2"
    )
    assert known_elsewhere.status_code == unknown.status_code == 422
    assert known_elsewhere.json() == unknown.json()
    assert not Signal.objects.exists()


def test_missing_fields_are_named(school_api, smith_family):
    no_child = school_api.post(
        "/api/v1/notifications/",
        {"kind": "missed_health_appointments", "child": {"nhs_number": ""}},
    )
    assert no_child.status_code == 422
    assert {e["field"] for e in no_child.json()["errors"]} == {"child.nhs_number"}
    no_detail = school_api.post(
        "/api/v1/notifications/",
        {"kind": "missed_health_appointments", "child": {"nhs_number": "9434765919"}},
        key="k-2",
    )
    assert {e["field"] for e in no_detail.json()["errors"]} == {"occurred_at", "summary"}


def test_who_to_contact_about_a_family_the_school_works_with(
    school_api, smith_family, other_family
):
    response = school_api.get(f"/api/v1/families/{smith_family.reference}/contacts/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["family_reference"] == smith_family.reference
    assert body["lead_practitioner"] is None  # none recorded yet: the message says so
    assert body["message"] == "No lead practitioner is recorded for this family yet."
    assert body["out_of_hours"]["phone"]
    hidden = school_api.get(f"/api/v1/families/{other_family.reference}/contacts/")
    missing = school_api.get("/api/v1/families/NO-SUCH/contacts/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_sealed_family_is_not_found_even_for_an_involved_organisation(
    school_api, smith_family, ig_officer, school_dsl
):
    from ig import actions as ig_actions

    # Even the school's own DSL on the access list gives its system no sight of it.
    ig_actions.family_seal(
        by=ig_officer.user, family=smith_family, reason="Refuge", access_list=[school_dsl]
    )
    assert school_api.get(f"/api/v1/families/{smith_family.reference}/contacts/").status_code == (
        404
    )
    response = school_api.post("/api/v1/notifications/", _encompass(smith_family.jaden.nhs_number))
    assert response.status_code == 422

"""What a client's POST becomes: the front door's own actions, called with the client as `by`
(so the same policy decides, and the same audit events and chronology are written)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from frontdoor import actions as frontdoor
from organisations.queries import organisation_of

from . import queries

WHAT = ("worries", "immediate_risk", "wants", "consent", "consent_reason", "referrer_view")


def send_concern(principal, data: dict[str, Any]):
    family = None
    people = [dict(p) for p in data["people"]]
    person_ids: list[int] = []
    if data.get("family_reference"):
        family = queries.get_family_for(principal, data["family_reference"])
        person_ids, people = queries.match_family_members(principal, family, people)
    typed = [
        {
            "given_name": p.get("given_name", ""),
            "family_name": p.get("family_name", ""),
            "date_of_birth": p.get("date_of_birth"),
            "unborn": p.get("unborn", False),
            "role": p.get("role"),
            "notes": p.get("notes", ""),
        }
        for p in people
    ]
    concern = frontdoor.concern_save_who(
        by=principal,
        concern=None,
        expected_version=None,
        family=family,
        person_ids=person_ids,
        new_people=typed,
    )
    concern = frontdoor.concern_save_what(
        by=principal,
        concern=concern,
        expected_version=concern.version,
        data={k: data.get(k, "") for k in WHAT} | {"indicators": []},
    )
    return frontdoor.concern_submit(by=principal, concern=concern, expected_version=concern.version)


def send_notification(principal, data: dict[str, Any]) -> dict[str, Any]:
    child = data["child"]
    person, family = queries.child_for_notification(
        principal, nhs_number=child.get("nhs_number", ""), upn=child.get("upn", "")
    )
    organisation = organisation_of(principal)
    if data["kind"] == "attendance":
        signal = frontdoor.signal_record_attendance(
            by=principal,
            family=family,
            person=person,
            organisation=organisation,
            percent=data["attendance_percent"],
            period_end=data["period_end"],
        )
    else:
        reference = (data.get("source_reference") or "").strip()
        signal = frontdoor.signal_record(
            by=principal,
            family=family,
            person=person,
            kind=data["kind"],
            organisation=organisation,
            occurred_at=data["occurred_at"],
            summary=data["summary"],
            source_reference=f"api:{organisation.pk}:{reference}" if reference else None,
        )
    return {
        "kind": data["kind"],
        "recorded": signal is not None,
        "reference": f"SG-{signal.pk}" if signal is not None else None,
        "received_at": signal.received_at if signal is not None else timezone.now(),
    }

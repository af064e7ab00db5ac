"""The content of each record type, shaped by its versioned schema (the record types and field
names of DfE's SUI custodian stub: `personal.details`, `childrens-services.details` with
keyWorker, dutyContactDetails, teamInvolvement, cscActiveStatusesAndPlans and
childrensServicesReferrals). A change of shape is a new schema version, never an edit of one.

Called by custodian.queries only after the policy enforcement point allowed the disclosure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

import rules
from casework.models import Episode, EpisodeKind
from casework.queries import contact_panel
from organisations.models import Involvement
from people.models import Address, Family, Membership, Person

from .models import SOURCE_TYPES, RecordType

SCHEMAS: dict[str, str] = {
    RecordType.PERSONAL: "personal.details/1",
    RecordType.CHILDRENS_SERVICES: "childrens-services.details/1",
}
REFERRAL_YEARS = 5  # SUI's longest referral summary period
EPISODE_TYPE = {
    EpisodeKind.EARLY_HELP: "early-help",
    EpisodeKind.CHILD_IN_NEED: "child-in-need",
    EpisodeKind.CHILD_PROTECTION: "child-protection",
}
SEX = {"F": "female", "M": "male", "U": "not-known"}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def personal_details(person: Person) -> dict[str, Any]:
    """Who the child is. A confidential address (a refuge) is never given: no address then."""
    today = timezone.localdate()
    addresses = list(Address.objects.filter(person=person).order_by("-moved_in_on", "-pk"))
    current = [a for a in addresses if a.moved_out_on is None or a.moved_out_on >= today]
    address = None
    if current and not any(a.is_confidential for a in addresses):
        a = current[0]
        address = {"line1": a.line_1, "line2": a.line_2, "town": a.town, "postcode": a.postcode}
    return {
        "nhsNumber": person.nhs_number,
        "givenName": person.given_name,
        "familyName": person.family_name,
        "preferredName": person.preferred_name,
        "dateOfBirth": _day(person.date_of_birth),
        "sex": SEX.get(person.sex, "not-known"),
        "address": address,
    }


def _families(person: Person) -> list[Family]:
    rows = Membership.objects.filter(person=person, left_on__isnull=True).select_related("family")
    return [m.family for m in rows.order_by("pk")]


def _key_worker(family: Family | None) -> tuple[dict | None, dict | None]:
    if family is None:
        return None, None
    panel = contact_panel(family)
    key_worker = None
    if panel.arrangement is not None:
        lead = panel.arrangement.lead
        key_worker = {
            "name": lead.name,
            "role": lead.job_title,
            "organisation": lead.organisation.name,
            "phone": lead.phone or lead.mobile,
            "email": lead.email,
        }
    duty = {
        "organisation": key_worker["organisation"] if key_worker else "",
        "phone": panel.team_phone,
        "hub": panel.hub_name,
        "hubEveningWeekendPhone": panel.hub_evening_phone,
    }
    return key_worker, duty


def _out_of_hours() -> dict[str, str]:
    ooh = rules.current("out_of_hours")
    return {"name": ooh.edt_name, "phone": ooh.edt_phone, "hours": ooh.edt_hours}


def _team_involvement(families: list[Family]) -> list[dict]:
    rows = (
        Involvement.objects.active()
        .filter(family__in=families, organisation__org_type__in=SOURCE_TYPES)
        .select_related("organisation", "team")
        .order_by("started_on", "pk")
    )
    return [
        {
            "team": i.team.name if i.team_id else i.organisation.name,
            "organisation": i.organisation.name,
            "role": i.get_role_display(),
            "since": _day(i.started_on),
        }
        for i in rows
    ]


def _statuses(episode: Episode) -> list[dict]:
    e = episode
    found = [(EPISODE_TYPE[e.kind], e.get_kind_display(), e.referral_date)]
    plans = [
        (e.plan_started_on, None, "early-help-plan", "Early help plan"),
        (e.cin_plan_started_on, e.cin_plan_ended_on, "child-in-need-plan", "Child in need plan"),
        (e.s47_started_on, e.s47_ended_on, "section-47-enquiry", "Section 47 enquiry"),
        (
            e.cp_plan_started_on,
            e.cp_plan_ended_on,
            "child-protection-plan",
            "Child protection plan",
        ),
    ]
    found += [(code, label, start) for start, end, code, label in plans if start and not end]
    if e.looked_after:
        found.append(("looked-after", "Looked after", e.looked_after_from))
    return [{"status": code, "label": label, "since": _day(start)} for code, label, start in found]


def childrens_services_details(person: Person) -> dict[str, Any]:
    families = _families(person)
    key_worker, duty = _key_worker(families[0] if families else None)
    episodes = list(Episode.objects.filter(child=person).order_by("-referral_date", "-pk"))
    since = timezone.localdate() - dt.timedelta(days=365 * REFERRAL_YEARS + 1)
    return {
        "keyWorker": key_worker,
        "dutyContactDetails": {
            **(duty or {"organisation": "", "phone": "", "hub": "", "hubEveningWeekendPhone": ""}),
            "outOfHours": _out_of_hours(),
        },
        "teamInvolvement": _team_involvement(families),
        "cscActiveStatusesAndPlans": [
            status for e in episodes if e.closed_on is None for status in _statuses(e)
        ],
        "childrensServicesReferrals": [
            {"date": _day(e.referral_date), "type": EPISODE_TYPE[e.kind]}
            for e in episodes
            if e.referral_date and e.referral_date >= since
        ],
    }


SHAPERS = {
    RecordType.PERSONAL: personal_details,
    RecordType.CHILDRENS_SERVICES: childrens_services_details,
}


def content(record_type: str, person: Person) -> dict[str, Any]:
    return SHAPERS[record_type](person)

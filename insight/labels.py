"""Names for the summary's ids and codes. Teams, agencies and workers are read once per page
(reset() at the start of each build), never once per row."""

from __future__ import annotations

import threading

_cache = threading.local()

CLOCK_ORDER = [
    "assessment",
    "pre_birth_assessment",
    "icpc",
    "first_core_group",
    "core_group",
    "rcpc",
    "cin_review",
    "eh_review",
]


def reset() -> None:
    _cache.names = {}


def _names(kind: str) -> dict[int, str]:
    names = getattr(_cache, "names", None)
    if names is None:
        reset()
        names = _cache.names
    if kind not in names:
        from organisations.models import Organisation, Practitioner, Team

        if kind == "team":
            names[kind] = dict(Team.objects.values_list("pk", "name"))
        elif kind == "agency":
            names[kind] = dict(Organisation.objects.values_list("pk", "name"))
        else:
            names[kind] = dict(Practitioner.objects.values_list("pk", "user__full_name"))
    return names[kind]


def _lookup(kind: str, key, missing: str) -> str:
    try:
        return _names(kind).get(int(key), missing) if key not in (None, "") else missing
    except (TypeError, ValueError):
        return missing


def team(key) -> str:
    return _lookup("team", key, "No team recorded")


def agency(key) -> str:
    return _lookup("agency", key, "Agency not recorded")


def worker(key) -> str:
    return _lookup("worker", key, "Unallocated")


def clock(code: str) -> str:
    from casework.models import ClockKind

    return ClockKind(code).label if code in ClockKind.values else code


def consultation_outcome(code: str) -> str:
    from frontdoor.models import ConsultationOutcome

    return ConsultationOutcome(code).label if code in ConsultationOutcome.values else code


def decision_outcome(code: str) -> str:
    from frontdoor.models import Outcome

    return Outcome(code).label if code in Outcome.values else code


EPISODE_KINDS = {
    "NEW": "New (no other episode)",
    "EH": "Early help",
    "CIN": "Child in need",
    "CP": "Child protection",
    "CLOSED": "Closed",
}


def episode_kind(code: str) -> str:
    return EPISODE_KINDS.get(code, code)


def kept_window(key: str) -> str:
    return {"kept_home_12": "12 months", "kept_home_24": "24 months"}.get(key, key)

"""Reads for information governance: finding a record by its exact reference, the
break-glass review queue, a sealed family's access list, who has looked at a child or family
(the audit look-up) and unusual access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncDate, TruncHour
from django.http import Http404
from django.utils import timezone

import audit
from access import registry
from access.principals import principal_for
from audit.models import AuditEvent, Verb
from familyhub.timefmt import time_text
from organisations.models import Practitioner
from people.identifiers import nhs_number
from people.models import Family, Person
from people.policy import (
    can_manage_access_list,
    can_review_break_glass,
    is_break_glass_access,
)

from .. import policy
from ..models import BreakGlass, BreakGlassReview, RecordAccessGrant
from .names import NamedRecord, records_named  # noqa: F401 - the app's queries


def find_family_by_identifier(identifier: str) -> Family | None:
    """Exact look-up for break-glass and access lists: family reference, LA child ID or NHS
    number. Never fuzzy: emergency access is for a record you can name precisely."""
    value = (identifier or "").strip().upper()
    if not value:
        return None
    family = Family.objects.filter(reference=value).first()
    if family:
        return family
    person = Person.objects.filter(la_child_id=value).first()
    if person is None and nhs_number.is_valid(value):
        person = Person.objects.filter(nhs_number=nhs_number.normalise(value)).first()
    if person is None:
        return None
    membership = person.memberships.filter(left_on__isnull=True).select_related("family").first()
    return membership.family if membership else None


def break_glass_queue(user) -> QuerySet[BreakGlass]:
    if not can_review_break_glass(user):
        raise Http404("Not found")
    qs = BreakGlass.objects.select_related(
        "family", "practitioner__user", "practitioner__organisation", "reviewed_by"
    )
    return qs.filter(policy.break_glass_review_q(principal_for(user))).exclude(
        practitioner__user=user
    )


def get_break_glass_for_review(user, pk) -> BreakGlass:
    glass = (
        break_glass_queue(user).filter(pk=pk, review=BreakGlassReview.PENDING).first()
        if str(pk).isdecimal()
        else None
    )
    if glass is None:
        raise Http404("Not found")
    return glass


def open_break_glass_for(user, family) -> BreakGlass | None:
    if not is_break_glass_access(user, family):
        return None
    p = principal_for(user)
    return policy.open_break_glass(p).filter(family=family).order_by("-expires_at").first()


def access_list(user, family) -> QuerySet[RecordAccessGrant]:
    if not can_manage_access_list(user):
        raise Http404("Not found")
    return RecordAccessGrant.objects.filter(family=family, revoked_at__isnull=True).select_related(
        "practitioner__user", "practitioner__organisation", "granted_by"
    )


def practitioners_for_access_list(user):
    if not can_manage_access_list(user):
        raise Http404("Not found")
    return Practitioner.objects.select_related("user", "organisation")


# --- Who has looked at this child or family (the audit trail, read for IG) -----------------


def _require_ig(user) -> None:
    if not registry.has_capability(user, "can_view_audit"):
        raise Http404("Not found")


def find_subject(user, reference: str):
    """Find a family (by reference) or a person (by LA child ID or NHS number) for an access
    review; a name is looked up with `records_named`."""
    _require_ig(user)
    ref = reference.strip().upper()
    family = Family.objects.filter(reference=ref).first()
    if family:
        return family
    person = Person.objects.filter(la_child_id=ref).first()
    if person is None and nhs_number.is_valid(ref):
        person = Person.objects.filter(nhs_number=nhs_number.normalise(ref)).first()
    return person


def who_has_looked(user, subject) -> QuerySet[AuditEvent]:
    """Every event about a family or a person, newest first. The look-up is itself audited."""
    _require_ig(user)
    if isinstance(subject, Family):
        members = subject.memberships.values_list("person_id", flat=True)
        q = Q(family_id=subject.pk) | Q(person_id__in=list(members))
    else:
        q = Q(person_id=subject.pk) | Q(object_type="people.person", object_id=str(subject.pk))
    audit.record(user, Verb.VIEW, subject, reason="Access review: who has looked at this record")
    return AuditEvent.objects.filter(q).exclude(actor_role="system").order_by("-pk")


# --- Unusual access ---------------------------------------------------------------------------


@dataclass
class UnusualAccess:
    actor_id: int | None
    actor_label: str
    actor_role: str
    reasons: list[str]
    first_at: object


Flag = tuple[int | str | None, str, str, str, object]  # actor key, label, role, reason, when


def _busy_hours(views, rules) -> Iterator[Flag]:
    busy = (
        views.annotate(hour=TruncHour("at"))
        .values("actor_id", "actor_label", "actor_role", "hour")
        .annotate(families=Count("family_id", distinct=True))
        .filter(families__gt=rules["families_per_hour"])
        .order_by("hour")
    )
    for row in busy:
        when = timezone.localtime(row["hour"])
        yield (
            row["actor_id"],
            row["actor_label"],
            row["actor_role"],
            f"looked at {row['families']} different families in the hour from "
            f"{time_text(when)} on {when:%-d %B} (more than {rules['families_per_hour']})",
            row["hour"],
        )


def _night_views(views, rules) -> Iterator[Flag]:
    night = views.annotate(hour=ExtractHour("at", tzinfo=timezone.get_current_timezone()))
    night = night.filter(Q(hour__gte=rules["night_start"]) | Q(hour__lt=rules["night_end"]))
    for row in night.values("actor_id", "actor_label", "actor_role").annotate(
        n=Count("id"), first=Min("at")
    ):
        yield (
            row["actor_id"],
            row["actor_label"],
            row["actor_role"],
            f"looked at family records {row['n']} time{'s' if row['n'] != 1 else ''} between "
            f"{time_text(dt.time(rules['night_start']))} and "
            f"{time_text(dt.time(rules['night_end']))}",
            row["first"],
        )


def _per_day(events, threshold: int) -> QuerySet:
    return (
        events.annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("actor_id", "actor_label", "actor_role", "day")
        .annotate(n=Count("id"), first=Min("at"))
        .filter(n__gt=threshold)
        .order_by("day")
    )


def _refusals(since, rules) -> Iterator[Flag]:
    """Requests refused with a 404 (records not theirs, actions they may not take): attempts
    count, not only what was seen."""
    denied = AuditEvent.objects.filter(at__gte=since, verb=Verb.DENIED)
    for row in _per_day(denied, rules["refusals_per_day"]):
        yield (
            row["actor_id"],
            row["actor_label"],
            row["actor_role"],
            f"was refused {row['n']} times on {row['day']:%-d %B} (records or actions not "
            f"theirs; more than {rules['refusals_per_day']})",
            row["first"],
        )


def _searches(since, rules) -> Iterator[Flag]:
    """Many searches and lists in a day: looking through the register rather than for a child."""
    searches = AuditEvent.objects.filter(at__gte=since, verb__in=[Verb.SEARCH, Verb.LIST])
    for row in _per_day(searches, rules["searches_per_day"]):
        yield (
            row["actor_id"],
            row["actor_label"],
            row["actor_role"],
            f"ran {row['n']} searches or lists on {row['day']:%-d %B} "
            f"(more than {rules['searches_per_day']})",
            row["first"],
        )


def _break_glass_and_lockouts(since) -> Iterator[Flag]:
    for event in AuditEvent.objects.filter(at__gte=since, verb=Verb.BREAK_GLASS):
        yield (
            event.actor_id,
            event.actor_label,
            event.actor_role,
            f"used break-glass on {event.object_label} at "
            f"{time_text(event.at)} on {timezone.localtime(event.at):%-d %B}: “{event.reason}”",
            event.at,
        )
    lockouts = AuditEvent.objects.filter(at__gte=since, verb=Verb.LOCKED_OUT)
    for event in lockouts.exclude(reason__startswith="refused while"):
        email = (event.changes or {}).get("email") or "unknown account"
        key = event.actor_id if event.actor_id else f"email:{email}"
        yield (
            key,
            event.actor_label if event.actor_id else email,
            event.actor_role if event.actor_id else "",
            f"account {email} was {event.reason} at {time_text(event.at)} on "
            f"{timezone.localtime(event.at):%-d %B}",
            event.at,
        )


def _failed_sign_ins(since, rules) -> Iterator[Flag]:
    failures = (
        AuditEvent.objects.filter(at__gte=since, verb=Verb.SIGN_IN_FAILED)
        .annotate(day=TruncDate("at"))
        .values("changes__email", "day")
        .annotate(n=Count("id"), first=Min("at"))
        .filter(n__gt=rules["failed_sign_ins_per_day"])
    )
    for row in failures:
        email = row["changes__email"] or "unknown account"
        yield (
            f"email:{email}",
            email,
            "",
            f"{row['n']} failed sign-ins on {row['day']:%-d %B}",
            row["first"],
        )


def unusual_access(user, *, days: int = 7) -> list[UnusualAccess]:
    """People whose pattern of looking at records stands out, with the reasons in plain words:
    what they saw, and what they tried and were refused. Thresholds are partnership settings
    (FAMILYHUB["UNUSUAL_ACCESS"]); a person decides."""
    _require_ig(user)
    rules = {
        "families_per_hour": 20,
        "failed_sign_ins_per_day": 10,
        "refusals_per_day": 5,
        "searches_per_day": 200,
        "night_start": 22,
        "night_end": 6,
        **settings.FAMILYHUB.get("UNUSUAL_ACCESS", {}),
    }
    since = timezone.now() - dt.timedelta(days=days)
    views = AuditEvent.objects.filter(at__gte=since, verb=Verb.VIEW, family_id__isnull=False)
    flagged: dict[int | str, UnusualAccess] = {}
    for flags in (
        _busy_hours(views, rules),
        _break_glass_and_lockouts(since),
        _night_views(views, rules),
        _refusals(since, rules),
        _searches(since, rules),
        _failed_sign_ins(since, rules),
    ):
        for key, label, role, reason, at in flags:
            key = key if key is not None else f"label:{label}"
            item = flagged.setdefault(
                key, UnusualAccess(key if isinstance(key, int) else None, label, role, [], at)
            )
            item.reasons.append(reason)
            item.first_at = min(item.first_at, at)
    audit.record(user, Verb.LIST, None, changes={"list": "unusual access", "count": len(flagged)})
    return sorted(flagged.values(), key=lambda u: u.first_at, reverse=True)

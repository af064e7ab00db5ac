"""Joined-up early warning: record signals, apply the rule (data, no score) and record the
decision a person makes about the family."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import audit
import rules
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors, links
from frontdoor import policy
from notices.actions import notify
from organisations import policy as org_policy
from organisations.models import Team
from people.actions import chronicle

from .. import messages as msg
from ..models import Concern, EarlyWarning, Signal, WarningDecision, WarningStatus
from . import _common as c
from .decisions import team_named


def _when_text(at: dt.datetime) -> str:
    return f"{timezone.localtime(at):%-d %B %Y}"


def reasons_for(signals, ew_rules: rules.EarlyWarningRules) -> list[dict]:
    """Plain reasons: each signal, from whom, when – oldest first."""
    return [
        {
            "signal": s.pk,
            "kind": s.kind,
            "label": ew_rules.kind_label(s.kind),
            "organisation": s.organisation.name,
            "recorded_by": s.recorded_by_label,
            "when": s.occurred_at.isoformat(),
            "when_text": _when_text(s.occurred_at),
            "summary": s.summary,
        }
        for s in sorted(signals, key=lambda s: (s.occurred_at, s.pk))
    ]


@action
def signal_record(
    *,
    by,
    family,
    kind: str,
    organisation,
    occurred_at: dt.datetime,
    summary: str,
    person=None,
    source_reference: str | None = None,
    concern: Concern | None = None,
    ew_rules: rules.EarlyWarningRules | None = None,
) -> Signal:
    """Record one agency's smaller worry about a family and apply the early-warning rule.
    A notification already recorded (same source reference) is not recorded twice."""
    permit(policy.can_record_signal(by, family))
    ew_rules = ew_rules or rules.current("early_warning")
    if kind not in dict(ew_rules.signal_kinds):
        raise errors.RuleViolation(
            msg.SIGNAL_KIND_UNKNOWN, field_errors={"kind": [msg.SIGNAL_KIND_UNKNOWN]}
        )
    if source_reference:
        existing = Signal.objects.filter(source_reference=source_reference).first()
        if existing is not None:
            return existing
    signal = Signal.objects.create(
        family=family,
        person=person,
        kind=kind,
        organisation=organisation,
        recorded_by=by.user,
        recorded_by_label=by.label,
        occurred_at=occurred_at,
        summary=summary.strip()[:500],
        received_at=timezone.now(),
        source_reference=source_reference or None,
        concern=concern,
    )
    audit.record(
        by,
        Verb.CREATE,
        signal,
        family=family,
        person=person,
        changes={"kind": kind, "organisation": organisation.name},
    )
    evaluate_family(by=by, family=family, ew_rules=ew_rules)
    return signal


@action
def signal_from_concern(*, by, concern: Concern) -> Signal | None:
    if concern.family_id is None or concern.raised_by_organisation_id is None:
        return None
    return signal_record(
        by=by,
        family=concern.family,
        kind="concern",
        organisation=concern.raised_by_organisation,
        occurred_at=concern.sent_at or timezone.now(),
        summary=f"Concern {concern.reference} raised with the front door",
        concern=concern,
    )


@action
def signal_record_attendance(
    *,
    by,
    family,
    person,
    organisation,
    percent: float,
    period_end: dt.date,
    ew_rules: rules.EarlyWarningRules | None = None,
) -> Signal | None:
    """A school's attendance figure: a signal only when below the threshold (rules file)."""
    ew_rules = ew_rules or rules.current("early_warning")
    if percent >= ew_rules.attendance_threshold_percent:
        return None
    occurred = dt.datetime.combine(period_end, dt.time(12, 0), tzinfo=dt.UTC)
    return signal_record(
        by=by,
        family=family,
        person=person,
        kind="attendance",
        organisation=organisation,
        occurred_at=occurred,
        summary=f"{person.full_name}'s attendance is {percent:g}% "
        f"(below {ew_rules.attendance_threshold_percent:g}%) to {period_end:%-d %B %Y}",
        source_reference=f"attendance:{organisation.pk}:{person.pk}:{period_end.isoformat()}",
        ew_rules=ew_rules,
    )


def _in_window(family, now: dt.datetime, ew_rules: rules.EarlyWarningRules):
    since = now - dt.timedelta(days=ew_rules.window_days)
    return list(
        Signal.objects.filter(family=family, occurred_at__gte=since, occurred_at__lte=now)
        .select_related("organisation")
        .order_by("occurred_at", "pk")
    )


def rule_fires(signals, ew_rules: rules.EarlyWarningRules) -> bool:
    return len({s.organisation_id for s in signals}) >= ew_rules.min_agencies


def _team_for(family) -> Team | None:
    rule = rules.current("routing").route(
        outcome="early_help", locality=family.locality or "", level=None, need=""
    )
    return team_named(rule.team) if rule else None


@action
def evaluate_family(
    *, by, family, now: dt.datetime | None = None, ew_rules: rules.EarlyWarningRules | None = None
) -> EarlyWarning | None:
    """Apply the rule to one family. An open warning gathers new signals; a family already
    decided is surfaced again only when a signal arrives that no warning has listed yet."""
    ew_rules = ew_rules or rules.current("early_warning")
    now = now or timezone.now()
    signals = _in_window(family, now, ew_rules)
    if not rule_fires(signals, ew_rules):
        return None
    listed = set(
        Signal.objects.filter(family=family, early_warnings__isnull=False).values_list(
            "pk", flat=True
        )
    )
    open_warning = EarlyWarning.objects.filter(family=family, status=WarningStatus.OPEN).first()
    if open_warning is not None:
        new = [
            s for s in signals if s.pk not in set(open_warning.signals.values_list("pk", flat=True))
        ]
        if new:
            open_warning.signals.add(*new)
            reasons = reasons_for(open_warning.signals.select_related("organisation"), ew_rules)
            bump(open_warning, open_warning.version, msg.STALE_CONTACT, {"reasons": reasons})
            audit.record(
                by, Verb.UPDATE, open_warning, family=family, changes={"signals_added": len(new)}
            )
        return open_warning
    if all(s.pk in listed for s in signals):
        return None
    warning = EarlyWarning.objects.create(
        family=family,
        rule_version=ew_rules.version,
        window_days=ew_rules.window_days,
        min_agencies=ew_rules.min_agencies,
        fired_at=now,
        reasons=reasons_for(signals, ew_rules),
        team=_team_for(family),
    )
    warning.signals.set(signals)
    audit.record(
        by,
        Verb.CREATE,
        warning,
        family=family,
        changes={
            "rule_version": ew_rules.version,
            "signals": len(signals),
            "agencies": len({s.organisation_id for s in signals}),
        },
    )
    _tell_managers(warning)
    return warning


def _tell_managers(warning: EarlyWarning) -> None:
    managers = org_policy.team_managers([warning.team_id] if warning.team_id else None)
    agencies = sorted({r["organisation"] for r in warning.reasons})
    for manager in {p.user for p in managers}:
        notify(
            recipient=manager,
            subject=f"Joined-up early warning: {warning.family.name}",
            body=f"{len(agencies)} agencies have each raised a worry within "
            f"{warning.window_days} days: {', '.join(agencies)}. Please look and decide.",
            link=links.ref(warning),
            kind="frontdoor_early_warning",
        )


@action
def early_warning_decide(
    *, by, warning: EarlyWarning, expected_version: int, decision: str, reason: str
) -> EarlyWarning:
    """A person decides what happens, with reasons; 'contact' sends the family to the front
    door carrying every signal."""
    permit(policy.can_decide_early_warning(by, warning))
    warning = c.decide_once(
        EarlyWarning,
        warning,
        expected_version=expected_version,
        open_status=WarningStatus.OPEN,
        not_open=msg.WARNING_NOT_OPEN,
        answers=(
            ("decision", decision in WarningDecision.values, msg.WARNING_DECISION_REQUIRED),
            ("reason", reason.strip(), msg.WARNING_REASON_REQUIRED),
        ),
        fields={
            "status": WarningStatus.DECIDED,
            "decision": decision,
            "decision_reason": reason.strip(),
            "decided_by": by.user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        by,
        Verb.UPDATE,
        warning,
        family=warning.family,
        changes={"status": ["open", "decided"], "decision": decision},
        reason=reason.strip()[:500],
    )
    if decision == WarningDecision.CONTACT:
        from .contacts import contact_from_early_warning

        contact = contact_from_early_warning(by=by, warning=warning)
        EarlyWarning.objects.filter(pk=warning.pk).update(contact=contact)
        warning.refresh_from_db()
    chronicle(
        by=by,
        family=warning.family,
        kind="early_warning_decided",
        summary=f"Joined-up early warning reviewed by {c.who(by)}: "
        f"{WarningDecision(decision).label.lower()}",
    )
    return warning

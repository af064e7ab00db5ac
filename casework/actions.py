"""Writes for working with the family. Every action: keyword-only, `by` is the acting user (or a
named system process for the daily reminders), checks access.policy, validates, writes, records
the audit event and the chronology entry, all in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

import audit
import codelists
from access import policy
from audit.models import Verb
from familyhub import errors
from notices.actions import notify
from organisations.models import Involvement, InvolvementRole, Practitioner, Role
from people.actions import chronicle
from people.models import Family, Membership, Person

from . import machines
from . import messages as msg
from .models import (
    Absence,
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentPersonNote,
    AssessmentStatus,
    CaseNote,
    ClockKind,
    Episode,
    EpisodeTransition,
    FamilyPlan,
    Goal,
    GoalScore,
    Meeting,
    MeetingKind,
    PlanAction,
    StatutoryClock,
    StepDown,
    StepUp,
)
from .rules import timescales

SYSTEM = "casework reminders"

FIELD_LABELS = {
    "referral_date": "the referral date",
    "referral_source": "referral source",
    "primary_need": "primary need",
    "strategy_discussion_on": "the date of the strategy discussion",
    "closed_on": "the closure date",
    "closure_reason": "the reason for closure",
    "eh_closure_reason": "the reason for closure",
    "consent_given_on": "the date the family consented",
    "allocated_to": "the lead practitioner",
    "assessment_started_on": "the date the assessment started",
    "assessment_completed_on": "the date the assessment was completed",
    "assessment_authorised_on": "the date the assessment was authorised",
    "assessment_factors": "the factors identified at assessment",
    "assessment_late_reason": "why the assessment took longer",
    "plan_started_on": "the date the family plan was agreed",
    "cin_plan_started_on": "the date the child in need plan started",
    "cin_plan_ended_on": "the date the child in need plan ended",
    "s47_started_on": "the date the section 47 enquiry started",
    "s47_ended_on": "the date the section 47 enquiry ended",
    "icpc_planned_on": "the date of the initial conference",
    "icpc_on": "the date the initial conference was held",
    "cp_plan_started_on": "the date the child protection plan started",
    "cp_plan_ended_on": "the date the child protection plan ended",
    "cp_category_initial": "the category of abuse",
    "cp_category_latest": "the latest category of abuse",
    "rcpc_on": "the date of the review conference",
}


def _label(name: str) -> str:
    text = FIELD_LABELS.get(name, name.replace("_", " "))
    return text[0].upper() + text[1:]


def _require(allowed: bool) -> None:
    if not allowed:
        raise errors.NotPermitted("You do not have access to do this.")


def _practitioner(user) -> Practitioner | None:
    if isinstance(user, str):
        return None
    return Practitioner.objects.filter(user=user).select_related("team", "organisation").first()


def _today() -> dt.date:
    return timezone.localdate()


def _when(day: dt.date | None) -> dt.datetime:
    """A chronology time for something that happened on `day` (now, if it is today)."""
    if day is None or day == _today():
        return timezone.now()
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=timezone.get_current_timezone())


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Errors:
    """Collects field errors and raises them together, so a form shows every problem at once."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields.values()))[0]
            raise errors.RuleViolation(first, field_errors=self.fields)


def _is_current_child(family: Family, child: Person) -> bool:
    return Membership.objects.filter(
        family=family, person=child, role="child", left_on__isnull=True
    ).exists()


def _is_member(family: Family, person: Person) -> bool:
    return Membership.objects.filter(family=family, person=person, left_on__isnull=True).exists()


def _check_date(errs, name, value, *, child, referral=None):
    """The CIN census date rules: not in the future, not before the referral (or birth), not
    after death."""
    if value is None:
        return
    label = _label(name)
    if value > _today():
        errs.add(name, msg.DATE_IN_FUTURE.format(label=label))
    if referral and value < referral:
        errs.add(
            name, msg.DATE_BEFORE_REFERRAL.format(label=label, referral=f"{referral:%-d %B %Y}")
        )
    if child.date_of_death and value > child.date_of_death:
        errs.add(
            name, msg.DATE_AFTER_DEATH.format(label=label, died=f"{child.date_of_death:%-d %B %Y}")
        )
    if child.date_of_birth and value < child.date_of_birth and name == "referral_date":
        errs.add(name, msg.DATE_BEFORE_BIRTH.format(label=label))


def _check_code(errs, name, list_name, code, on=None):
    if not code:
        errs.add(name, msg.REQUIRED.format(label=FIELD_LABELS.get(name, name)))
    elif code not in dict(codelists.choices(list_name, on=on)):
        errs.add(name, msg.BAD_CODE.format(label=FIELD_LABELS.get(name, name)))


# --- Clocks


def _open_clock(episode: Episode, kind: str, starts_on: dt.date, due_on: dt.date):
    return StatutoryClock.objects.create(
        episode=episode,
        family_id=episode.family_id,
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        rules_version=timescales().version,
    )


def _meet_clocks(episode: Episode, kinds, on: dt.date, late_reason: str = "") -> None:
    StatutoryClock.objects.running().filter(episode=episode, kind__in=list(kinds)).update(
        met_on=on, late_reason=late_reason
    )


def _stop_clocks(episode: Episode, on: dt.date, kinds=None) -> None:
    clocks = StatutoryClock.objects.running().filter(episode=episode)
    if kinds is not None:
        clocks = clocks.filter(kind__in=list(kinds))
    clocks.update(stopped_on=on)


# --- Episodes


def _open_episode_of(child: Person, kind: str) -> Episode | None:
    return Episode.objects.open().filter(child=child, kind=kind).first()


def is_re_referral(child: Person, referral_date: dt.date, *, exclude=None) -> bool:
    """A referral within the window (12 months) after an earlier episode for the child closed
    (including a step-down to early help, which closes the CSC episode)."""
    start = timescales().re_referral_window_start(referral_date)
    earlier = Episode.objects.filter(
        child=child, kind="CIN", closed_on__gte=start, closed_on__lte=referral_date
    )
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude.pk)
    return earlier.exists()


@transaction.atomic
def episode_open(
    *, by, family: Family, child: Person, kind: str, data: dict[str, Any], note: str = ""
) -> Episode:
    """Open an episode for one child, applying the CIN census rules at entry."""
    if kind not in machines.STATES:
        raise errors.RuleViolation(msg.STEP_UNKNOWN)
    _require(policy.can_change_episode(by, family, machines.OPEN_ROLES[kind]))
    child = Person.objects.get(pk=child.pk)  # the stored dates, not a caller's copy
    errs = _Errors()
    if not _is_current_child(family, child):
        errs.add("child", msg.NOT_A_CHILD_OF_FAMILY)
        errs.raise_if_any()
    existing = _open_episode_of(child, kind)
    if existing is not None:
        since = existing.referral_date or existing.strategy_discussion_on or existing.created_at
        errs.add(
            "child",
            msg.OPEN_EPISODE_EXISTS.format(
                child=child.full_name, kind=kind, since=f"{since:%-d %B %Y}"
            ),
        )
    fields: dict[str, Any] = {}
    parent = None
    referral = data.get("referral_date")
    if kind in ("CIN", "EH"):
        if referral is None:
            errs.add("referral_date", msg.REQUIRED.format(label=FIELD_LABELS["referral_date"]))
        _check_date(errs, "referral_date", referral, child=child)
        fields["referral_date"] = referral
    if kind == "CIN":
        _check_code(
            errs, "referral_source", "referral_source", data.get("referral_source"), referral
        )
        _check_code(errs, "primary_need", "primary_need", data.get("primary_need"), referral)
        fields["referral_source"] = data.get("referral_source") or ""
        fields["primary_need"] = data.get("primary_need") or ""
    if kind == "CP":
        parent = _open_episode_of(child, "CIN")
        if parent is None:
            errs.add("child", msg.CP_NEEDS_CIN.format(child=child.full_name))
        sd = data.get("strategy_discussion_on")
        if sd is None:
            errs.add(
                "strategy_discussion_on",
                msg.REQUIRED.format(label=FIELD_LABELS["strategy_discussion_on"]),
            )
        _check_date(
            errs,
            "strategy_discussion_on",
            sd,
            child=child,
            referral=parent.referral_date if parent else None,
        )
        fields.update(
            strategy_discussion_on=sd,
            referral_date=parent.referral_date if parent else None,
            previous_cp_plans=Episode.objects.filter(
                child=child, kind="CP", cp_plan_started_on__isnull=False
            ).count(),
        )
    errs.raise_if_any()

    practitioner = _practitioner(by)
    allocated = data.get("allocated_to")
    episode = Episode.objects.create(
        family=family,
        child=child,
        kind=kind,
        state=machines.INITIAL[kind],
        parent=parent,
        team=_episode_team(allocated, practitioner),
        allocated_to=allocated,
        is_re_referral=kind == "CIN" and is_re_referral(child, referral),
        rules_version=timescales().version,
        **fields,
    )
    EpisodeTransition.objects.create(
        episode=episode,
        event="open",
        from_state="",
        to_state=episode.state,
        occurred_on=referral or fields.get("strategy_discussion_on") or _today(),
        by=by,
        note=note,
        data={k: _plain(v) for k, v in fields.items()},
        rules_version=timescales().version,
    )
    if kind == "CIN":
        ts = timescales()
        _open_clock(episode, ClockKind.ASSESSMENT, referral, ts.assessment_due(referral))
    audit.record(
        by,
        Verb.CREATE,
        episode,
        family=family,
        person=child,
        changes={k: [None, _plain(v)] for k, v in fields.items() if v not in (None, "")},
    )
    summary = {
        "EH": f"Early help episode opened for {child.full_name}",
        "CIN": f"Child in need referral for {child.full_name}",
        "CP": f"Strategy discussion for {child.full_name}: child protection episode opened",
    }[kind]
    detail = []
    if kind == "CIN":
        detail.append(
            f"Referral source: {codelists.label('referral_source', fields['referral_source'])}"
        )
        detail.append(
            f"Primary need: {fields['primary_need']} "
            + codelists.label("primary_need", fields["primary_need"])
        )
        if episode.is_re_referral:
            detail.append("Re-referral: an earlier episode closed within the last 12 months")
    if note:
        detail.append(note)
    chronicle(
        by=by,
        family=family,
        person=child,
        kind=f"episode_{kind.lower()}",
        summary=summary,
        detail="\n".join(detail),
        significant=kind != "EH",
        occurred_at=_when(referral or fields.get("strategy_discussion_on")),
    )
    return episode


def _episode_team(allocated, opener):
    """The team that holds the work: the allocated worker's, else the opener's (the front door
    hands work on, so a referral it opens is unallocated until a manager allocates it)."""
    if allocated is not None:
        return allocated.team
    if opener is not None and opener.role != Role.FRONT_DOOR:
        return opener.team
    return None


def _kind_word(episode: Episode) -> str:
    return {"EH": "early help", "CIN": "child in need", "CP": "child protection"}[episode.kind]


def _agreed_at_words(agreed_at: str) -> str:
    if agreed_at == "cin_review":
        return "a child in need review"
    return "assessment closure (RC9)"


def _event_date(t: machines.Transition, data: dict) -> dt.date:
    for name in machines.DATE_FIELDS:
        if name in t.requires and data.get(name):
            return data[name]
    return _today()


def _validate_step(episode: Episode, t: machines.Transition, data: dict) -> None:
    errs = _Errors()
    child = episode.child
    for name in t.requires:
        value = data.get(name)
        if name == "closure_reason" and not value and data.get("closed_on"):
            errs.add(name, msg.CLOSURE_NEEDS_REASON)
        elif name == "closed_on" and not value and data.get("closure_reason"):
            errs.add(name, msg.CLOSURE_NEEDS_DATE)
        elif name == "assessment_factors":
            if not value:
                errs.add(name, msg.FACTORS_REQUIRED)
        elif value in (None, "", []):
            errs.add(name, msg.REQUIRED.format(label=FIELD_LABELS.get(name, name)))
    referral = episode.referral_date or (episode.parent.referral_date if episode.parent else None)
    for name in machines.DATE_FIELDS:
        if name in data and (name in t.requires or name in t.optional):
            _check_date(errs, name, data.get(name), child=child, referral=referral)

    def order(name, earlier_name, earlier):
        value = data.get(name)
        if value and earlier and value < earlier:
            errs.add(
                name,
                msg.DATE_ORDER.format(
                    label=_label(name),
                    other_label=FIELD_LABELS[earlier_name],
                    other=f"{earlier:%-d %B %Y}",
                ),
            )

    order("assessment_authorised_on", "assessment_started_on", episode.assessment_started_on)
    order("assessment_completed_on", "assessment_started_on", episode.assessment_started_on)
    order("cin_plan_ended_on", "cin_plan_started_on", episode.cin_plan_started_on)
    order("s47_started_on", "strategy_discussion_on", episode.strategy_discussion_on)
    order("s47_ended_on", "s47_started_on", episode.s47_started_on)
    order("icpc_on", "strategy_discussion_on", episode.strategy_discussion_on)
    order("icpc_planned_on", "strategy_discussion_on", episode.strategy_discussion_on)
    order(
        "closed_on",
        "assessment_started_on",
        episode.assessment_started_on if episode.kind == "CIN" else None,
    )

    # Codes
    if t.event == "close" and episode.kind == "CIN" or t.event == "nfa_at_referral":
        reason = data.get("closure_reason")
        if reason:
            _check_code(errs, "closure_reason", "closure_reason", reason, data.get("closed_on"))
            if reason in ("RC8", "RC9") and not episode.assessment_started_on:
                errs.add("closure_reason", msg.RC8_RC9_NEED_ASSESSMENT)
            if episode.assessment_factors == ["21"] and reason not in ("RC8", "RC9"):
                errs.add("closure_reason", msg.FACTOR_21_CLOSURE)
    if t.event == "close" and episode.kind == "EH":
        reason = data.get("eh_closure_reason")
        if reason and reason not in dict(machines.EH_CLOSURE_REASONS):
            errs.add("eh_closure_reason", msg.BAD_CODE.format(label="reason for closure"))
    factors = data.get("assessment_factors") or []
    if t.event == "authorise_assessment" and factors:
        in_force = dict(
            codelists.choices("assessment_factor", on=data.get("assessment_authorised_on"))
        )
        if any(f not in in_force for f in factors):
            errs.add("assessment_factors", msg.BAD_CODE.format(label="factor"))
        if "21" in factors and len(factors) > 1:
            errs.add("assessment_factors", msg.FACTOR_21_ALONE)
        clock = (
            StatutoryClock.objects.running()
            .filter(episode=episode, kind=ClockKind.ASSESSMENT)
            .first()
        )
        authorised = data.get("assessment_authorised_on")
        if (
            clock
            and authorised
            and authorised > clock.due_on
            and not (data.get("assessment_late_reason") or "").strip()
        ):
            errs.add(
                "assessment_late_reason",
                msg.ASSESSMENT_LATE_REASON.format(due=f"{clock.due_on:%-d %B %Y}"),
            )
    for name in ("cp_category_initial", "cp_category_latest"):
        if data.get(name):
            _check_code(errs, name, "abuse_category", data[name])
    if (
        t.event == "start_cin_plan"
        and Episode.objects.open().filter(child=child, kind="CP", state="cp_plan").exists()
    ):
        errs.add("cin_plan_started_on", msg.NO_CIN_PLAN_WITH_CP.format(child=child.full_name))
    if t.event == "icpc_plan":
        if (
            data.get("cp_plan_started_on")
            and data.get("icpc_on")
            and data["cp_plan_started_on"] != data["icpc_on"]
        ):
            errs.add("cp_plan_started_on", msg.CP_PLAN_ON_ICPC)
        running_cin = Episode.objects.open().filter(child=child, kind="CIN", state="cin_plan")
        if running_cin.exists():
            errs.add("cp_plan_started_on", msg.NO_CP_PLAN_WITH_CIN.format(child=child.full_name))
    if t.event in ("rcpc_continue", "rcpc_end_plan"):
        start = episode.cp_plan_started_on
        if data.get("rcpc_on") and start and data["rcpc_on"] <= start:
            errs.add("rcpc_on", msg.CP_REVIEW_AFTER_START.format(start=f"{start:%-d %B %Y}"))
    if t.event == "rcpc_end_plan":
        end = data.get("cp_plan_ended_on")
        if end and episode.cp_plan_started_on and end <= episode.cp_plan_started_on:
            errs.add("cp_plan_ended_on", msg.CP_PLAN_SAME_DAY)
    errs.raise_if_any()


def _apply_step(*, by, episode: Episode, t: machines.Transition, data: dict, note: str) -> Episode:
    """Write one step (already permitted and validated): fields, clocks, transition row."""
    ts = timescales()
    before_state = episode.state
    updates: dict[str, Any] = dict(t.sets)
    for name in t.requires + t.optional:
        if name in ("rcpc_on", "eh_closure_reason"):
            continue
        if name in data:
            value = data[name]
            updates[name] = value if value is not None else updates.get(name)
    if "allocated_to" in updates:
        updates["team"] = updates["allocated_to"].team if updates["allocated_to"] else episode.team
    if data.get("rcpc_on"):
        updates["last_rcpc_on"] = data["rcpc_on"]
    closing = t.target == machines.CLOSED
    day = _event_date(t, data)
    if closing:
        updates["closed_on"] = data.get("closed_on") or day
        updates["closure_reason"] = (
            data.get("closure_reason") or data.get("eh_closure_reason") or t.closure_reason
        )
        if episode.state == "cin_plan":
            updates["cin_plan_ended_on"] = updates["closed_on"]
        if t.event == "rcpc_end_plan":
            updates["closed_on"] = data["cp_plan_ended_on"]
    if t.event == "icpc_no_plan":
        updates["s47_ended_on"] = episode.s47_ended_on or data["icpc_on"]
    rows = Episode.objects.filter(pk=episode.pk, version=episode.version).update(
        **updates, state=t.target, version=F("version") + 1, updated_at=timezone.now()
    )
    if not rows:
        raise errors.StaleVersion(msg.STALE_EPISODE, current=Episode.objects.get(pk=episode.pk))
    episode.refresh_from_db()

    # Clocks
    e = episode
    if t.event == "nfa_at_referral":
        _stop_clocks(e, e.closed_on)
    elif t.event == "authorise_assessment":
        _meet_clocks(
            e, [ClockKind.ASSESSMENT], e.assessment_authorised_on, e.assessment_late_reason
        )
    elif t.event == "start_cin_plan":
        _open_clock(
            e, ClockKind.CIN_REVIEW, e.cin_plan_started_on, ts.cin_review_due(e.cin_plan_started_on)
        )
    elif t.event == "end_cin_plan":
        _stop_clocks(e, e.cin_plan_ended_on, [ClockKind.CIN_REVIEW])
    elif t.event == "start_s47":
        _open_clock(
            e, ClockKind.ICPC, e.strategy_discussion_on, ts.icpc_due(e.strategy_discussion_on)
        )
    elif t.event == "icpc_no_plan":
        _meet_clocks(e, [ClockKind.ICPC], e.icpc_on)
    elif t.event == "icpc_plan":
        _meet_clocks(e, [ClockKind.ICPC], e.icpc_on)
        _open_clock(e, ClockKind.FIRST_CORE_GROUP, e.icpc_on, ts.first_core_group_due(e.icpc_on))
        _open_clock(e, ClockKind.RCPC, e.icpc_on, ts.first_rcpc_due(e.icpc_on))
    elif t.event in ("rcpc_continue", "rcpc_end_plan"):
        _meet_clocks(e, [ClockKind.RCPC], data["rcpc_on"])
        if t.event == "rcpc_continue":
            _open_clock(e, ClockKind.RCPC, data["rcpc_on"], ts.later_rcpc_due(data["rcpc_on"]))
    elif t.event == "complete_assessment":
        _open_clock(e, ClockKind.EH_REVIEW, e.plan_started_on, ts.eh_review_due(e.plan_started_on))
    if closing:
        _stop_clocks(e, e.closed_on)

    EpisodeTransition.objects.create(
        episode=e,
        event=t.event,
        from_state=before_state,
        to_state=t.target,
        occurred_on=day,
        by=by,
        note=note,
        data={k: _plain(v) for k, v in data.items() if v not in (None, "", [])},
        rules_version=ts.version,
    )
    audit.record(
        by,
        Verb.UPDATE,
        e,
        family=e.family,
        person=e.child,
        reason=note[:500],
        changes={
            "state": [before_state, t.target],
            **{k: [None, _plain(v)] for k, v in updates.items() if k != "team"},
        },
    )
    detail = [note] if note else []
    if e.assessment_factors and t.event == "authorise_assessment":
        detail.append(
            "Factors: "
            + ", ".join(
                f"{c} {codelists.label('assessment_factor', c)}" for c in e.assessment_factors
            )
        )
    if closing and e.closure_reason:
        detail.append("Reason: " + machines.closure_label(e.closure_reason))
    chronicle(
        by=by,
        family=e.family,
        person=e.child,
        kind=f"episode_{e.kind.lower()}",
        summary=f"{e.child.full_name} ({_kind_word(e)}): {t.label[0].lower()}{t.label[1:]}",
        detail="\n".join(detail),
        significant=e.kind != "EH" or closing,
        occurred_at=_when(day),
    )
    return e


@transaction.atomic
def episode_transition(
    *, by, episode: Episode, event: str, expected_version: int, data: dict[str, Any], note: str = ""
) -> Episode:
    """Make one step of the episode's state machine, if its table allows it."""
    t = machines.transition(episode.kind, event)
    if t is None:
        raise errors.RuleViolation(msg.STEP_UNKNOWN)
    _require(policy.can_change_episode(by, episode.family, t.roles))
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    if current.version != expected_version:
        raise errors.StaleVersion(msg.STALE_EPISODE, current=current)
    if current.state not in t.sources:
        raise errors.RuleViolation(
            msg.STEP_NOT_ALLOWED.format(
                step=t.label, state=machines.state_label(current.kind, current.state)
            )
        )
    _validate_step(current, t, data)
    return _apply_step(by=by, episode=current, t=t, data=data, note=note)


@transaction.atomic
def episode_mark_looked_after(
    *, by, episode: Episode, from_on: dt.date, legal_status: str = ""
) -> Episode:
    _require(policy.can_change_episode(by, episode.family, machines.SW))
    errs = _Errors()
    _check_date(
        errs, "looked_after_from", from_on, child=episode.child, referral=episode.referral_date
    )
    errs.raise_if_any()
    Episode.objects.filter(pk=episode.pk).update(
        looked_after=True,
        looked_after_from=from_on,
        looked_after_legal_status=legal_status,
        version=F("version") + 1,
    )
    episode.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        episode,
        family=episode.family,
        person=episode.child,
        changes={"looked_after": [False, True], "looked_after_from": [None, from_on.isoformat()]},
    )
    chronicle(
        by=by,
        family=episode.family,
        person=episode.child,
        kind="looked_after",
        summary=f"{episode.child.full_name} became looked after",
        significant=True,
        occurred_at=_when(from_on),
    )
    return episode


def _ensure_involvement(family, practitioner, role, notes="") -> Involvement:
    existing = (
        Involvement.objects.active()
        .filter(family=family, practitioner=practitioner, role=role)
        .first()
    )
    if existing:
        return existing
    return Involvement.objects.create(
        family=family,
        organisation=practitioner.organisation,
        practitioner=practitioner,
        team=practitioner.team,
        role=role,
        started_on=_today(),
        notes=notes,
    )


def _end_involvements(qs, reason: str) -> None:
    today = _today()
    for inv in qs:
        Involvement.objects.filter(pk=inv.pk).update(
            ended_on=max(today, inv.started_on), end_reason=reason
        )


@transaction.atomic
def episode_allocate(*, by, episode: Episode, practitioner: Practitioner) -> Episode:
    """A manager allocates the episode to a worker in one action."""
    _require(policy.can_allocate_episode(by, episode))
    before = episode.allocated_to
    Episode.objects.filter(pk=episode.pk).update(
        allocated_to=practitioner,
        team=practitioner.team or episode.team,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    episode.refresh_from_db()
    role = InvolvementRole.FAMILY_WORKER if episode.kind == "EH" else InvolvementRole.SOCIAL_WORKER
    if practitioner.role == Role.SOCIAL_WORKER and episode.kind == "EH":
        role = InvolvementRole.SOCIAL_WORKER
    _ensure_involvement(episode.family, practitioner, role)
    audit.record(
        by,
        Verb.UPDATE,
        episode,
        family=episode.family,
        person=episode.child,
        changes={"allocated_to": [str(before) if before else None, str(practitioner)]},
    )
    chronicle(
        by=by,
        family=episode.family,
        person=episode.child,
        kind="allocation",
        summary=f"{episode} allocated to {practitioner.name} ({practitioner.organisation.name})",
    )
    notify(
        recipient=practitioner.user,
        subject=f"Allocated to you: {episode}",
        body=f"{policy.principal_for(by).label} allocated this work to you.",
        link=f"/episodes/{episode.pk}/",
        kind="allocation",
        family=episode.family,
    )
    return episode


# --- Lead practitioner, cover and absence


@transaction.atomic
def lead_assign(
    *,
    by,
    family: Family,
    lead: Practitioner,
    cover: Practitioner | None,
    family_say: str,
    family_say_note: str = "",
    handover_reason: str = "",
    handover_note: str = "",
    family_told_on: dt.date | None = None,
    family_told_how: str = "",
    _system_ok: bool = False,
):
    """Name the lead practitioner (from any agency) and their cover, with the family's say. If
    someone else leads now, this is a handover: it needs a reason, a note, and the family told."""
    from .models import FamilySay, LeadArrangement

    if not _system_ok:
        _require(policy.can_record_casework(by, family))
    errs = _Errors()
    if cover is not None and cover.pk == lead.pk:
        errs.add("cover", msg.COVER_IS_LEAD)
    if family_say not in FamilySay.values:
        errs.add("family_say", msg.REQUIRED.format(label="the family's say"))
    current = (
        LeadArrangement.objects.select_for_update()
        .filter(family=family, ended_on__isnull=True)
        .first()
    )
    handover = current is not None and current.lead_id != lead.pk
    if handover:
        for name, value, label in (
            ("handover_reason", handover_reason, "the reason"),
            ("handover_note", handover_note, "a handover note"),
            ("family_told_how", family_told_how, "how the family were told"),
        ):
            if not (value or "").strip():
                errs.add(name, msg.HANDOVER_NEEDS.format(label=label))
        if family_told_on is None:
            errs.add("family_told_on", msg.HANDOVER_NEEDS.format(label="when the family were told"))
        elif family_told_on > _today():
            errs.add(
                "family_told_on", msg.DATE_IN_FUTURE.format(label="The date the family were told")
            )
    errs.raise_if_any()
    today = _today()
    if current is not None:
        LeadArrangement.objects.filter(pk=current.pk).update(
            ended_on=today,
            handover_reason=handover_reason if handover else "Cover or family's say changed",
            handover_note=handover_note,
        )
        if handover:
            _end_involvements(
                Involvement.objects.active().filter(
                    family=family,
                    practitioner_id=current.lead_id,
                    role=InvolvementRole.LEAD_PRACTITIONER,
                ),
                f"Handed over to {lead.name}",
            )
        if current.cover_id and (cover is None or current.cover_id != cover.pk):
            _end_involvements(
                Involvement.objects.active().filter(
                    family=family,
                    practitioner_id=current.cover_id,
                    role=InvolvementRole.OTHER,
                    notes__startswith="Covers for",
                ),
                "No longer covering",
            )
    arrangement = LeadArrangement.objects.create(
        family=family,
        lead=lead,
        cover=cover,
        family_say=family_say,
        family_say_note=family_say_note,
        started_on=today,
        family_told_on=family_told_on,
        family_told_how=family_told_how,
        recorded_by=by,
    )
    _ensure_involvement(family, lead, InvolvementRole.LEAD_PRACTITIONER)
    if cover is not None:
        _ensure_involvement(
            family, cover, InvolvementRole.OTHER, "Covers for the lead practitioner"
        )
    audit.record(
        by,
        Verb.CREATE,
        arrangement,
        family=family,
        reason=handover_reason,
        changes={
            "lead": [str(current.lead) if current else None, str(lead)],
            "cover": [
                str(current.cover) if current and current.cover else None,
                str(cover) if cover else None,
            ],
            "family_say": [current.family_say if current else None, family_say],
        },
    )
    say = FamilySay(family_say).label
    if handover:
        summary = (
            f"Handover: {lead.name} ({lead.organisation.name}) takes over as lead practitioner "
            f"from {current.lead.name}"
        )
        detail = (
            f"Reason: {handover_reason}\nHandover note: {handover_note}\n"
            f"Family told on {family_told_on:%-d %B %Y}: {family_told_how}\nFamily's say: {say}"
        )
    else:
        summary = f"Lead practitioner: {lead.name} ({lead.organisation.name})" + (
            f", covered by {cover.name}" if cover else ""
        )
        detail = f"Family's say: {say}" + (f" – {family_say_note}" if family_say_note else "")
    chronicle(
        by=by,
        family=family,
        kind="lead_practitioner",
        summary=summary,
        detail=detail,
        significant=handover,
    )
    link = f"/families/{family.pk}/"
    if not isinstance(by, str) and lead.user_id != by.pk:
        notify(
            recipient=lead.user,
            subject=f"You are now the lead practitioner for {family.name}",
            body=handover_note or family_say_note,
            link=link,
            kind="lead",
            family=family,
        )
    if cover is not None and (current is None or current.cover_id != cover.pk):
        notify(
            recipient=cover.user,
            subject=f"You are covering for {lead.name} with {family.name}",
            link=link,
            kind="lead",
            family=family,
        )
    if handover and not isinstance(by, str) and current.lead.user_id != by.pk:
        notify(
            recipient=current.lead.user,
            subject=f"Handover recorded: {family.name}",
            body=f"{lead.name} is now the lead practitioner.",
            link=link,
            kind="lead",
            family=family,
        )
    return arrangement


@transaction.atomic
def absence_record(
    *,
    by,
    practitioner: Practitioner,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> Absence:
    _require(policy.can_record_absence(by, practitioner))
    if ends_on < starts_on:
        raise errors.RuleViolation(
            msg.ABSENCE_ENDS_BEFORE, field_errors={"ends_on": [msg.ABSENCE_ENDS_BEFORE]}
        )
    absence = Absence.objects.create(
        practitioner=practitioner,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        recorded_by=by,
    )
    audit.record(
        by,
        Verb.CREATE,
        absence,
        changes={
            "practitioner": [None, practitioner.name],
            "kind": [None, kind],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat()],
        },
    )
    return absence


@transaction.atomic
def absence_cancel(*, by, absence: Absence) -> Absence:
    _require(policy.can_record_absence(by, absence.practitioner))
    Absence.objects.filter(pk=absence.pk).update(cancelled_at=timezone.now())
    absence.refresh_from_db()
    audit.record(by, Verb.DELETE, absence, changes={"cancelled": [False, True]})
    return absence


# --- Case notes


@transaction.atomic
def case_note_add(
    *, by, family: Family, kind: str, occurred_on: dt.date, text: str, seen=(), seen_alone=()
) -> CaseNote:
    _require(policy.can_add_case_note(by, family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="what happened"))
    if occurred_on is None:
        errs.add("occurred_on", msg.REQUIRED.format(label="the date"))
    elif occurred_on > _today():
        errs.add("occurred_on", msg.DATE_IN_FUTURE.format(label="The date"))
    seen, seen_alone = list(seen), list(seen_alone)
    if any(not _is_member(family, p) for p in seen + seen_alone):
        errs.add("seen", msg.NOT_FAMILY_MEMBER)
    if any(not _is_current_child(family, p) for p in seen_alone):
        errs.add("seen_alone", msg.SEEN_ALONE_CHILD)
    errs.raise_if_any()
    practitioner = _practitioner(by)
    note = CaseNote.objects.create(
        family=family,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        author=by,
        agency=practitioner.organisation if practitioner else None,
    )
    everyone = {p.pk: p for p in seen + seen_alone}
    note.seen.set(everyone.values())
    note.seen_alone.set(seen_alone)
    audit.record(by, Verb.CREATE, note, family=family, changes={"kind": [None, kind]})
    label = note.get_kind_display()
    if kind == "supervision":
        chronicle(
            by=by,
            family=family,
            kind="case_note",
            summary="Case discussed in supervision",
            occurred_at=_when(occurred_on),
        )
    else:
        who = ", ".join(p.given_name for p in everyone.values())
        alone = ", ".join(p.given_name for p in seen_alone)
        summary = (
            f"{label}"
            + (f": {who} seen" if who else "")
            + (f"; {alone} seen alone" if alone else "")
        )
        chronicle(
            by=by,
            family=family,
            kind="case_note",
            summary=summary,
            detail=note.text,
            occurred_at=_when(occurred_on),
        )
    return note


@transaction.atomic
def case_note_update(*, by, note: CaseNote, expected_version: int, text: str) -> CaseNote:
    _require(policy.can_view_case_note(by, note) and note.author_id == getattr(by, "pk", None))
    before = CaseNote.objects.get(pk=note.pk)
    if not (text or "").strip():
        raise errors.RuleViolation(
            msg.REQUIRED.format(label="what happened"),
            field_errors={"text": [msg.REQUIRED.format(label="what happened")]},
        )
    rows = CaseNote.objects.filter(pk=note.pk, version=expected_version).update(
        text=text.strip(), version=F("version") + 1, updated_at=timezone.now()
    )
    if not rows:
        raise errors.StaleVersion(msg.STALE_NOTE, current=before)
    note.refresh_from_db()
    audit.record(
        by, Verb.UPDATE, note, family=note.family, changes={"text": ["(changed)", "(changed)"]}
    )
    chronicle(
        by=by, family=note.family, kind="case_note", summary=f"{note} corrected by its author"
    )
    return note


# --- Whole-family assessment


@transaction.atomic
def assessment_start(
    *, by, family: Family, kind: str, episode: Episode | None = None
) -> Assessment:
    _require(policy.can_record_casework(by, family))
    if kind not in AssessmentKind.values:
        raise errors.RuleViolation(msg.BAD_CODE.format(label="kind of assessment"))
    assessment = Assessment.objects.create(family=family, kind=kind, episode=episode, created_by=by)
    audit.record(by, Verb.CREATE, assessment, family=family, changes={"kind": [None, kind]})
    chronicle(
        by=by, family=family, kind="assessment", summary=f"{assessment.get_kind_display()} started"
    )
    return assessment


ASSESSMENT_FIELDS = ("child_voice", "strengths", "network", "analysis")


@transaction.atomic
def assessment_save(
    *,
    by,
    assessment: Assessment,
    expected_version: int,
    data: dict[str, Any],
    needs: dict[int, list[str]],
    person_notes: dict[int, str],
    complete: bool = False,
) -> Assessment:
    """Save the assessment (a draft can be saved at any point and carried on later); completing
    it checks that the children's voice and the family's needs are recorded."""
    family = assessment.family
    _require(policy.can_record_casework(by, family))
    before = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if before.version != expected_version:
        raise errors.StaleVersion(msg.STALE_ASSESSMENT, current=before)
    if before.status == AssessmentStatus.AUTHORISED:
        raise errors.RuleViolation(msg.ALREADY_AUTHORISED)
    members = {
        m.person_id: m.person
        for m in Membership.objects.filter(family=family, left_on__isnull=True).select_related(
            "person"
        )
    }
    errs = _Errors()
    factors = list(data.get("factors") or [])
    if factors:
        in_force = dict(codelists.choices("assessment_factor"))
        if any(f not in in_force for f in factors):
            errs.add("factors", msg.BAD_CODE.format(label="factor"))
        if "21" in factors and len(factors) > 1:
            errs.add("factors", msg.FACTOR_21_ALONE)
    if complete:
        missing = []
        if not (data.get("child_voice") or "").strip():
            missing.append("the children's views in their own words")
        if not any(needs.values()) and not (data.get("analysis") or "").strip():
            missing.append("the family's needs")
        if before.kind == AssessmentKind.CHILD_AND_FAMILY and not factors:
            missing.append("the factors identified")
        if missing:
            errs.add(
                "child_voice" if "children" in missing[0] else "analysis",
                msg.ASSESSMENT_INCOMPLETE.format(label="", missing=" and ".join(missing)),
            )
    errs.raise_if_any()
    fields = {k: (data.get(k) or "").strip() for k in ASSESSMENT_FIELDS}
    extra = {"factors": factors}
    if complete:
        extra.update(status=AssessmentStatus.COMPLETED, completed_on=_today())
    Assessment.objects.filter(pk=assessment.pk).update(
        **fields, **extra, version=F("version") + 1, updated_at=timezone.now()
    )
    AssessmentNeed.objects.filter(assessment=assessment).delete()
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, person_id=pid, area=area)
        for pid, areas in needs.items()
        if pid in members
        for area in areas
    )
    AssessmentPersonNote.objects.filter(assessment=assessment).delete()
    AssessmentPersonNote.objects.bulk_create(
        AssessmentPersonNote(assessment=assessment, person_id=pid, text=text.strip())
        for pid, text in person_notes.items()
        if pid in members and (text or "").strip()
    )
    assessment.refresh_from_db()
    changes = {
        k: ["(changed)", "(changed)"] for k in ASSESSMENT_FIELDS if getattr(before, k) != fields[k]
    }
    if complete:
        changes["status"] = [before.status, assessment.status]
    audit.record(by, Verb.UPDATE, assessment, family=family, changes=changes)
    if complete:
        from .models import NEED_LABELS

        lines = []
        for pid, areas in needs.items():
            if areas and pid in members:
                lines.append(
                    f"{members[pid].full_name}: " + ", ".join(NEED_LABELS[a].lower() for a in areas)
                )
        chronicle(
            by=by,
            family=family,
            kind="assessment",
            significant=True,
            summary=f"{assessment.get_kind_display()} completed",
            detail=("Needs identified – " + "; ".join(lines))
            if lines
            else fields["analysis"][:1000],
        )
    return assessment


@transaction.atomic
def assessment_authorise(*, by, assessment: Assessment, expected_version: int) -> Assessment:
    """A manager's approval, recorded with who, when and which version they approved."""
    _require(
        policy.principal_for(by).role == Role.TEAM_MANAGER
        and policy.can_view_casework(by, assessment.family)
    )
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.version != expected_version:
        raise errors.StaleVersion(msg.STALE_ASSESSMENT, current=current)
    if current.status == AssessmentStatus.AUTHORISED:
        raise errors.RuleViolation(msg.ALREADY_AUTHORISED)
    if current.status != AssessmentStatus.COMPLETED:
        raise errors.RuleViolation(msg.NOT_COMPLETED)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.AUTHORISED,
        authorised_by=by,
        authorised_at=timezone.now(),
        authorised_version=current.version,
    )
    assessment.refresh_from_db()
    audit.record(
        by,
        Verb.UPDATE,
        assessment,
        family=assessment.family,
        changes={"status": [current.status, "authorised"], "version": current.version},
    )
    chronicle(
        by=by,
        family=assessment.family,
        kind="assessment",
        significant=True,
        summary=f"{assessment.get_kind_display()} authorised by {policy.principal_for(by).label}",
    )
    return assessment


# --- Family plan

PLAN_FIELDS = ("family_words", "worries", "working_well")


def current_plan(family: Family) -> FamilyPlan | None:
    return FamilyPlan.objects.filter(family=family, ended_on__isnull=True).first()


@transaction.atomic
def plan_create(*, by, family: Family, data: dict[str, Any]) -> FamilyPlan:
    _require(policy.can_record_casework(by, family))
    if current_plan(family) is not None:
        raise errors.RuleViolation(msg.PLAN_EXISTS)
    if not (data.get("family_words") or "").strip():
        message = msg.REQUIRED.format(label="what the family want to change")
        raise errors.RuleViolation(message, field_errors={"family_words": [message]})
    plan = FamilyPlan.objects.create(
        family=family, created_by=by, **{k: (data.get(k) or "").strip() for k in PLAN_FIELDS}
    )
    audit.record(by, Verb.CREATE, plan, family=family)
    chronicle(
        by=by,
        family=family,
        kind="plan",
        summary="Family plan agreed",
        detail=plan.family_words,
        significant=True,
    )
    return plan


@transaction.atomic
def plan_update(*, by, plan: FamilyPlan, expected_version: int, data: dict[str, Any]) -> FamilyPlan:
    _require(policy.can_record_casework(by, plan.family))
    before = FamilyPlan.objects.get(pk=plan.pk)
    fields = {k: (data.get(k) or "").strip() for k in PLAN_FIELDS}
    if not fields["family_words"]:
        message = msg.REQUIRED.format(label="what the family want to change")
        raise errors.RuleViolation(message, field_errors={"family_words": [message]})
    rows = FamilyPlan.objects.filter(pk=plan.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if not rows:
        raise errors.StaleVersion(msg.STALE_PLAN, current=before)
    plan.refresh_from_db()
    changes = {
        k: [getattr(before, k), fields[k]] for k in PLAN_FIELDS if getattr(before, k) != fields[k]
    }
    audit.record(by, Verb.UPDATE, plan, family=plan.family, changes=changes)
    if changes:
        labels = [str(FamilyPlan._meta.get_field(k).verbose_name) for k in changes]
        chronicle(
            by=by,
            family=plan.family,
            kind="plan",
            summary="Family plan changed: " + "; ".join(labels),
        )
    return plan


def _check_score(errs, name, score):
    if score is not None and not (0 <= score <= 10):
        errs.add(name, msg.SCORE_RANGE)


@transaction.atomic
def goal_add(
    *, by, plan: FamilyPlan, text: str, person: Person | None = None, baseline: int | None = None
) -> Goal:
    _require(policy.can_record_casework(by, plan.family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="the goal in the family's words"))
    if person is not None and not _is_member(plan.family, person):
        errs.add("person", msg.NOT_FAMILY_MEMBER)
    _check_score(errs, "baseline", baseline)
    errs.raise_if_any()
    goal = Goal.objects.create(plan=plan, text=text.strip(), person=person)
    if baseline is not None:
        GoalScore.objects.create(goal=goal, score=baseline, scored_on=_today(), by=by)
    audit.record(by, Verb.CREATE, goal, family=plan.family, changes={"text": [None, goal.text]})
    chronicle(
        by=by,
        family=plan.family,
        person=person,
        kind="plan",
        summary=f"Goal added to the family plan: “{goal.text}”"
        + (f" (starting score {baseline} out of 10)" if baseline is not None else ""),
    )
    return goal


@transaction.atomic
def plan_action_add(
    *,
    by,
    plan: FamilyPlan,
    text: str,
    goal: Goal | None = None,
    owner_organisation=None,
    owner_person: Person | None = None,
    due_on: dt.date | None = None,
) -> PlanAction:
    _require(policy.can_record_casework(by, plan.family))
    errs = _Errors()
    if not (text or "").strip():
        errs.add("text", msg.REQUIRED.format(label="what will be done"))
    if owner_organisation is not None and owner_person is not None:
        errs.add("owner_person", msg.ONE_OWNER)
    if owner_person is not None and not _is_member(plan.family, owner_person):
        errs.add("owner_person", msg.NOT_FAMILY_MEMBER)
    if goal is not None and goal.plan_id != plan.pk:
        errs.add("goal", msg.BAD_CODE.format(label="goal"))
    errs.raise_if_any()
    action = PlanAction.objects.create(
        plan=plan,
        goal=goal,
        text=text.strip(),
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        due_on=due_on,
        created_by=by,
    )
    audit.record(
        by, Verb.CREATE, action, family=plan.family, changes={"owner": [None, action.owner_label]}
    )
    due = f" by {due_on:%-d %B %Y}" if due_on else ""
    chronicle(
        by=by,
        family=plan.family,
        kind="plan",
        summary=f"Plan action for {action.owner_label}: {action.text}{due}",
    )
    return action


@transaction.atomic
def plan_action_set_status(*, by, action: PlanAction, status: str) -> PlanAction:
    _require(policy.can_record_casework(by, action.plan.family))
    before = action.status
    PlanAction.objects.filter(pk=action.pk).update(status=status)
    action.refresh_from_db()
    audit.record(
        by, Verb.UPDATE, action, family=action.plan.family, changes={"status": [before, status]}
    )
    chronicle(
        by=by,
        family=action.plan.family,
        kind="plan",
        summary=f"Plan action “{action.text}” ({action.owner_label}): "
        + action.get_status_display().lower(),
    )
    return action


# --- Meetings and reviews

_REVIEW_CLOCKS = {
    MeetingKind.TAF_REVIEW: ("EH", [ClockKind.EH_REVIEW]),
    MeetingKind.CIN_REVIEW: ("CIN", [ClockKind.CIN_REVIEW]),
    MeetingKind.CORE_GROUP: ("CP", [ClockKind.FIRST_CORE_GROUP, ClockKind.CORE_GROUP]),
}


@transaction.atomic
def meeting_record(
    *,
    by,
    family: Family,
    kind: str,
    held_on: dt.date,
    agencies_invited=(),
    agencies_attended=(),
    family_attended=(),
    parents_views: str = "",
    child_views: str = "",
    minutes: str = "",
    decisions: str = "",
    scores: dict[Goal, int | None] | None = None,
    new_action: dict[str, Any] | None = None,
) -> Meeting:
    """A review or meeting: who came, what the family and children said, decisions, goal scores,
    and any new action (which updates the plan). Reviews meet their clock and set the next."""
    _require(policy.can_record_casework(by, family))
    errs = _Errors()
    if held_on is None:
        errs.add("held_on", msg.REQUIRED.format(label="the date of the meeting"))
    elif held_on > _today():
        errs.add("held_on", msg.DATE_IN_FUTURE.format(label="The date of the meeting"))
    scores = {g: s for g, s in (scores or {}).items() if s is not None}
    plan = current_plan(family)
    for goal, score in scores.items():
        _check_score(errs, f"score_{goal.pk}", score)
        if plan is None or goal.plan_id != plan.pk:
            errs.add(f"score_{goal.pk}", msg.BAD_CODE.format(label="goal"))
    if any(not _is_member(family, p) for p in family_attended):
        errs.add("family_attended", msg.NOT_FAMILY_MEMBER)
    if new_action and new_action.get("text") and plan is None:
        errs.add("action_text", msg.NO_PLAN)
    errs.raise_if_any()
    ts = timescales()
    meeting = Meeting.objects.create(
        family=family,
        kind=kind,
        held_on=held_on,
        parents_views=parents_views,
        child_views=child_views,
        minutes=minutes,
        decisions=decisions,
        rules_version=ts.version,
        recorded_by=by,
    )
    meeting.agencies_invited.set(agencies_invited)
    meeting.agencies_attended.set(agencies_attended)
    meeting.family_attended.set(family_attended)
    score_lines = []
    for goal, score in scores.items():
        previous = goal.scores.order_by("-scored_on", "-pk").first()
        GoalScore.objects.create(goal=goal, score=score, scored_on=held_on, meeting=meeting, by=by)
        was = f"{previous.score} → " if previous else ""
        score_lines.append(f"“{goal.text}”: {was}{score} out of 10")
    next_due = None
    if kind in _REVIEW_CLOCKS:
        episode_kind, clock_kinds = _REVIEW_CLOCKS[MeetingKind(kind)]
        states = {"EH": ("planned", "reviewing"), "CIN": ("cin_plan",), "CP": ("cp_plan",)}[
            episode_kind
        ]
        for episode in Episode.objects.open().filter(
            family=family, kind=episode_kind, state__in=states
        ):
            _meet_clocks(episode, clock_kinds, held_on)
            if episode_kind == "EH":
                due, clock = ts.eh_review_due(held_on), ClockKind.EH_REVIEW
            elif episode_kind == "CIN":
                due, clock = ts.cin_review_due(held_on), ClockKind.CIN_REVIEW
            else:
                due, clock = ts.core_group_due(held_on), ClockKind.CORE_GROUP
            _open_clock(episode, clock, held_on, due)
            next_due = min(next_due, due) if next_due else due
        if next_due is None:
            next_due = {"EH": ts.eh_review_due, "CIN": ts.cin_review_due, "CP": ts.core_group_due}[
                episode_kind
            ](held_on)
        Meeting.objects.filter(pk=meeting.pk).update(next_review_on=next_due)
        meeting.next_review_on = next_due
    audit.record(
        by,
        Verb.CREATE,
        meeting,
        family=family,
        changes={"kind": [None, kind], "scores": len(scores)},
    )
    attended = ", ".join(o.name for o in agencies_attended)
    detail = []
    if attended:
        detail.append(f"Agencies attending: {attended}")
    if family_attended:
        detail.append("Family attending: " + ", ".join(p.full_name for p in family_attended))
    if score_lines:
        detail.append("Goal scores: " + "; ".join(score_lines))
    if decisions:
        detail.append(f"Decisions: {decisions}")
    if next_due:
        detail.append(f"Next review by {next_due:%-d %B %Y}")
    chronicle(
        by=by,
        family=family,
        kind="meeting",
        summary=f"{meeting.get_kind_display()} held",
        detail="\n".join(detail),
        occurred_at=_when(held_on),
        significant=bool(score_lines) or kind == "core_group",
    )
    if new_action and (new_action.get("text") or "").strip():
        plan_action_add(
            by=by,
            plan=plan,
            text=new_action["text"],
            goal=new_action.get("goal"),
            owner_organisation=new_action.get("owner_organisation"),
            owner_person=new_action.get("owner_person"),
            due_on=new_action.get("due_on"),
        )
    return meeting


# --- Step up and step down


def _front_door_teams():
    return {
        p.team
        for p in Practitioner.objects.filter(
            role=Role.FRONT_DOOR, team__isnull=False
        ).select_related("team__organisation")
    }


def _carried(family: Family) -> dict[str, Any]:
    """What a step-up contact carries: the assessment, the plan, the chronology, the lead."""
    from people.models import ChronologyEntry

    from .models import LeadArrangement

    assessment = Assessment.objects.filter(family=family).exclude(status="draft").first()
    plan = current_plan(family)
    lead = (
        LeadArrangement.objects.filter(family=family, ended_on__isnull=True)
        .select_related("lead__organisation")
        .first()
    )
    carried: dict[str, Any] = {
        "lead": f"{lead.lead.name} ({lead.lead.organisation.name})" if lead else None,
        "assessment": None,
        "plan": None,
        "chronology": [
            {
                "at": e.occurred_at.isoformat(),
                "summary": e.summary,
                "significant": e.significance == "significant",
            }
            for e in ChronologyEntry.objects.filter(family=family).order_by("-occurred_at", "-pk")[
                :100
            ]
        ],
    }
    if assessment:
        carried["assessment"] = {
            "id": assessment.pk,
            "kind": assessment.get_kind_display(),
            "completed_on": _plain(assessment.completed_on),
            "child_voice": assessment.child_voice,
            "strengths": assessment.strengths,
            "analysis": assessment.analysis,
            "needs": [
                f"{n.person.full_name}: {n.get_area_display()}"
                for n in assessment.needs.select_related("person")
            ],
        }
    if plan:
        carried["plan"] = {
            "id": plan.pk,
            "version": plan.version,
            "family_words": plan.family_words,
            "goals": [
                {
                    "text": g.text,
                    "latest_score": (
                        g.scores.order_by("-scored_on", "-pk").first() or GoalScore(score=None)
                    ).score,
                }
                for g in plan.goals.all()
            ],
            "actions": [
                {
                    "text": a.text,
                    "owner": a.owner_label,
                    "due_on": _plain(a.due_on),
                    "status": a.status,
                }
                for a in plan.actions.select_related("owner_organisation", "owner_person")
            ],
        }
    return carried


@transaction.atomic
def step_up(
    *, by, family: Family, children, reason: str, lead_view: str, lead_stays_involved: bool = True
) -> StepUp:
    """Early help to children's social care in one action: a contact to the front door carrying
    the assessment, the plan, the chronology and the lead practitioner's view.

    The StepUp record keeps what was carried; the front door gets a contact on its
    one-working-day clock (frontdoor.actions.contacts.contact_from_step_up), every front-door
    practitioner a notice, and the front-door team is made involved so it can open the record."""
    _require(policy.can_record_casework(by, family))
    errs = _Errors()
    children = list(children)
    if not children:
        errs.add("children", msg.STEP_UP_NEEDS_CHILD)
    if any(not _is_current_child(family, c) for c in children):
        errs.add("children", msg.NOT_A_CHILD_OF_FAMILY)
    if not (reason or "").strip():
        errs.add("reason", msg.REQUIRED.format(label="why you are stepping up"))
    if not (lead_view or "").strip():
        errs.add("lead_view", msg.REQUIRED.format(label="the lead practitioner's view"))
    errs.raise_if_any()
    record = StepUp.objects.create(
        family=family,
        reason=reason.strip(),
        lead_view=lead_view.strip(),
        lead_stays_involved=lead_stays_involved,
        carried=_carried(family),
        by=by,
    )
    record.children.set(children)
    from frontdoor.actions.contacts import contact_from_step_up

    contact = contact_from_step_up(
        by=by,
        family=family,
        children=children,
        reason=reason.strip(),
        lead_view=lead_view.strip(),
        carried=record.carried,
    )
    t = machines.transition("EH", "step_up")
    for episode in Episode.objects.open().filter(family=family, kind="EH", child__in=children):
        if episode.state in t.sources:
            _apply_step(
                by=by, episode=episode, t=t, data={}, note="Stepped up to children's social care"
            )
    for team in _front_door_teams():
        if not Involvement.objects.active().filter(family=family, team=team).exists():
            Involvement.objects.create(
                family=family,
                organisation=team.organisation,
                team=team,
                role=InvolvementRole.OTHER,
                notes="Front door: step-up contact",
            )
    for practitioner in Practitioner.objects.filter(role=Role.FRONT_DOOR).select_related("user"):
        notify(
            recipient=practitioner.user,
            subject=f"Step-up from early help: {family.name} (contact {contact.reference})",
            body=f"{policy.principal_for(by).label} asks children's social care to consider "
            f"{', '.join(c.full_name for c in children)}. Reason: {reason.strip()}",
            link=f"/step-ups/{record.pk}/",
            kind="step_up",
            family=family,
        )
    audit.record(
        by,
        Verb.CREATE,
        record,
        family=family,
        changes={"children": [None, [c.pk for c in children]], "carried": list(record.carried)},
    )
    chronicle(
        by=by,
        family=family,
        kind="step_up",
        significant=True,
        summary="Stepped up to children's social care: contact sent to the front door with the "
        "assessment, the plan and the chronology",
        detail=f"Children: {', '.join(c.full_name for c in children)}\nReason: {reason.strip()}\n"
        f"Lead practitioner's view: {lead_view.strip()}\n"
        + ("The lead practitioner stays involved." if lead_stays_involved else ""),
    )
    return record


@transaction.atomic
def step_down_propose(
    *,
    by,
    family: Family,
    episodes,
    agreed_at: str,
    agreed_on: dt.date,
    receiving_lead: Practitioner,
    family_consent_on: dt.date,
    family_consent_by: Person,
    handover_note: str,
) -> StepDown:
    """Children's social care to early help, agreed at a CIN review or at assessment closure
    (RC9). The social worker stays until the named lead practitioner accepts."""
    _require(policy.can_change_episode(by, family, machines.SW))
    errs = _Errors()
    episodes = list(Episode.objects.filter(pk__in=[e.pk for e in episodes]).select_related("child"))
    if not episodes or any(
        e.kind != "CIN" or not e.is_open or e.family_id != family.pk for e in episodes
    ):
        errs.add("episodes", msg.STEP_DOWN_NEEDS_CIN)
    for e in episodes:
        if Episode.objects.open().filter(child=e.child, kind="CP").exists():
            errs.add("episodes", msg.STEP_DOWN_FROM_CP.format(child=e.child.full_name))
        if agreed_at == "assessment_closure" and e.state != "assessed":
            errs.add("agreed_at", msg.STEP_DOWN_AT_ASSESSMENT)
    if receiving_lead is None or (not isinstance(by, str) and receiving_lead.user_id == by.pk):
        errs.add("receiving_lead", msg.STEP_DOWN_SELF)
    if family_consent_by is None or not _is_member(family, family_consent_by):
        errs.add("family_consent_by", msg.CONSENT_BY_ADULT)
    for name, value in (("agreed_on", agreed_on), ("family_consent_on", family_consent_on)):
        if value is None:
            errs.add(name, msg.REQUIRED.format(label="the date"))
        elif value > _today():
            errs.add(name, msg.DATE_IN_FUTURE.format(label="The date"))
    if not (handover_note or "").strip():
        errs.add("handover_note", msg.REQUIRED.format(label="a handover note"))
    errs.raise_if_any()
    ts = timescales()
    record = StepDown.objects.create(
        family=family,
        agreed_at=agreed_at,
        agreed_on=agreed_on,
        receiving_lead=receiving_lead,
        family_consent_on=family_consent_on,
        family_consent_by=family_consent_by,
        handover_note=handover_note.strip(),
        accept_by=ts.step_down_accept_by(_today()),
        rules_version=ts.version,
        proposed_by=by,
    )
    record.from_episodes.set(episodes)
    _ensure_involvement(
        family, receiving_lead, InvolvementRole.OTHER, "Proposed lead practitioner (step-down)"
    )
    notify(
        recipient=receiving_lead.user,
        subject=f"Step-down to early help: will you lead for {family.name}?",
        body=f"{policy.principal_for(by).label} proposes you as lead practitioner. "
        "Please accept or decline by "
        f"{record.accept_by:%-d %B %Y}.",
        link=f"/step-downs/{record.pk}/",
        kind="step_down",
        family=family,
    )
    audit.record(
        by,
        Verb.CREATE,
        record,
        family=family,
        changes={
            "receiving_lead": [None, str(receiving_lead)],
            "episodes": [None, [e.pk for e in episodes]],
        },
    )
    chronicle(
        by=by,
        family=family,
        kind="step_down",
        significant=True,
        summary=f"Step-down to early help agreed: {receiving_lead.name} "
        f"({receiving_lead.organisation.name}) asked to lead",
        detail=f"Agreed at {_agreed_at_words(agreed_at)} "
        f"on {agreed_on:%-d %B %Y}. Family consent from {family_consent_by.full_name} on "
        f"{family_consent_on:%-d %B %Y}.\nHandover note: {handover_note.strip()}",
        occurred_at=_when(agreed_on),
    )
    return record


@transaction.atomic
def step_down_accept(*, by, step_down: StepDown, note: str = "") -> StepDown:
    """The receiving lead accepts: the CIN episodes close, early help episodes open with the plan
    carried over, the lead is recorded, and only now does the social worker leave."""
    record = StepDown.objects.select_for_update().get(pk=step_down.pk)
    _require(policy.principal_for(by).practitioner_id == record.receiving_lead_id)
    if record.status != "proposed":
        raise errors.RuleViolation(msg.STEP_DOWN_DECIDED)
    family = record.family
    close = machines.transition("CIN", "close")
    reason = "RC9" if record.agreed_at == "assessment_closure" else "RC7"
    today = _today()
    plan = current_plan(family)
    lead = record.receiving_lead
    for episode in record.from_episodes.select_related("child"):
        episode.refresh_from_db()
        if episode.is_open and episode.state in close.sources:
            _apply_step(
                by=by,
                episode=episode,
                t=close,
                data={"closed_on": today, "closure_reason": reason},
                note=f"Stepped down to early help; {lead.name} accepted as lead practitioner",
            )
        if _open_episode_of(episode.child, "EH") is None:
            eh = Episode.objects.create(
                family=family,
                child=episode.child,
                kind="EH",
                state="planned" if plan else "allocated",
                referral_date=today,
                team=lead.team,
                allocated_to=lead,
                consent_given_on=record.family_consent_on,
                plan_started_on=today if plan else None,
                rules_version=timescales().version,
            )
            EpisodeTransition.objects.create(
                episode=eh,
                event="open",
                from_state="",
                to_state=eh.state,
                occurred_on=today,
                by=by,
                note="Opened by step-down from children's social care"
                + ("; family plan carried over" if plan else ""),
                rules_version=timescales().version,
            )
            if plan:
                _open_clock(eh, ClockKind.EH_REVIEW, today, timescales().eh_review_due(today))
            audit.record(
                by,
                Verb.CREATE,
                eh,
                family=family,
                person=eh.child,
                changes={"from_step_down": record.pk},
            )
    lead_assign(
        by=by,
        family=family,
        lead=lead,
        cover=None,
        family_say="agreed",
        family_say_note=f"Consent to early help given by {record.family_consent_by.full_name}",
        handover_reason="Step-down to early help",
        handover_note=record.handover_note,
        family_told_on=record.family_consent_on,
        family_told_how="Agreed with the family when they consented to the step-down",
        _system_ok=True,
    )
    _end_involvements(
        Involvement.objects.active().filter(family=family, role=InvolvementRole.SOCIAL_WORKER),
        f"Stepped down to early help ({lead.name} accepted)",
    )
    _end_involvements(
        Involvement.objects.active().filter(
            family=family,
            practitioner=lead,
            role=InvolvementRole.OTHER,
            notes="Proposed lead practitioner (step-down)",
        ),
        "Accepted as lead practitioner",
    )
    StepDown.objects.filter(pk=record.pk).update(
        status="accepted", decided_at=timezone.now(), decision_note=note
    )
    record.refresh_from_db()
    notify(
        recipient=record.proposed_by,
        subject=f"Step-down accepted: {family.name}",
        body=f"{lead.name} accepted as lead practitioner.",
        link=f"/step-downs/{record.pk}/",
        kind="step_down",
        family=family,
    )
    audit.record(
        by, Verb.UPDATE, record, family=family, changes={"status": ["proposed", "accepted"]}
    )
    chronicle(
        by=by,
        family=family,
        kind="step_down",
        significant=True,
        summary=f"Step-down accepted: {lead.name} is the lead practitioner; "
        "the family plan carries on in early help"
        if plan
        else f"Step-down accepted: {lead.name} is the lead practitioner",
        detail=note,
    )
    return record


@transaction.atomic
def step_down_decline(*, by, step_down: StepDown, note: str) -> StepDown:
    record = StepDown.objects.select_for_update().get(pk=step_down.pk)
    _require(policy.principal_for(by).practitioner_id == record.receiving_lead_id)
    if record.status != "proposed":
        raise errors.RuleViolation(msg.STEP_DOWN_DECIDED)
    if not (note or "").strip():
        message = msg.REQUIRED.format(label="why you cannot take this on")
        raise errors.RuleViolation(message, field_errors={"note": [message]})
    StepDown.objects.filter(pk=record.pk).update(
        status="declined", decided_at=timezone.now(), decision_note=note
    )
    record.refresh_from_db()
    _end_involvements(
        Involvement.objects.active().filter(
            family=record.family,
            practitioner=record.receiving_lead,
            role=InvolvementRole.OTHER,
            notes="Proposed lead practitioner (step-down)",
        ),
        "Declined the step-down",
    )
    notify(
        recipient=record.proposed_by,
        subject=f"Step-down declined: {record.family.name}",
        body=note,
        link=f"/families/{record.family_id}/",
        kind="step_down",
        family=record.family,
    )
    audit.record(
        by, Verb.UPDATE, record, family=record.family, changes={"status": ["proposed", "declined"]}
    )
    chronicle(
        by=by,
        family=record.family,
        kind="step_down",
        significant=True,
        summary=f"Step-down declined by {record.receiving_lead.name}: the social worker stays",
        detail=note,
    )
    return record


# --- Daily reminders (run by casework.tasks)


def _managers_of(team_id) -> list[Practitioner]:
    if team_id is None:
        return []
    return list(
        Practitioner.objects.filter(role=Role.TEAM_MANAGER)
        .filter(models_q_team(team_id))
        .select_related("user")
        .distinct()
    )


def models_q_team(team_id):
    from django.db.models import Q

    return Q(team_id=team_id) | Q(manages__id=team_id)


@transaction.atomic
def reminders_send(*, by: str = SYSTEM, today: dt.date | None = None) -> dict[str, int]:
    """Overdue clocks remind the allocated worker (or the team's managers if unallocated) once
    a week; step-downs not accepted in time are escalated to managers once."""
    today = today or _today()
    week_ago = today - dt.timedelta(days=7)
    sent = escalated = 0
    overdue = (
        StatutoryClock.objects.running()
        .filter(due_on__lt=today)
        .exclude(reminded_on__gt=week_ago)
        .select_related("episode__child", "episode__allocated_to__user", "family")
    )
    for clock in overdue.iterator():
        episode = clock.episode
        recipients = (
            [episode.allocated_to] if episode.allocated_to_id else _managers_of(episode.team_id)
        )
        for practitioner in recipients:
            notify(
                recipient=practitioner.user,
                subject=f"Overdue: {clock.get_kind_display()} for {episode.child.full_name}",
                body=f"Due {clock.due_on:%-d %B %Y} ({clock.rules_version}).",
                link=f"/episodes/{episode.pk}/",
                kind="overdue",
                family=clock.family,
            )
            sent += 1
        StatutoryClock.objects.filter(pk=clock.pk).update(reminded_on=today)
    late = StepDown.objects.filter(
        status="proposed", accept_by__lt=today, escalated_on__isnull=True
    )
    for record in late.select_related("proposed_by", "family", "receiving_lead__user"):
        proposer = _practitioner(record.proposed_by)
        for manager in _managers_of(proposer.team_id if proposer else None) + _managers_of(
            record.receiving_lead.team_id
        ):
            notify(
                recipient=manager.user,
                subject=f"Step-down not accepted in time: {record.family.name}",
                body=f"{record.receiving_lead.name} was asked to accept by "
                f"{record.accept_by:%-d %B %Y}.",
                link=f"/step-downs/{record.pk}/",
                kind="escalation",
                family=record.family,
            )
        StepDown.objects.filter(pk=record.pk).update(escalated_on=today)
        audit.record(
            by, Verb.UPDATE, record, family=record.family, reason="step-down escalated to managers"
        )
        chronicle(
            by=by,
            family=record.family,
            kind="step_down",
            significant=True,
            summary="Step-down not accepted in time: escalated to managers",
        )
        escalated += 1
    return {"reminders": sent, "escalated": escalated}

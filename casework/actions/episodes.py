"""Episodes (early help, child in need, child protection): open, step through the state
machine (casework.machines), mark looked after, allocate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import audit
import codelists
from access.doorway import action, bump, permit
from access.principals import principal_for
from audit.models import Verb
from casework import policy
from familyhub import errors, links
from notices.actions import notify
from organisations import actions as involvements
from organisations import policy as org_policy
from organisations.models import Practitioner
from organisations.queries import practitioner_of
from outcomes import actions as outcome_actions
from people.actions import chronicle
from people.models import Family, Person

from .. import machines
from .. import messages as msg
from ..models import (
    ClockKind,
    Episode,
    EpisodeTransition,
    StatutoryClock,
)
from ._common import (
    FIELD_LABELS,
    _check_code,
    _check_date,
    _Errors,
    _is_current_child,
    _label,
    _plain,
    _today,
    _when,
    had_plan_or_protection,
)
from .assessment import needs_at_closure
from .clocks import _meet_clocks, _open_clock, _stop_clocks, timescales_for_start, timescales_of
from .protection import check_lcpp, lcpp_after_step

ASSESSMENT_CLOCKS = [ClockKind.ASSESSMENT, ClockKind.PRE_BIRTH_ASSESSMENT]


def _open_episode_of(child: Person, kind: str) -> Episode | None:
    return Episode.objects.open().filter(child=child, kind=kind).first()


def is_re_referral(child: Person, referral_date: dt.date, *, exclude=None) -> bool:
    """A referral within the window (12 months) after an earlier episode for the child closed
    (including a step-down to early help, which closes the CSC episode)."""
    start = timescales_for_start(referral_date).re_referral_window_start(referral_date)
    earlier = Episode.objects.filter(
        child=child, kind="CIN", closed_on__gte=start, closed_on__lte=referral_date
    )
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude.pk)
    return earlier.exists()


@action
def episode_open(
    *, by, family: Family, child: Person, kind: str, data: dict[str, Any], note: str = ""
) -> Episode:
    """Open an episode for one child, applying the CIN census rules at entry."""
    if kind not in machines.STATES:
        raise errors.RuleViolation(msg.STEP_UNKNOWN)
    permit(policy.can_change_episode(by, family, machines.OPEN_DUTIES[kind]))
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
    _open_referral_fields(errs, kind, child, data, fields)
    if kind == "CP":
        parent = _open_cp_fields(errs, child, data, fields)
    errs.raise_if_any()

    practitioner = practitioner_of(by)
    allocated = data.get("allocated_to")
    # The version in force when the case started; the episode keeps it.
    ts = timescales_for_start(fields.get("referral_date") or fields.get("strategy_discussion_on"))
    episode = Episode.objects.create(
        family=family,
        child=child,
        kind=kind,
        state=machines.INITIAL[kind],
        parent=parent,
        team=_episode_team(allocated, practitioner),
        allocated_to=allocated,
        is_re_referral=kind == "CIN" and referral is not None and is_re_referral(child, referral),
        rules_version=ts.version,
        **fields,
    )
    EpisodeTransition.objects.create(
        episode=episode,
        event="open",
        from_state="",
        to_state=episode.state,
        occurred_on=referral or fields.get("strategy_discussion_on") or _today(),
        by=by.user,
        note=note,
        data={k: _plain(v) for k, v in fields.items()},
        rules_version=ts.version,
    )
    if kind == "CIN" and referral is not None:  # a CIN episode opens at its referral date
        _open_assessment_clock(episode, child, referral, ts)
    audit.record(
        by,
        Verb.CREATE,
        episode,
        family=family,
        person=child,
        changes={k: [None, _plain(v)] for k, v in fields.items() if v not in (None, "")},
    )
    summary, detail = _opening_story(kind, child, fields, episode, note)
    chronicle(
        by=by,
        family=family,
        person=child,
        kind=f"episode_{kind.lower()}",
        summary=summary,
        detail=detail,
        significant=kind != "EH",
        occurred_at=_when(referral or fields.get("strategy_discussion_on")),
    )
    return episode


def _open_assessment_clock(episode: Episode, child: Person, referral: dt.date, ts) -> None:
    """The child and family assessment, or for an unborn child under a version with pre-birth
    timings the pre-birth assessment, timed from the expected date of birth."""
    if child.is_unborn and ts.has_pre_birth_timings:
        due = ts.pre_birth_assessment_due(referral, child.expected_date_of_birth)
        _open_clock(episode, ClockKind.PRE_BIRTH_ASSESSMENT, referral, due)
    else:
        _open_clock(episode, ClockKind.ASSESSMENT, referral, ts.assessment_due(referral))


def _open_referral_fields(errs, kind, child, data, fields) -> None:
    """Early help and child in need open at a referral (CIN: with its source and primary need)."""
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


def _open_cp_fields(errs, child, data, fields):
    """A child protection episode opens under the child's open CIN episode, at the strategy
    discussion; returns that CIN episode (the parent)."""
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
    return parent


def _opening_story(kind, child, fields, episode, note) -> tuple[str, str]:
    """The chronology's summary and detail of an opened episode."""
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
    return summary, "\n".join(detail)


def _episode_team(allocated, opener):
    """The team that holds the work: the allocated worker's, else the opener's (the front door
    hands work on, so a referral it opens is unallocated until a manager allocates it)."""
    if allocated is not None:
        return allocated.team
    if opener is not None and not org_policy.hands_work_on(opener):
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


def _check_step_codes(errs, episode, t, data) -> None:
    """Closure reasons (CIN census and early help) and the factors at assessment."""
    if t.event == "close" and episode.kind == "CIN" or t.event == "nfa_at_referral":
        reason = data.get("closure_reason")
        if reason:
            _check_code(errs, "closure_reason", "closure_reason", reason, data.get("closed_on"))
            if reason in ("RC8", "RC9") and not episode.assessment_started_on:
                errs.add("closure_reason", msg.RC8_RC9_NEED_ASSESSMENT)
            if reason in ("RC8", "RC9") and had_plan_or_protection(episode):
                # DfE's CIN census rule 2990 (returns/tests/test_dfe_validator.py: side by side)
                errs.add("closure_reason", msg.RC8_RC9_AFTER_PLAN)
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
            .filter(episode=episode, kind__in=ASSESSMENT_CLOCKS)
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


def _check_step_plans(errs, episode, t, data) -> None:
    """Categories of abuse, and the plan rules: no CIN plan beside a CP plan, the CP plan starts
    at the conference, reviews after the start, an end after the start."""
    child = episode.child
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

    _check_step_codes(errs, episode, t, data)
    _check_step_plans(errs, episode, t, data)
    check_lcpp(errs, episode, t, data)
    errs.raise_if_any()


def _step_updates(episode, t, data, day, closing) -> dict[str, Any]:
    """The fields a step sets: its own, what the form gave, the team, closure and conference."""
    updates: dict[str, Any] = dict(t.sets)
    for name in t.requires + t.optional:
        if name in ("rcpc_on", "eh_closure_reason"):
            continue
        if name in data and not (name == "lead_cp_practitioner" and data[name] is None):
            value = data[name]
            updates[name] = value if value is not None else updates.get(name)
    if "allocated_to" in updates:
        updates["team"] = updates["allocated_to"].team if updates["allocated_to"] else episode.team
    if data.get("rcpc_on"):
        updates["last_rcpc_on"] = data["rcpc_on"]
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
    return updates


def _step_clocks(by, e, t, data, ts, closing) -> None:
    """A step meets, stops or opens the statutory clocks it touches."""
    if t.event == "nfa_at_referral":
        _stop_clocks(e, e.closed_on)
    elif t.event == "authorise_assessment":
        _meet_clocks(e, ASSESSMENT_CLOCKS, e.assessment_authorised_on, e.assessment_late_reason)
    elif t.event == "start_cin_plan":
        _open_clock(
            e, ClockKind.CIN_REVIEW, e.cin_plan_started_on, ts.cin_review_due(e.cin_plan_started_on)
        )
    elif t.event == "end_cin_plan":
        _stop_clocks(e, e.cin_plan_ended_on, [ClockKind.CIN_REVIEW])
    elif t.event == "start_s47":
        sd = e.strategy_discussion_on
        unborn = e.child.is_unborn and ts.has_pre_birth_timings
        due = ts.pre_birth_icpc_due(sd, e.child.expected_date_of_birth) if unborn else None
        _open_clock(e, ClockKind.ICPC, sd, due or ts.icpc_due(sd))
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
        if outcome_actions.falls_due_at_closure(e):
            outcome_actions.sustained_outcome_check_open(
                by=by,
                episode=e,
                due_on=ts.sustained_outcome_check_due(e.closed_on),
                rules_version=ts.version,
                needs=needs_at_closure(e),
            )


def _step_detail(e, t, note, closing) -> str:
    """The chronology's detail of a step: the note, the factors, the closure reason."""
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
    return "\n".join(detail)


def _record_change(
    by, e: Episode, changes: dict, *, kind: str, summary: str, reason: str = "", **story
) -> None:
    """An episode's change in the audit trail and in the family's chronology (the child's)."""
    audit.record(
        by, Verb.UPDATE, e, family=e.family, person=e.child, reason=reason, changes=changes
    )
    chronicle(by=by, family=e.family, person=e.child, kind=kind, summary=summary, **story)


def _apply_step(*, by, episode: Episode, t: machines.Transition, data: dict, note: str) -> Episode:
    """Write one step (already permitted and validated): fields, clocks, transition row."""
    ts = timescales_of(episode)
    before_state, before_lcpp = episode.state, episode.lead_cp_practitioner_id
    closing = t.target == machines.CLOSED
    day = _event_date(t, data)
    updates = _step_updates(episode, t, data, day, closing)
    bump(episode, episode.version, msg.STALE_EPISODE, {**updates, "state": t.target})

    e = episode
    _step_clocks(by, e, t, data, ts, closing)
    lcpp_after_step(by, e, before_lcpp)

    EpisodeTransition.objects.create(
        episode=e,
        event=t.event,
        from_state=before_state,
        to_state=t.target,
        occurred_on=day,
        by=by.user,
        note=note,
        data={k: _plain(v) for k, v in data.items() if v not in (None, "", [])},
        rules_version=ts.version,
    )
    _record_change(
        by,
        e,
        {
            "state": [before_state, t.target],
            **{k: [None, _plain(v)] for k, v in updates.items() if k != "team"},
        },
        reason=note[:500],
        kind=f"episode_{e.kind.lower()}",
        summary=f"{e.child.full_name} ({_kind_word(e)}): {t.label[0].lower()}{t.label[1:]}",
        detail=_step_detail(e, t, note, closing),
        significant=e.kind != "EH" or closing,
        occurred_at=_when(day),
    )
    return e


@action
def episode_transition(
    *, by, episode: Episode, event: str, expected_version: int, data: dict[str, Any], note: str = ""
) -> Episode:
    """Make one step of the episode's state machine, if its table allows it."""
    t = machines.transition(episode.kind, event)
    if t is None:
        raise errors.RuleViolation(msg.STEP_UNKNOWN)
    permit(policy.can_change_episode(by, episode.family, t.duty))
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


@action
def episode_mark_looked_after(
    *, by, episode: Episode, from_on: dt.date, legal_status: str = ""
) -> Episode:
    permit(policy.can_change_episode(by, episode.family, machines.SW))
    errs = _Errors()
    _check_date(
        errs, "looked_after_from", from_on, child=episode.child, referral=episode.referral_date
    )
    errs.raise_if_any()
    bump(
        episode,
        None,
        msg.STALE_EPISODE,
        {
            "looked_after": True,
            "looked_after_from": from_on,
            "looked_after_legal_status": legal_status,
        },
    )
    _record_change(
        by,
        episode,
        {"looked_after": [False, True], "looked_after_from": [None, from_on.isoformat()]},
        kind="looked_after",
        summary=f"{episode.child.full_name} became looked after",
        significant=True,
        occurred_at=_when(from_on),
    )
    return episode


@action
def episode_allocate(*, by, episode: Episode, practitioner: Practitioner) -> Episode:
    """A manager allocates the episode to a worker in one action."""
    permit(policy.can_allocate_episode(by, episode))
    before = episode.allocated_to
    bump(
        episode,
        None,
        msg.STALE_EPISODE,
        {"allocated_to": practitioner, "team": practitioner.team or episode.team},
    )
    role = org_policy.allocation_involvement_role(practitioner, episode.kind)
    involvements.involvement_ensure(
        by=by, family=episode.family, practitioner=practitioner, role=role
    )
    _record_change(
        by,
        episode,
        {"allocated_to": [str(before) if before else None, str(practitioner)]},
        kind="allocation",
        summary=f"{episode} allocated to {practitioner.name} ({practitioner.organisation.name})",
    )
    notify(
        recipient=practitioner.user,
        subject=f"Allocated to you: {episode}",
        body=f"{principal_for(by).label} allocated this work to you.",
        link=links.ref(episode),
        kind="allocation",
        family=episode.family,
    )
    return episode

"""Writes for pre-proceedings and family group decision-making (s31ZA). Each action checks the
policy, validates (RuleViolation with the field's message), writes, opens or meets its clocks
from rules/data/pre_proceedings, records the audit event and the chronology entry, in one
transaction (access.doorway)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

import audit
import codelists
import rules
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors, links
from notices.actions import notify
from organisations.policy import team_managers
from people.actions import chronicle
from people.models import Family, Person

from . import messages as msg
from . import policy
from .family import open_cin_episode, parents_and_pr
from .models import (
    ClockKind,
    FgdmOffer,
    MeetingKind,
    NetworkMember,
    OfferResponse,
    PreProceedings,
    ProceedingsClock,
    ProceedingsMeeting,
)

SYSTEM = "pre-proceedings reminders"
OUTCOMES = "pre_proceedings_outcome"
PROCEEDINGS_OUTCOME = "A"


def _today() -> dt.date:
    return timezone.localdate()


def _when(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _refuse(field_errors: dict[str, list[str]]) -> None:
    if field_errors:
        first = next(iter(field_errors.values()))[0]
        raise errors.RuleViolation(first, field_errors=field_errors)


def rules_of(proceedings: PreProceedings) -> rules.PreProceedingsRules:
    """The timescales the pre-proceedings began under (kept when a new version takes effect)."""
    return rules.get("pre_proceedings", proceedings.rules_version)


def _open_clock(proceedings, kind: str, starts_on: dt.date, due_on: dt.date) -> None:
    ProceedingsClock.objects.create(
        proceedings=proceedings,
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        rules_version=proceedings.rules_version,
    )


def _running(proceedings, kinds: Iterable[str] | None = None):
    clocks = ProceedingsClock.objects.filter(
        proceedings=proceedings, met_on__isnull=True, stopped_on__isnull=True
    )
    return clocks if kinds is None else clocks.filter(kind__in=list(kinds))


def _check_day(day: dt.date | None, field: str, proceedings=None) -> dict[str, list[str]]:
    if day is None:
        return {}
    if day > _today():
        return {field: [msg.FUTURE_DATE]}
    if proceedings is not None and day < proceedings.started_on:
        return {field: [msg.BEFORE_START]}
    return {}


def _still_open(proceedings: PreProceedings) -> None:
    if proceedings.is_concluded:
        raise errors.RuleViolation(msg.CONCLUDED)


@action
def pre_proceedings_begin(
    *,
    by,
    family: Family,
    child: Person,
    started_on: dt.date,
    decided_by: str,
    decision_reasons: str = "",
) -> PreProceedings:
    """The legal planning meeting's decision to begin pre-proceedings for a child on the edge
    of care (a child with an open child in need or child protection episode)."""
    permit(policy.can_begin_pre_proceedings(by, family))
    episode = open_cin_episode(family, child)
    problems = _check_day(started_on, "started_on")
    if episode is None:
        problems.setdefault("child", [msg.NO_CIN_EPISODE])
    elif PreProceedings.objects.filter(child=child, outcome="").exists():
        problems.setdefault("child", [msg.ALREADY_OPEN])
    if not decided_by.strip():
        problems["decided_by"] = [msg.DECIDED_BY]
    _refuse(problems)
    assert episode is not None
    ruleset = rules.version_for("pre_proceedings", on=started_on)
    proceedings = PreProceedings.objects.create(
        family=family,
        child=child,
        episode=episode,
        started_on=started_on,
        decided_by=decided_by.strip(),
        decision_reasons=decision_reasons.strip(),
        rules_version=ruleset.version,
        recorded_by=by.user,
    )
    _open_clock(proceedings, ClockKind.LETTER, started_on, ruleset.letter_due(started_on))
    _open_clock(proceedings, ClockKind.DECISION, started_on, ruleset.decision_due(started_on))
    audit.record(
        by,
        Verb.CREATE,
        proceedings,
        family=family,
        person=child,
        changes={"started_on": [None, str(started_on)]},
    )
    chronicle(
        by=by,
        family=family,
        person=child,
        kind="pre_proceedings",
        summary=f"Pre-proceedings begun for {child.full_name}",
        detail=f"Decided by {proceedings.decided_by}.",
        occurred_at=_when(started_on),
        significant=True,
    )
    return proceedings


def _offer_problems(proceedings, person, offered_on, response, responded_on):
    problems = _check_day(offered_on, "offered_on", proceedings)
    if proceedings.fgdm_exception:
        problems.setdefault("person", [msg.EXCEPTION_RECORDED])
    elif person.pk not in {p.pk for p in parents_and_pr(proceedings.family, proceedings.child)}:
        problems.setdefault("person", [msg.NOT_A_PARENT])
    elif FgdmOffer.objects.filter(proceedings=proceedings, person=person).exists():
        problems.setdefault("person", [msg.ALREADY_OFFERED])
    court = proceedings.court_application_on
    if court is not None and offered_on >= court:
        problems.setdefault("offered_on", [msg.OFFER_AFTER_APPLICATION])
    problems.update(_answer_problems(offered_on, response, responded_on))
    return problems


def _answer_problems(offered_on, response, responded_on) -> dict[str, list[str]]:
    if response == OfferResponse.AWAITING:
        return {}
    if responded_on is None:
        return {"responded_on": [msg.ANSWER_NEEDS_DATE]}
    if responded_on < offered_on:
        return {"responded_on": [msg.ANSWER_DATE]}
    return _check_day(responded_on, "responded_on")


def _accepted(by, proceedings, offer) -> None:
    """An acceptance: the meeting must now be held before any application (its clock)."""
    if not _running(proceedings, [ClockKind.FGDM_MEETING]).exists() and not (
        ProceedingsMeeting.objects.filter(proceedings=proceedings, kind=MeetingKind.FGDM).exists()
    ):
        day = offer.responded_on
        _open_clock(
            proceedings, ClockKind.FGDM_MEETING, day, rules_of(proceedings).fgdm_meeting_due(day)
        )


@action
def fgdm_offer_record(
    *,
    by,
    proceedings: PreProceedings,
    person: Person,
    offered_on: dt.date,
    method: str,
    response: str = OfferResponse.AWAITING,
    responded_on: dt.date | None = None,
) -> FgdmOffer:
    """The offer of a family group decision-making meeting to a parent or a person with
    parental responsibility (s31ZA), dated before any court application, and their answer."""
    permit(policy.can_record_pre_proceedings(by, proceedings))
    _still_open(proceedings)
    _refuse(_offer_problems(proceedings, person, offered_on, response, responded_on))
    offer = FgdmOffer.objects.create(
        proceedings=proceedings,
        person=person,
        offered_on=offered_on,
        method=method,
        response=response,
        responded_on=responded_on if response != OfferResponse.AWAITING else None,
        recorded_by=by.user,
    )
    if response == OfferResponse.ACCEPTED:
        _accepted(by, proceedings, offer)
    audit.record(
        by,
        Verb.CREATE,
        offer,
        family=proceedings.family,
        person=person,
        changes={"response": [None, response]},
    )
    answer = (
        "" if response == OfferResponse.AWAITING else f": {offer.get_response_display().lower()}"
    )
    chronicle(
        by=by,
        family=proceedings.family,
        person=proceedings.child,
        kind="pre_proceedings",
        summary=f"Family group decision-making meeting offered to {person.full_name}{answer}",
        detail=offer.get_method_display(),
        occurred_at=_when(offered_on),
    )
    return offer


@action
def fgdm_offer_answer(
    *, by, offer: FgdmOffer, response: str, responded_on: dt.date | None
) -> FgdmOffer:
    """The answer to an offer still waiting for one."""
    proceedings = offer.proceedings
    permit(policy.can_record_pre_proceedings(by, proceedings))
    _still_open(proceedings)
    if response == OfferResponse.AWAITING:
        raise errors.RuleViolation(
            msg.OUTCOME_CODE, field_errors={"response": ["Choose an answer"]}
        )
    _refuse(_answer_problems(offer.offered_on, response, responded_on))
    FgdmOffer.objects.filter(pk=offer.pk).update(response=response, responded_on=responded_on)
    offer.refresh_from_db()
    if response == OfferResponse.ACCEPTED:
        _accepted(by, proceedings, offer)
    audit.record(
        by,
        Verb.UPDATE,
        offer,
        family=proceedings.family,
        changes={"response": ["awaiting", response]},
    )
    chronicle(
        by=by,
        family=proceedings.family,
        person=proceedings.child,
        kind="pre_proceedings",
        summary=f"{offer.person.full_name} {offer.get_response_display().lower()} the offer of "
        "a family group decision-making meeting",
    )
    return offer


@action
def fgdm_exception_record(
    *,
    by,
    proceedings: PreProceedings,
    expected_version: int,
    rationale: str,
    decided_by: str,
    decided_on: dt.date,
) -> PreProceedings:
    """s31ZA's exception: offering or holding the meeting is not in the child's best
    interests. The rationale and the decision-maker are required."""
    permit(policy.can_record_pre_proceedings(by, proceedings))
    _still_open(proceedings)
    problems = _check_day(decided_on, "decided_on", proceedings)
    if not rationale.strip():
        problems["rationale"] = [msg.RATIONALE_REQUIRED]
    if not decided_by.strip():
        problems["decided_by"] = [msg.EXCEPTION_DECIDED_BY]
    _refuse(problems)
    bump(
        proceedings,
        expected_version,
        msg.STALE,
        {
            "fgdm_exception": True,
            "exception_rationale": rationale.strip(),
            "exception_decided_by": decided_by.strip(),
            "exception_decided_on": decided_on,
        },
    )
    _running(proceedings, [ClockKind.FGDM_MEETING]).update(stopped_on=decided_on)
    audit.record(
        by,
        Verb.UPDATE,
        proceedings,
        family=proceedings.family,
        person=proceedings.child,
        reason="FGDM not in the child's best interests",
        changes={"fgdm_exception": [False, True]},
    )
    chronicle(
        by=by,
        family=proceedings.family,
        person=proceedings.child,
        kind="pre_proceedings",
        summary="Family group decision-making meeting not in the child's best interests",
        detail=f"Decided by {decided_by.strip()}: {rationale.strip()}",
        occurred_at=_when(decided_on),
        significant=True,
    )
    return proceedings


@action
def network_member_add(
    *,
    by,
    proceedings: PreProceedings,
    name: str,
    kind: str,
    relationship: str,
    phone: str = "",
    email: str = "",
    address: str = "",
) -> NetworkMember:
    """Someone in the family network: a relative, a friend, someone important to the child."""
    permit(policy.can_record_pre_proceedings(by, proceedings))
    problems: dict[str, list[str]] = {}
    if not name.strip():
        problems["name"] = ["Enter their name"]
    if not relationship.strip():
        problems["relationship"] = ["Enter how they are related to or know the child"]
    _refuse(problems)
    member = NetworkMember.objects.create(
        proceedings=proceedings,
        name=name.strip(),
        kind=kind,
        relationship=relationship.strip(),
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        added_by=by.user,
    )
    audit.record(by, Verb.CREATE, member, family=proceedings.family)
    return member


def _meeting_problems(proceedings, kind, held_on, family_plan) -> dict[str, list[str]]:
    problems = _check_day(held_on, "held_on", proceedings)
    court = proceedings.court_application_on
    if court is not None and held_on >= court:
        problems.setdefault("held_on", [msg.MEETING_AFTER_APPLICATION])
    if kind == MeetingKind.FGDM and not family_plan.strip():
        problems["family_plan"] = [msg.PLAN_REQUIRED]
    initial = ProceedingsMeeting.objects.filter(proceedings=proceedings, kind=MeetingKind.INITIAL)
    if kind == MeetingKind.REVIEW and not initial.filter(held_on__lte=held_on).exists():
        problems.setdefault("kind", [msg.INITIAL_FIRST])
    return problems


def _meeting_clocks(proceedings, kind: str, held_on: dt.date) -> None:
    ruleset = rules_of(proceedings)
    if kind == MeetingKind.FGDM:
        _running(proceedings, [ClockKind.FGDM_MEETING]).update(met_on=held_on)
        return
    _running(proceedings, [ClockKind.INITIAL_MEETING, ClockKind.REVIEW]).update(met_on=held_on)
    _open_clock(proceedings, ClockKind.REVIEW, held_on, ruleset.review_due(held_on))


@action
def proceedings_meeting_record(
    *,
    by,
    proceedings: PreProceedings,
    kind: str,
    held_on: dt.date,
    family_attended=(),
    network_attended=(),
    others_attended: str = "",
    family_plan: str = "",
    notes: str = "",
) -> ProceedingsMeeting:
    """A meeting in pre-proceedings: the FGDM meeting (with the family's own plan, kept in
    their words), the initial pre-proceedings meeting or a review."""
    permit(policy.can_record_pre_proceedings(by, proceedings))
    _still_open(proceedings)
    _refuse(_meeting_problems(proceedings, kind, held_on, family_plan))
    meeting = ProceedingsMeeting.objects.create(
        proceedings=proceedings,
        kind=kind,
        held_on=held_on,
        others_attended=others_attended.strip(),
        family_plan=family_plan.strip() if kind == MeetingKind.FGDM else "",
        notes=notes.strip(),
        recorded_by=by.user,
    )
    meeting.family_attended.set(family_attended)
    meeting.network_attended.set(network_attended)
    _meeting_clocks(proceedings, kind, held_on)
    audit.record(
        by, Verb.CREATE, meeting, family=proceedings.family, changes={"kind": [None, kind]}
    )
    chronicle(
        by=by,
        family=proceedings.family,
        person=proceedings.child,
        kind="pre_proceedings",
        summary=f"{meeting.get_kind_display()} held",
        detail="The family made their own plan." if meeting.family_plan else "",
        occurred_at=_when(held_on),
        significant=kind == MeetingKind.FGDM,
    )
    return meeting


def _application_problems(proceedings, court: dt.date) -> dict[str, list[str]]:
    """s31ZA before a court application: every parent and person with parental responsibility
    offered a meeting (before the application) unless the exception is recorded, and a meeting
    held before it if any of them accepted."""
    offers = list(FgdmOffer.objects.filter(proceedings=proceedings).select_related("person"))
    late = [o for o in offers if o.offered_on >= court]
    if late:
        day = f"{late[0].offered_on:%-d %B %Y}"
        return {"court_application_on": [msg.APPLICATION_BEFORE_OFFER.format(day=day)]}
    if proceedings.fgdm_exception:
        return {}
    offered = {o.person_id for o in offers}
    missing = [
        p.full_name
        for p in parents_and_pr(proceedings.family, proceedings.child)
        if p.pk not in offered
    ]
    if missing:
        return {"court_application_on": [msg.NOT_OFFERED.format(names=" and ".join(missing))]}
    accepted = [o.person.full_name for o in offers if o.response == OfferResponse.ACCEPTED]
    held = ProceedingsMeeting.objects.filter(
        proceedings=proceedings, kind=MeetingKind.FGDM, held_on__lt=court
    )
    if accepted and not held.exists():
        return {"court_application_on": [msg.MEETING_NOT_HELD.format(names=" and ".join(accepted))]}
    return {}


def _timeline_problems(proceedings, data: dict) -> dict[str, list[str]]:
    letter, step = data.get("letter_sent_on"), data.get("step_decision_on")
    outcome, court = data.get("outcome") or "", data.get("court_application_on")
    problems: dict[str, list[str]] = {}
    for field in ("letter_sent_on", "step_decision_on", "court_application_on"):
        problems.update(_check_day(data.get(field), field, proceedings))
    if outcome and not codelists.is_valid(OUTCOMES, outcome):
        problems["outcome"] = [msg.OUTCOME_CODE]
    if outcome and step is None:
        problems.setdefault("step_decision_on", [msg.OUTCOME_NEEDS_DECISION])
    if court is not None:
        if outcome != PROCEEDINGS_OUTCOME:
            problems.setdefault("court_application_on", [msg.APPLICATION_NEEDS_PROCEEDINGS])
        elif step is not None and court < step:
            problems.setdefault("court_application_on", [msg.APPLICATION_BEFORE_DECISION])
        else:
            for name, messages in _application_problems(proceedings, court).items():
                problems.setdefault(name, messages)
    if letter is not None and letter < proceedings.started_on:
        problems["letter_sent_on"] = [msg.LETTER_BEFORE_START]
    return problems


TIMELINE_FIELDS = ("letter_sent_on", "step_decision_on", "outcome", "court_application_on")


def _timeline_clocks(proceedings, before: dict, after: dict) -> None:
    letter = after["letter_sent_on"]
    if letter and not before["letter_sent_on"]:
        _running(proceedings, [ClockKind.LETTER]).update(met_on=letter)
        initial = ProceedingsMeeting.objects.filter(
            proceedings=proceedings, kind=MeetingKind.INITIAL
        )
        if not initial.exists():
            due = rules_of(proceedings).initial_meeting_due(letter)
            _open_clock(proceedings, ClockKind.INITIAL_MEETING, letter, due)
    step = after["step_decision_on"]
    if step and after["outcome"]:
        _running(proceedings, [ClockKind.DECISION]).update(met_on=step)
        _running(proceedings).update(stopped_on=step)


@action
def pre_proceedings_timeline_update(
    *, by, proceedings: PreProceedings, expected_version: int, data: dict
) -> PreProceedings:
    """The dates the census reports: the letter before proceedings sent, the step decision and
    its outcome (CS131), the court application. An application must come after every FGDM
    offer, with a meeting held first if anyone accepted (s31ZA)."""
    permit(policy.can_record_pre_proceedings(by, proceedings))
    _still_open(proceedings)
    values = {f: data.get(f) or ("" if f == "outcome" else None) for f in TIMELINE_FIELDS}
    _refuse(_timeline_problems(proceedings, values))
    before = {f: getattr(proceedings, f) for f in TIMELINE_FIELDS}
    bump(proceedings, expected_version, msg.STALE, values)
    _timeline_clocks(proceedings, before, values)
    changes = {
        f: [str(before[f] or ""), str(values[f] or "")] for f in values if before[f] != values[f]
    }
    audit.record(
        by,
        Verb.UPDATE,
        proceedings,
        family=proceedings.family,
        person=proceedings.child,
        changes=changes,
    )
    for field, label in (
        ("letter_sent_on", "Letter before proceedings sent"),
        ("step_decision_on", "Pre-proceedings step decision"),
        ("court_application_on", "Application to court for care proceedings"),
    ):
        day = values[field]
        if isinstance(day, dt.date) and day != before[field]:
            summary = label
            if field == "step_decision_on" and values["outcome"]:
                summary += f": {codelists.label(OUTCOMES, values['outcome'])}"
            chronicle(
                by=by,
                family=proceedings.family,
                person=proceedings.child,
                kind="pre_proceedings",
                summary=summary,
                occurred_at=_when(day),
                significant=True,
            )
    return proceedings


# --- Reminders (run daily by proceedings.tasks) ----------------------------------------------


@action
def reminders_send(*, by: str = SYSTEM, today: dt.date | None = None) -> int:
    """Overdue pre-proceedings clocks remind the child's allocated worker (or the team's
    managers when the episode is unallocated), once a week, as casework's clocks do."""
    today = today or _today()
    week_ago = today - dt.timedelta(days=7)
    overdue = (
        _running_all()
        .filter(due_on__lt=today)
        .exclude(reminded_on__gt=week_ago)
        .select_related(
            "proceedings__child",
            "proceedings__family",
            "proceedings__episode__allocated_to__user",
        )
    )
    sent = 0
    for clock in overdue.iterator():
        proceedings = clock.proceedings
        episode = proceedings.episode
        if episode.allocated_to_id:
            recipients = [episode.allocated_to.user]
        else:
            managers = team_managers([episode.team_id]) if episode.team_id else []
            recipients = [m.user for m in managers]
        for user in recipients:
            notify(
                recipient=user,
                subject=f"Overdue: {clock.get_kind_display()} for {proceedings.child.full_name}",
                body=f"Due {clock.due_on:%-d %B %Y} ({clock.rules_version}).",
                link=links.ref(proceedings),
                kind="overdue",
                family=proceedings.family,
            )
            sent += 1
        ProceedingsClock.objects.filter(pk=clock.pk).update(reminded_on=today)
    return sent


def _running_all():
    return ProceedingsClock.objects.filter(met_on__isnull=True, stopped_on__isnull=True)

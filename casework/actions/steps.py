"""Step up (early help to children's social care) and step down (back to early help)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

import audit
import rules
from access.doorway import action, permit
from access.principals import principal_for
from audit.models import Verb
from casework import policy
from familyhub import errors, links
from notices.actions import notify
from organisations import actions as involvements
from organisations import policy as org_policy
from organisations.models import Involvement, InvolvementRole, Practitioner
from people.actions import chronicle
from people.models import Family, Person

from .. import machines
from .. import messages as msg
from ..carry import carried, carried_text
from ..models import (
    ClockKind,
    Episode,
    EpisodeTransition,
    StepDown,
    StepUp,
)
from ._common import (
    _Errors,
    _is_current_child,
    _is_member,
    _today,
    _when,
    had_plan_or_protection,
)
from .clocks import _open_clock
from .episodes import _agreed_at_words, _apply_step, _open_episode_of
from .lead import lead_assign
from .plan import current_plan


def _front_door_teams():
    return {p.team for p in org_policy.front_door_workers().filter(team__isnull=False)}


def _carried(family: Family) -> dict[str, Any]:
    """What a step-up or step-down carries (casework.carry): everything the family told us."""
    return carried(family, current_plan(family))


@action
def step_up(
    *,
    by,
    family: Family,
    children,
    reason: str,
    lead_view: str,
    immediate_risk: bool | None,
    disclosure: bool | None,
    no_episode_reason: str = "",
    lead_stays_involved: bool = True,
) -> StepUp:
    """Early help to children's social care in one action: a contact to the front door carrying
    the assessment, the plan, the chronology and the lead practitioner's view.

    It asks what the concern form asks: immediate risk, and whether a child disclosed harm; the
    front-door rules in force decide whether that makes the contact urgent (red, same-day clock,
    the manager told, first in the queue). It needs an open early help episode, or the reason
    there is none.

    The StepUp record keeps what was carried; the front door gets a contact
    (frontdoor.actions.contacts.contact_from_step_up), every front-door practitioner a notice,
    and the front-door team is made involved so it can open the record."""
    permit(policy.can_record_casework(by, family))
    children = list(children)
    _check_step_up(
        family, children, reason, lead_view, immediate_risk, disclosure, no_episode_reason
    )
    urgent = rules.current("front_door").is_urgent(
        {"immediate_risk": immediate_risk, "disclosure": disclosure}
    )
    record = StepUp.objects.create(
        family=family,
        reason=reason.strip(),
        lead_view=lead_view.strip(),
        lead_stays_involved=lead_stays_involved,
        immediate_risk=immediate_risk,
        disclosure=disclosure,
        urgent=urgent,
        no_episode_reason=(no_episode_reason or "").strip(),
        carried=_carried(family),
        by=by.user,
    )
    record.children.set(children)
    from frontdoor.actions.contacts import contact_from_step_up

    contact = contact_from_step_up(
        by=by,
        family=family,
        children=children,
        reason=reason.strip(),
        lead_view=lead_view.strip(),
        carried_text=carried_text(record.carried),
        urgent=urgent,
    )
    StepUp.objects.filter(pk=record.pk).update(frontdoor_contact_id=contact.pk)
    record.frontdoor_contact_id = contact.pk
    t = machines.transition("EH", "step_up")
    assert t is not None  # the early-help table has a step_up row
    for episode in Episode.objects.open().filter(family=family, kind="EH", child__in=children):
        if episode.state in t.sources:
            _apply_step(
                by=by, episode=episode, t=t, data={}, note="Stepped up to children's social care"
            )
    _tell_the_front_door(by, family, record, contact, children, reason)
    _record_step_up(by, record, children)
    return record


def _record_step_up(by, record: StepUp, children) -> None:
    """The step-up's audit event and its significant chronology entry."""
    family = record.family
    audit.record(
        by,
        Verb.CREATE,
        record,
        family=family,
        changes={
            "children": [None, [c.pk for c in children]],
            "carried": list(record.carried),
            "urgent": record.urgent,
            "no_episode_reason": record.no_episode_reason,
        },
    )
    chronicle(
        by=by,
        family=family,
        kind="step_up",
        significant=True,
        summary=("Urgent step-up" if record.urgent else "Stepped up")
        + " to children's social care: contact sent to the front door with the "
        "assessment, the plan and the chronology",
        detail=f"Children: {', '.join(c.full_name for c in children)}\nReason: {record.reason}\n"
        f"Lead practitioner's view: {record.lead_view}\n"
        + ("The lead practitioner stays involved." if record.lead_stays_involved else ""),
    )


def _tell_the_front_door(by, family, record, contact, children, reason):
    """The front-door teams become involved (to open the record); every front-door
    practitioner gets a notice."""
    for team in _front_door_teams():
        involvements.involvement_ensure(
            by=by,
            family=family,
            team=team,
            role=InvolvementRole.OTHER,
            notes="Front door: step-up contact",
            changes={"team": [None, team.name], "step_up": record.pk},
        )
    for practitioner in org_policy.front_door_workers():
        notify(
            recipient=practitioner.user,
            subject=f"Step-up from early help: {family.name} (contact {contact.reference})",
            body=f"{principal_for(by).label} asks children's social care to consider "
            f"{', '.join(c.full_name for c in children)}. Reason: {reason.strip()}",
            link=links.ref(record),
            kind="step_up",
            family=family,
        )


def _check_step_up(
    family, children, reason, lead_view, immediate_risk, disclosure, no_episode_reason
):
    """The children (current children of the family), the reason, the lead's view, the two
    urgency answers, and an open early help episode or the reason there is none."""
    errs = _Errors()
    if immediate_risk is None:
        errs.add("immediate_risk", msg.STEP_UP_RISK)
    if disclosure is None:
        errs.add("disclosure", msg.STEP_UP_DISCLOSURE)
    if (
        not Episode.objects.open().filter(family=family, kind="EH").exists()
        and not (no_episode_reason or "").strip()
    ):
        errs.add("no_episode_reason", msg.STEP_UP_NO_EPISODE)
    if not children:
        errs.add("children", msg.STEP_UP_NEEDS_CHILD)
    if any(not _is_current_child(family, c) for c in children):
        errs.add("children", msg.NOT_A_CHILD_OF_FAMILY)
    if not (reason or "").strip():
        errs.add("reason", msg.REQUIRED.format(label="why you are stepping up"))
    if not (lead_view or "").strip():
        errs.add("lead_view", msg.REQUIRED.format(label="the lead practitioner's view"))
    errs.raise_if_any()


@action
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
    permit(policy.can_change_episode(by, family, machines.SW))
    episodes = list(Episode.objects.filter(pk__in=[e.pk for e in episodes]).select_related("child"))
    _check_step_down(
        by,
        family,
        episodes,
        agreed_at=agreed_at,
        agreed_on=agreed_on,
        receiving_lead=receiving_lead,
        family_consent_on=family_consent_on,
        family_consent_by=family_consent_by,
        handover_note=handover_note,
    )
    ts = rules.current("timescales")
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
        proposed_by=by.user,
        carried=_carried(family),
    )
    record.from_episodes.set(episodes)
    _ask_the_receiving_lead(by, family, record, receiving_lead)
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


def _ask_the_receiving_lead(by, family, record, receiving_lead):
    """The proposed lead becomes involved (to see what they are asked to take on) and is asked."""
    involvements.involvement_ensure(
        by=by,
        family=family,
        practitioner=receiving_lead,
        role=InvolvementRole.OTHER,
        notes="Proposed lead practitioner (step-down)",
    )
    notify(
        recipient=receiving_lead.user,
        subject=f"Step-down to early help: will you lead for {family.name}?",
        body=f"{principal_for(by).label} proposes you as lead practitioner. "
        "Please accept or decline by "
        f"{record.accept_by:%-d %B %Y}.",
        link=links.ref(record),
        kind="step_down",
        family=family,
    )


def _check_step_down(
    by,
    family,
    episodes,
    *,
    agreed_at,
    agreed_on,
    receiving_lead,
    family_consent_on,
    family_consent_by,
    handover_note,
):
    """CIN episodes of this family (none with a CP episode open; at assessment closure: assessed),
    a lead who is not oneself, consent from a family member, the dates and a handover note."""
    errs = _Errors()
    if not episodes or any(
        e.kind != "CIN" or not e.is_open or e.family_id != family.pk for e in episodes
    ):
        errs.add("episodes", msg.STEP_DOWN_NEEDS_CIN)
    for e in episodes:
        if Episode.objects.open().filter(child=e.child, kind="CP").exists():
            errs.add("episodes", msg.STEP_DOWN_FROM_CP.format(child=e.child.full_name))
        if agreed_at == "assessment_closure" and e.state != "assessed":
            errs.add("agreed_at", msg.STEP_DOWN_AT_ASSESSMENT)
        elif agreed_at == "assessment_closure" and had_plan_or_protection(e):
            errs.add("agreed_at", msg.STEP_DOWN_AFTER_PLAN.format(child=e.child.full_name))
    if receiving_lead is None or (by.user is not None and receiving_lead.user_id == by.user_id):
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


@action
def step_down_accept(*, by, step_down: StepDown, note: str = "") -> StepDown:
    """The receiving lead accepts: the CIN episodes close, early help episodes open with the plan
    carried over, the lead is recorded, and only now does the social worker leave."""
    record = StepDown.objects.select_for_update().get(pk=step_down.pk)
    permit(principal_for(by).practitioner_id == record.receiving_lead_id)
    if record.status != "proposed":
        raise errors.RuleViolation(msg.STEP_DOWN_DECIDED)
    family = record.family
    today = _today()
    plan = current_plan(family)
    lead = record.receiving_lead
    _hand_episodes_over(by, record, plan, today)
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
    involvements.involvements_end(
        by=by,
        involvements=Involvement.objects.active().filter(
            family=family, role=InvolvementRole.SOCIAL_WORKER
        ),
        reason=f"Stepped down to early help ({lead.name} accepted)",
    )
    involvements.involvements_end(
        by=by,
        involvements=Involvement.objects.active().filter(
            family=family,
            practitioner=lead,
            role=InvolvementRole.OTHER,
            notes="Proposed lead practitioner (step-down)",
        ),
        reason="Accepted as lead practitioner",
    )
    StepDown.objects.filter(pk=record.pk).update(
        status="accepted", decided_at=timezone.now(), decision_note=note
    )
    record.refresh_from_db()
    notify(
        recipient=record.proposed_by,
        subject=f"Step-down accepted: {family.name}",
        body=f"{lead.name} accepted as lead practitioner.",
        link=links.ref(record),
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


def _hand_episodes_over(by, record, plan, today):
    """Close each CIN episode stepped down (RC9 at assessment closure, else RC7) and open an early
    help episode for the child, with the plan carried over."""
    family, lead = record.family, record.receiving_lead
    close = machines.transition("CIN", "close")
    reason = "RC9" if record.agreed_at == "assessment_closure" else "RC7"
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
            ts = rules.current("timescales")  # a new episode: the version in force
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
                rules_version=ts.version,
            )
            EpisodeTransition.objects.create(
                episode=eh,
                event="open",
                from_state="",
                to_state=eh.state,
                occurred_on=today,
                by=by.user,
                note="Opened by step-down from children's social care"
                + ("; family plan carried over" if plan else ""),
                rules_version=ts.version,
            )
            if plan:
                _open_clock(eh, ClockKind.EH_REVIEW, today, ts.eh_review_due(today))
            audit.record(
                by,
                Verb.CREATE,
                eh,
                family=family,
                person=eh.child,
                changes={"from_step_down": record.pk},
            )


@action
def step_down_decline(*, by, step_down: StepDown, note: str) -> StepDown:
    record = StepDown.objects.select_for_update().get(pk=step_down.pk)
    permit(principal_for(by).practitioner_id == record.receiving_lead_id)
    if record.status != "proposed":
        raise errors.RuleViolation(msg.STEP_DOWN_DECIDED)
    if not (note or "").strip():
        message = msg.REQUIRED.format(label="why you cannot take this on")
        raise errors.RuleViolation(message, field_errors={"note": [message]})
    StepDown.objects.filter(pk=record.pk).update(
        status="declined", decided_at=timezone.now(), decision_note=note
    )
    record.refresh_from_db()
    involvements.involvements_end(
        by=by,
        involvements=Involvement.objects.active().filter(
            family=record.family,
            practitioner=record.receiving_lead,
            role=InvolvementRole.OTHER,
            notes="Proposed lead practitioner (step-down)",
        ),
        reason="Declined the step-down",
    )
    notify(
        recipient=record.proposed_by,
        subject=f"Step-down declined: {record.family.name}",
        body=note,
        link=links.ref(record.family),
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

"""Threshold decisions: the decision against the continuum in force, manager sign-off where the
partnership requires it, routing by rules (with a manager's recorded override), feedback to the
referrer, and disagreements with the decision and their resolution."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import audit
import codelists
import rules
from access.doorway import action, bump, permit
from audit.models import Verb
from familyhub import errors, events, links
from frontdoor import policy
from notices.actions import notify
from organisations import actions as involvements
from organisations import policy as org_policy
from organisations.models import InvolvementRole, Team
from organisations.queries import practitioner_of
from people import actions as people_actions
from people.actions import chronicle

from .. import messages as msg
from ..models import (
    CSC_OUTCOMES,
    ROUTED_OUTCOMES,
    Contact,
    ContactStatus,
    Continuum,
    Dissent,
    DissentStatus,
    NamedRole,
    Outcome,
    Resolution,
    SignOff,
    ThresholdDecision,
)
from . import _common as c
from .contacts import contact_reopen, front_door_managers


def team_named(name: str) -> Team | None:
    return Team.objects.filter(name=name).order_by("pk").first()


def proposed_route(*, outcome: str, locality: str, level: int | None, need: str = ""):
    """(rule, team) the routing rules give, or (None, None)."""
    if outcome not in ROUTED_OUTCOMES:
        return None, None
    routing = rules.current("routing")
    rule = routing.route(outcome=outcome, locality=locality, level=level, need=need)
    return rule, (team_named(rule.team) if rule else None)


def _validate(data: dict[str, Any], continuum: Continuum) -> dict[str, list[str]]:
    field_errors: dict[str, list[str]] = {}
    if data.get("level") not in continuum.level_numbers():
        field_errors["level"] = [msg.LEVEL_REQUIRED]
    if not set(data.get("indicators") or ()) <= continuum.indicator_codes():
        field_errors["indicators"] = [msg.UNKNOWN_INDICATOR]
    if not (data.get("rationale") or "").strip():
        field_errors["rationale"] = [msg.RATIONALE_REQUIRED]
    outcome = data.get("outcome")
    if outcome not in Outcome.values:
        field_errors["outcome"] = [msg.OUTCOME_DECISION_REQUIRED]
    if not (data.get("feedback_to_referrer") or "").strip():
        field_errors["feedback_to_referrer"] = [msg.FEEDBACK_REQUIRED]
    source, need = data.get("referral_source") or "", data.get("primary_need") or ""
    if source and not codelists.is_valid("referral_source", source):
        field_errors["referral_source"] = [msg.SOURCE_UNKNOWN]
    elif outcome in CSC_OUTCOMES and not source:
        field_errors["referral_source"] = [msg.SOURCE_REQUIRED]
    if need and not codelists.is_valid("primary_need", need):
        field_errors["primary_need"] = [msg.NEED_UNKNOWN]
    elif outcome in CSC_OUTCOMES and not need:
        field_errors["primary_need"] = [msg.NEED_REQUIRED]
    if outcome == Outcome.EARLY_HELP and not data.get("locality"):
        field_errors["locality"] = [msg.LOCALITY_REQUIRED]
    return field_errors


def _route(by, data: dict[str, Any], field_errors: dict) -> dict[str, Any]:
    """The team the rules name, or a chosen team with the reason (a manager's override when
    the rules named another; anyone's choice when no rule matched)."""
    outcome = data.get("outcome")
    if outcome not in ROUTED_OUTCOMES or field_errors:
        return {"team": None, "routing_rule": "", "override_reason": ""}
    rule, rule_team = proposed_route(
        outcome=outcome,
        locality=data.get("locality") or "",
        level=data.get("level"),
        need=data.get("primary_need") or "",
    )
    chosen: Team | None = data.get("team")
    reason = (data.get("override_reason") or "").strip()
    if chosen is None or (rule_team is not None and chosen.pk == rule_team.pk):
        if rule_team is None:
            field_errors["team"] = [msg.TEAM_REQUIRED]
        return {"team": rule_team, "routing_rule": rule.id if rule else "", "override_reason": ""}
    if rule_team is not None and not policy.can_override_routing(by):
        field_errors["team"] = [msg.OVERRIDE_NOT_MANAGER]
    if not reason:
        field_errors["override_reason"] = [msg.OVERRIDE_REASON_REQUIRED]
    return {
        "team": chosen,
        "routing_rule": rule.id if rule else "",
        "override_reason": reason,
    }


@action
def decision_record(
    *, by, contact: Contact, expected_version: int, data: dict[str, Any]
) -> ThresholdDecision:
    """Decide the contact against the continuum of need in force today. The decision keeps
    that version, the code-list versions and the routing-rules version it was made under."""
    permit(policy.can_work_contact(by, contact))
    contact = c.lock(Contact, contact)
    if contact.version != expected_version:
        raise errors.StaleVersion(msg.STALE_CONTACT, current=contact)
    if ContactStatus.DECIDED not in _allowed(contact):
        c.transition(by=by, contact=contact, to=ContactStatus.DECIDED)  # refuses, with reason
    continuum = Continuum.objects.in_force(timezone.localdate())
    field_errors = _validate(data, continuum)
    route = _route(by, data, field_errors)
    c.refuse(field_errors)
    level, outcome = data["level"], data["outcome"]
    sign_off = SignOff.PENDING if continuum.requires_sign_off(level) else SignOff.NOT_REQUIRED
    decision = ThresholdDecision.objects.create(
        contact=contact,
        continuum=continuum,
        level=level,
        indicators=list(data.get("indicators") or ()),
        rationale=data["rationale"].strip(),
        outcome=outcome,
        feedback_to_referrer=data["feedback_to_referrer"].strip(),
        referral_source=data.get("referral_source") or "",
        primary_need=data.get("primary_need") or "",
        codelist_versions={
            "referral_source": codelists.version("referral_source"),
            "primary_need": codelists.version("primary_need"),
        },
        referrer_view=(data.get("referrer_view") or "").strip(),
        locality=data.get("locality") or "",
        team=route["team"],
        routing_version=rules.current("routing").version if outcome in ROUTED_OUTCOMES else "",
        routing_rule=route["routing_rule"],
        override_reason=route["override_reason"],
        overridden_by=by if route["override_reason"] else None,
        decided_by=by.user,
        decided_at=timezone.now(),
        sign_off=sign_off,
    )
    if decision.referral_source and decision.referral_source != contact.source:
        Contact.objects.filter(pk=contact.pk).update(source=decision.referral_source)
    c.transition(
        by=by,
        contact=contact,
        to=ContactStatus.DECIDED,
        note=f"{decision.get_outcome_display()} ({decision.level_name})",
    )
    audit.record(
        by,
        Verb.CREATE,
        decision,
        family=contact.family,
        changes={
            "level": level,
            "outcome": outcome,
            "continuum": continuum.version,
            "team": decision.team.name if decision.team else None,
            "sign_off": sign_off,
        },
        reason=decision.override_reason[:500],
    )
    _tell_of_decision(by, contact, decision, sign_off)
    return decision


def _tell_of_decision(by, contact, decision, sign_off):
    """The chronology records it; a decision waiting for sign-off is sent to the front-door
    managers, any other takes effect now."""
    if contact.family_id:
        pending = " – waiting for a manager's sign-off" if sign_off == SignOff.PENDING else ""
        chronicle(
            by=by,
            family=contact.family,
            kind="threshold_decision",
            summary=f"Front door decision on {contact.reference}: "
            f"{decision.get_outcome_display().lower()} ({decision.level_name}){pending}",
            significant=decision.outcome in CSC_OUTCOMES,
        )
    if sign_off == SignOff.PENDING:
        for manager in front_door_managers():
            if manager.pk != by.user_id:
                notify(
                    recipient=manager,
                    subject=f"Decision on {contact.reference} waiting for your sign-off",
                    body=f"{c.who(by)} decided: {decision.get_outcome_display()} "
                    f"({decision.level_name}).",
                    link=links.ref(contact),
                    kind="frontdoor_sign_off",
                )
    else:
        _finalise(by=by, decision=decision)


def _allowed(contact: Contact):
    from ..models import TRANSITIONS

    return TRANSITIONS[contact.status]


@action
def decision_sign_off(
    *,
    by,
    decision: ThresholdDecision,
    expected_version: int,
    agree: bool,
    note: str = "",
    team: Team | None = None,
    override_reason: str = "",
) -> ThresholdDecision:
    """A front-door manager agrees (the decision takes effect) or returns it for more work
    (the contact goes back to screening). Agreeing may send the family to another team than
    the rules named, with the reason recorded."""
    permit(policy.can_sign_off_decision(by, decision))
    decision = c.lock(ThresholdDecision, decision)
    if decision.sign_off != SignOff.PENDING:
        raise errors.RuleViolation(msg.SIGN_OFF_NOT_PENDING)
    if decision.version != expected_version:
        raise errors.StaleVersion(msg.STALE_CONTACT, current=decision)
    now = timezone.now()
    if not agree:
        return _return_for_more_work(by, decision, expected_version, note, now)
    changes: dict[str, Any] = {"sign_off": ["pending", "agreed"]}
    fields: dict[str, Any] = {
        "sign_off": SignOff.AGREED,
        "signed_off_by": by.user,
        "signed_off_at": now,
        "sign_off_note": note.strip(),
    }
    if team is not None and team.pk != decision.team_id:
        if decision.outcome not in ROUTED_OUTCOMES:
            raise errors.RuleViolation(msg.TEAM_REQUIRED)
        if not override_reason.strip():
            raise errors.RuleViolation(
                msg.OVERRIDE_REASON_REQUIRED,
                field_errors={"override_reason": [msg.OVERRIDE_REASON_REQUIRED]},
            )
        changes["team"] = [decision.team.name if decision.team else None, team.name]
        fields.update(team=team, override_reason=override_reason.strip(), overridden_by=by.user)
    bump(decision, expected_version, msg.STALE_CONTACT, fields)
    audit.record(
        by,
        Verb.UPDATE,
        decision,
        family=decision.contact.family,
        changes=changes,
        reason=(override_reason or note).strip()[:500],
    )
    if decision.contact.family_id:
        chronicle(
            by=by,
            family=decision.contact.family,
            kind="threshold_sign_off",
            summary=f"Front door decision on {decision.contact.reference} signed off by "
            f"{c.who(by)}",
        )
    _finalise(by=by, decision=decision)
    return decision


# --- Taking effect --------------------------------------------------------------------------------


def _return_for_more_work(by, decision, expected_version, note, now):
    """Returned at sign-off, with a note: the contact goes back to screening and the decider is
    told."""
    if not note.strip():
        raise errors.RuleViolation(
            msg.SIGN_OFF_NOTE_REQUIRED, field_errors={"note": [msg.SIGN_OFF_NOTE_REQUIRED]}
        )
    bump(
        decision,
        expected_version,
        msg.STALE_CONTACT,
        {
            "sign_off": SignOff.RETURNED,
            "signed_off_by": by.user,
            "signed_off_at": now,
            "sign_off_note": note.strip(),
        },
    )
    audit.record(
        by,
        Verb.UPDATE,
        decision,
        family=decision.contact.family,
        changes={"sign_off": ["pending", "returned"]},
        reason=note.strip()[:500],
    )
    c.transition(
        by=by,
        contact=c.lock(Contact, decision.contact),
        to=ContactStatus.SCREENING,
        note=f"Returned at sign-off: {note.strip()}",
    )
    notify(
        recipient=decision.decided_by,
        subject=f"Decision on {decision.contact.reference} returned by a manager",
        body=note.strip(),
        link=links.ref(decision.contact),
        kind="frontdoor_sign_off",
    )
    return decision


def _family_for(by, contact: Contact, *, locality: str):
    """The family record the decision is about: the linked one, or a new one started from the
    people named in the contact (the front door's known-family check found none)."""
    if contact.family_id:
        return contact.family
    people = list(contact.people.all())
    surname = next((p.family_name for p in people if p.family_name), "") or "Unnamed"
    family = people_actions.family_create(
        by=by,
        name=f"{surname} family",
        summary=f"Started by the front door from contact {contact.reference}",
        locality=locality,
    )
    for named in people:
        if named.person_id:
            continue
        due = named.expected_date_of_birth
        if due is not None and due < timezone.localdate():
            due = None  # born since: the worker records the date of birth
        membership = people_actions.family_add_new_person(
            by=by,
            family=family,
            role="child" if named.role == NamedRole.CHILD else "parent_carer",
            data={
                "given_name": named.given_name or ("Unborn baby" if named.unborn else "Unknown"),
                "family_name": named.family_name or surname,
                "date_of_birth": named.date_of_birth,
                "expected_date_of_birth": due,
                "sex": "U",
            },
        )
        type(named).objects.filter(pk=named.pk).update(person=membership.person)
    Contact.objects.filter(pk=contact.pk).update(family=family, locality=locality)
    contact.refresh_from_db()
    return family


def _route_family(*, by, decision: ThresholdDecision, family) -> None:
    team = decision.team
    if team is None:
        return
    involvements.involvement_ensure(
        by=by,
        family=family,
        team=team,
        role=InvolvementRole.OTHER,
        notes=f"Routed by the front door ({decision.contact.reference}): "
        f"{decision.get_outcome_display()}",
        changes={"team": [None, team.name], "routed_from": decision.contact.reference},
    )
    chronicle(
        by=by,
        family=family,
        kind="front_door_routed",
        summary=f"Routed by the front door to {team.name}: "
        f"{decision.get_outcome_display().lower()}",
        significant=decision.outcome in CSC_OUTCOMES,
    )
    for manager in {p.user for p in org_policy.team_managers([team])}:
        notify(
            recipient=manager,
            subject=f"New from the front door for {team.name}: {family.name}",
            body=f"{decision.get_outcome_display()} ({decision.level_name}).\n\n"
            f"Rationale: {decision.rationale}",
            link=links.ref(decision.contact),
            kind="frontdoor_routed",
            family=family,
        )


def _finalise(*, by, decision: ThresholdDecision) -> None:
    """The decision takes effect: route the family, tell the referrer, close the contact."""
    contact = c.lock(Contact, decision.contact)
    family = contact.family
    if decision.outcome in ROUTED_OUTCOMES:
        family = _family_for(by, contact, locality=decision.locality or contact.locality)
        _route_family(by=by, decision=decision, family=family)
    now = timezone.now()
    ThresholdDecision.objects.filter(pk=decision.pk).update(feedback_sent_at=now)
    decision.refresh_from_db()
    Contact.objects.filter(pk=contact.pk).update(routed_team=decision.team)
    contact.refresh_from_db()
    if contact.referrer_id:
        dealing = f"\n\nWho is dealing with it: {decision.team.name}." if decision.team else ""
        notify(
            recipient=contact.referrer,
            subject=f"Front door decision on your {_what(contact)}: "
            f"{decision.get_outcome_display()}",
            body=f"{decision.feedback_to_referrer}{dealing}\n\nIf you disagree with the "
            "decision, you can say so from the concern's page and a manager will look at it.",
            link=links.ref(contact, view="referrer"),
            kind="frontdoor_outcome",
            family=family,
        )
    c.transition(by=by, contact=contact, to=ContactStatus.CLOSED, note="Referrer told the outcome")
    audit.record(
        by,
        Verb.UPDATE,
        decision,
        family=family,
        changes={"feedback_sent_at": now.isoformat()},
    )
    if contact.concern_id:
        events.concern_outcome_decided.send(
            sender=ThresholdDecision, concern=contact.concern, decision=decision, by=by
        )


def _what(contact: Contact) -> str:
    return (
        "concern"
        if contact.concern_id
        else "consultation"
        if contact.consultation_id
        else ("contact")
    )


# --- Disagreement -------------------------------------------------------------------------------


@action
def dissent_raise(*, by, decision: ThresholdDecision, reason: str) -> Dissent:
    """The referrer disagrees with a decision they have been told."""
    permit(policy.can_raise_dissent(by, decision))
    if not reason.strip():
        raise errors.RuleViolation(
            msg.DISSENT_REASON_REQUIRED, field_errors={"reason": [msg.DISSENT_REASON_REQUIRED]}
        )
    if decision.feedback_sent_at is None:
        raise errors.RuleViolation(msg.DISSENT_NOT_FINAL)
    if Dissent.objects.filter(
        decision=decision, raised_by=by.user, status=DissentStatus.OPEN
    ).exists():
        raise errors.RuleViolation(msg.DISSENT_ALREADY)
    practitioner = practitioner_of(by)
    dissent = Dissent.objects.create(
        raised_at=timezone.now(),
        decision=decision,
        raised_by=by.user,
        raised_by_organisation=practitioner.organisation if practitioner else None,
        reason=reason.strip(),
    )
    contact = decision.contact
    audit.record(by, Verb.CREATE, dissent, family=contact.family, reason=reason.strip()[:500])
    if contact.family_id:
        chronicle(
            by=by,
            family=contact.family,
            kind="decision_disputed",
            summary=f"{c.who(by)} disagreed with the front door's decision on {contact.reference}",
            significant=True,
        )
    for manager in front_door_managers():
        notify(
            recipient=manager,
            subject=f"A partner disagrees with the decision on {contact.reference}",
            body=f"{c.who(by)}: {dissent.reason}",
            link=links.ref(dissent),
            kind="frontdoor_dissent",
        )
    return dissent


@action
def dissent_resolve(
    *, by, dissent: Dissent, expected_version: int, resolution: str, note: str
) -> Dissent:
    """A front-door manager resolves the disagreement; the partner is told. 'Changed' reopens
    the contact as a new one, so the decision is made again on the clock."""
    permit(policy.can_resolve_dissent(by, dissent))
    dissent = c.decide_once(
        Dissent,
        dissent,
        expected_version=expected_version,
        open_status=DissentStatus.OPEN,
        not_open=msg.DISSENT_NOT_OPEN,
        answers=(
            ("resolution", resolution in Resolution.values, msg.RESOLUTION_REQUIRED),
            ("resolution_note", note.strip(), msg.RESOLUTION_NOTE_REQUIRED),
        ),
        fields={
            "status": DissentStatus.RESOLVED,
            "resolution": resolution,
            "resolution_note": note.strip(),
            "resolved_by": by.user,
            "resolved_at": timezone.now(),
        },
    )
    contact = dissent.decision.contact
    audit.record(
        by,
        Verb.UPDATE,
        dissent,
        family=contact.family,
        changes={"status": ["open", "resolved"], "resolution": resolution},
        reason=note.strip()[:500],
    )
    reopened = None
    if resolution == Resolution.CHANGED:
        reopened = contact_reopen(
            by=by, contact=contact, reason=f"disagreement resolved: {note.strip()}"
        )
    label = Resolution(resolution).label
    if contact.family_id:
        chronicle(
            by=by,
            family=contact.family,
            kind="dispute_resolved",
            summary=f"Disagreement about {contact.reference} resolved by {c.who(by)}: "
            f"{label.lower()}",
        )
    extra = (
        f"\n\nThe front door will decide again (new contact {reopened.reference})."
        if reopened
        else ""
    )
    notify(
        recipient=dissent.raised_by,
        subject=f"Your disagreement about {contact.reference}: {label}",
        body=f"{note.strip()}{extra}",
        link=links.ref(contact, view="referrer"),
        kind="frontdoor_dissent",
        family=contact.family,
    )
    return dissent

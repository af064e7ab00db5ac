"""frontdoor.policy's rules as a matrix: for every role and relationship, each
predicate gives the expected answer and its queryset filter agrees with it."""

import datetime as dt

import pytest

from frontdoor import actions, policy
from frontdoor.models import (
    Concern,
    Consultation,
    Contact,
    Dissent,
    EarlyWarning,
    PartnerInfoRequest,
)
from organisations.factories import PractitionerFactory, UserFactory
from organisations.models import Role

from .conftest import fresh
from .helpers import contact_from, decide, screened

pytestmark = pytest.mark.django_db

FEED = "test feed"


def _routed_and_disputed(family, referrer, fd_worker, fd_manager, health_visitor):
    """A contact decided, signed off and routed to the North early-help team, then disputed
    (after a question to the health visitor's agency and a pause in screening)."""
    routed = screened(
        contact_from(referrer.user, family=family, people=[family.jaden]),
        fd_worker,
    )
    request = actions.info_request_send(
        by=fd_worker.user,
        contact=routed,
        expected_version=routed.version,
        organisation=health_visitor.organisation,
        question="What do you know?",
    )
    actions.contact_resume_screening(
        by=fd_worker.user,
        contact=Contact.objects.get(pk=routed.pk),
        expected_version=Contact.objects.get(pk=routed.pk).version,
        reason="No time",
    )
    decision = decide(routed, fd_worker.user)
    actions.decision_sign_off(
        by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
    )
    decision.refresh_from_db()
    dissent = actions.dissent_raise(by=referrer.user, decision=decision, reason="Too low")
    return routed, request, decision, dissent


def _consultations(family, referrer, health_visitor, embedded_sw):
    """An anonymised consultation, and a named one that became a contact."""
    anonymous = actions.consultation_request(
        by=health_visitor.user,
        social_worker=embedded_sw,
        mode="phone",
        is_anonymous=True,
        question="Worried about a baby",
    )
    named = actions.consultation_request(
        by=referrer.user,
        social_worker=embedded_sw,
        mode="phone",
        is_anonymous=False,
        family=family,
        question="Hungry",
    )
    actions.consultation_record_outcome(
        by=embedded_sw.user,
        consultation=named,
        expected_version=named.version,
        conversation="Talked",
        outcome="csc",
        reasons="Neglect",
    )
    return anonymous, named


def _early_warning(family, decision, organisations):
    """Signals from three agencies: an early warning surfaced to the North early-help team."""
    for org in organisations:
        actions.signal_record(
            by=FEED,
            family=family,
            kind="other",
            organisation=org,
            occurred_at=decision.decided_at - dt.timedelta(days=1),
            summary="worry",
        )


@pytest.fixture
def world(
    dsl_involved,
    smith_family,
    fd_worker,
    fd_manager,
    locality_teams,
    embedded_sw,
    health_visitor,
    family_worker,
    manager,
    stranger,
    ig_officer,
):
    east_manager = PractitionerFactory(
        organisation=locality_teams["East"].organisation,
        team=locality_teams["East"],
        role=Role.TEAM_MANAGER,
    )
    hv_colleague = PractitionerFactory(
        organisation=health_visitor.organisation, role=Role.PARTNER, job_title="Health visitor"
    )
    routed, request, decision, dissent = _routed_and_disputed(
        smith_family, dsl_involved, fd_worker, fd_manager, health_visitor
    )
    # An open contact nobody has decided yet.
    open_contact = contact_from(dsl_involved.user, family=smith_family, people=[smith_family.kelly])
    anonymous, named = _consultations(smith_family, dsl_involved, health_visitor, embedded_sw)
    _early_warning(
        smith_family,
        decision,
        (dsl_involved.organisation, health_visitor.organisation, embedded_sw.organisation),
    )
    actors = {
        "front-door practitioner": fd_worker.user,
        "front-door manager": fd_manager.user,
        "referrer (school DSL)": dsl_involved.user,
        "health visitor": health_visitor.user,
        "health visitor's colleague": hv_colleague.user,
        "embedded social worker": embedded_sw.user,
        "embedded social worker's manager": east_manager.user,
        "family worker in the routed team": family_worker.user,
        "manager of the routed team": manager.user,
        "stranger": stranger.user,
        "IG officer": ig_officer.user,
        "no practitioner record": UserFactory(),
    }
    return {
        "actors": {k: fresh(v) for k, v in actors.items()},
        "routed": Contact.objects.get(pk=routed.pk),
        "open": open_contact,
        "concern": Concern.objects.get(pk=routed.concern_id),
        "request": request,
        "dissent": dissent,
        "anonymous": anonymous,
        "named": Consultation.objects.get(pk=named.pk),
        "warning": EarlyWarning.objects.get(family=smith_family),
    }


FD = {"front-door practitioner", "front-door manager"}
ROUTED_TEAM = {"family worker in the routed team", "manager of the routed team"}

# (record, predicate, filter, model, who may see it)
RULES = [
    ("routed", policy.can_view_contact, policy.contact_visibility_q, Contact, FD | ROUTED_TEAM),
    ("open", policy.can_view_contact, policy.contact_visibility_q, Contact, FD),
    (
        "routed",
        policy.is_referrer_of,
        policy.referred_contact_q,
        Contact,
        {"referrer (school DSL)"},
    ),
    (
        "concern",
        policy.can_view_concern,
        policy.concern_visibility_q,
        Concern,
        {"referrer (school DSL)"},
    ),
    (
        "anonymous",
        policy.can_view_consultation,
        policy.consultation_visibility_q,
        Consultation,
        {"health visitor", "embedded social worker", "embedded social worker's manager"},
    ),
    (
        "named",
        policy.can_view_consultation,
        policy.consultation_visibility_q,
        Consultation,
        {"referrer (school DSL)", "embedded social worker", "embedded social worker's manager"}
        | FD,
    ),
    (
        "request",
        policy.can_view_info_request,
        policy.info_request_visibility_q,
        PartnerInfoRequest,
        FD | {"health visitor", "health visitor's colleague"},
    ),
    (
        "dissent",
        policy.can_view_dissent,
        policy.dissent_visibility_q,
        Dissent,
        FD | {"referrer (school DSL)"},
    ),
    (
        "warning",
        policy.can_view_early_warning,
        policy.early_warning_visibility_q,
        EarlyWarning,
        {"front-door manager", "manager of the routed team"},
    ),
]


@pytest.mark.parametrize(
    ("record", "predicate", "q", "model", "allowed"),
    RULES,
    ids=[f"{r[0]}:{r[1].__name__}" for r in RULES],
)
def test_front_door_access_matrix(world, record, predicate, q, model, allowed):
    obj = world[record]
    for label, user in world["actors"].items():
        expected = label in allowed
        assert predicate(user, obj) is expected, f"{label}: {predicate.__name__}"
        seen = model.objects.filter(q(user)).filter(pk=obj.pk).exists()
        assert seen is expected, f"{label}: {q.__name__} disagrees with {predicate.__name__}"


def test_who_may_act(world):
    a = world["actors"]
    decision = world["routed"].decisions.first()
    can = {
        "work a contact": lambda u: policy.can_work_contact(u, world["open"]),
        "sign off": lambda u: policy.can_sign_off_decision(u, decision),
        "disagree": lambda u: policy.can_raise_dissent(u, decision),
        "resolve": lambda u: policy.can_resolve_dissent(u, world["dissent"]),
        "answer": lambda u: policy.can_answer_info_request(u, world["request"]),
        "record outcome": lambda u: policy.can_record_consultation(u, world["anonymous"]),
        "decide warning": lambda u: policy.can_decide_early_warning(u, world["warning"]),
        "raise a concern": policy.can_raise_concern,
        "see figures": policy.can_view_front_door_metrics,
    }
    expected = {
        "work a contact": FD,
        "sign off": {"front-door manager"},  # not the decision-maker (four eyes)
        "disagree": {"referrer (school DSL)"},
        "resolve": {"front-door manager"},
        "answer": {"health visitor", "health visitor's colleague"},
        "record outcome": {"embedded social worker"},
        "decide warning": {"front-door manager", "manager of the routed team"},
        "raise a concern": set(a) - {"IG officer", "no practitioner record"},
        "see figures": FD | {"embedded social worker's manager", "manager of the routed team"},
    }
    for action, check in can.items():
        got = {label for label, user in a.items() if check(user)}
        assert got == expected[action], action


def test_a_sealed_family_hides_routed_contacts_and_warnings(world, smith_family):
    smith_family.is_restricted = True
    smith_family.save()
    a = world["actors"]
    for label in ROUTED_TEAM:
        contact = Contact.objects.get(pk=world["routed"].pk)
        assert not policy.can_view_contact(a[label], contact)
        assert not Contact.objects.filter(policy.contact_visibility_q(a[label])).filter(
            pk=contact.pk
        )
    warning = EarlyWarning.objects.get(pk=world["warning"].pk)
    assert not policy.can_view_early_warning(a["manager of the routed team"], warning)
    assert not EarlyWarning.objects.filter(
        policy.early_warning_visibility_q(a["manager of the routed team"])
    ).filter(pk=warning.pk)

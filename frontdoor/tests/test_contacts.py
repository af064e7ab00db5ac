"""The contact state machine (every allowed and refused move), screening, RAG, partner
information requests and linking a contact to a known family."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from familyhub import errors
from frontdoor import actions
from frontdoor import messages as msg
from frontdoor.actions import _common
from frontdoor.models import (
    TRANSITIONS,
    Contact,
    ContactStatus,
    InfoRequestStatus,
    StatusChange,
)
from people.factories import FamilyFactory, MembershipFactory, PersonFactory

from .helpers import contact_from, decide, screened

pytestmark = pytest.mark.django_db

ALL = list(ContactStatus.values)
MOVES = [(a, b) for a in ALL for b in ALL if a != b]


@pytest.fixture
def contact(dsl_involved, smith_family, fd_worker):
    return contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden])


@pytest.mark.parametrize(("from_", "to"), MOVES, ids=[f"{a}->{b}" for a, b in MOVES])
def test_every_move_is_allowed_or_refused(contact, fd_worker, from_, to):
    Contact.objects.filter(pk=contact.pk).update(status=from_)
    contact.refresh_from_db()
    allowed = to in TRANSITIONS[from_]
    if allowed:
        _common.transition(by=fd_worker.user, contact=contact, to=to, note="test")
        contact.refresh_from_db()
        assert contact.status == to
        change = StatusChange.objects.filter(contact=contact).latest("pk")
        assert (change.from_status, change.to_status, change.by) == (from_, to, fd_worker.user)
    else:
        with pytest.raises(errors.RuleViolation) as caught:
            _common.transition(by=fd_worker.user, contact=contact, to=to)
        assert msg.STATUS_WORDS[from_] in caught.value.message
        contact.refresh_from_db()
        assert contact.status == from_


def test_the_allowed_moves_are_the_domain_state_machine():
    assert {
        "received": {"screening"},
        "screening": {"awaiting_info", "decided"},
        "awaiting_info": {"screening"},
        "decided": {"closed", "screening"},
        "closed": set(),
    } == TRANSITIONS


def test_start_screening_assigns_and_sets_rag(contact, fd_worker):
    contact = screened(contact, fd_worker, rag="amber")
    assert contact.status == ContactStatus.SCREENING
    assert contact.assigned_to == fd_worker
    assert contact.rag == "amber"
    with pytest.raises(errors.RuleViolation):  # not twice
        screened(contact, fd_worker)


def test_a_decision_cannot_skip_screening(contact, fd_worker):
    with pytest.raises(errors.RuleViolation) as caught:
        decide(contact, fd_worker.user)
    assert caught.value.message == "A contact that is received cannot be decided"


def test_a_stale_contact_is_refused(contact, fd_worker):
    old = contact.version
    screened(contact, fd_worker)
    with pytest.raises(errors.StaleVersion):
        actions.contact_set_rag(by=fd_worker.user, contact=contact, expected_version=old, rag="red")


def test_changing_a_rag_needs_a_reason(contact, fd_worker):
    contact = screened(contact, fd_worker, rag="green")
    with pytest.raises(errors.RuleViolation) as caught:
        actions.contact_set_rag(
            by=fd_worker.user, contact=contact, expected_version=contact.version, rag="red"
        )
    assert caught.value.field_errors == {"reason": [msg.RAG_REASON_REQUIRED]}
    actions.contact_set_rag(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        rag="red",
        reason="Police report of an assault at home last night",
    )
    event = AuditEvent.objects.filter(object_type="frontdoor.contact").first()
    assert event.changes == {"rag": ["green", "red"]}
    assert event.reason.startswith("Police report")


def test_only_the_front_door_works_contacts(contact, dsl_involved, family_worker):
    for user in (dsl_involved.user, family_worker.user):
        with pytest.raises(errors.NotPermitted):
            actions.contact_start_screening(
                by=user, contact=contact, expected_version=contact.version
            )


def test_partner_information_request_and_answer(contact, fd_worker, health_visitor):
    contact = screened(contact, fd_worker)
    request = actions.info_request_send(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        organisation=health_visitor.organisation,
        question="When did you last see Jaden and his mum?",
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_INFO
    assert request.due_at > request.requested_at
    # A partner with no 'dsl' colleague: the agency's partner practitioners are told.
    assert health_visitor.user.notices.filter(kind="frontdoor_info_request").exists()
    actions.info_request_answer(
        by=health_visitor.user,
        request=request,
        expected_version=request.version,
        answer="Seen at home 3 weeks ago; mum low in mood.",
    )
    contact.refresh_from_db()
    request.refresh_from_db()
    assert request.status == InfoRequestStatus.ANSWERED
    assert contact.status == ContactStatus.SCREENING  # all answers in: screening resumes
    assert fd_worker.user.notices.filter(kind="frontdoor_info_answer").exists()
    with pytest.raises(errors.RuleViolation):
        actions.info_request_answer(
            by=health_visitor.user, request=request, expected_version=request.version, answer="x"
        )


def test_another_agency_cannot_answer(contact, fd_worker, health_visitor, school_dsl):
    contact = screened(contact, fd_worker)
    request = actions.info_request_send(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        organisation=health_visitor.organisation,
        question="Anything?",
    )
    with pytest.raises(errors.NotPermitted):
        actions.info_request_answer(
            by=school_dsl.user, request=request, expected_version=request.version, answer="x"
        )


def test_deciding_without_waiting_withdraws_open_requests(contact, fd_worker, health_visitor):
    contact = screened(contact, fd_worker)
    request = actions.info_request_send(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        organisation=health_visitor.organisation,
        question="Anything?",
    )
    contact.refresh_from_db()
    with pytest.raises(errors.RuleViolation):
        actions.contact_resume_screening(
            by=fd_worker.user, contact=contact, expected_version=contact.version, reason=""
        )
    actions.contact_resume_screening(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        reason="Health visiting has not answered and the clock is nearly out",
    )
    request.refresh_from_db()
    assert request.status == InfoRequestStatus.WITHDRAWN


def test_linking_a_new_contact_to_a_known_family(school_dsl, fd_worker, smith_family):
    contact = contact_from(
        school_dsl.user,
        new_people=[
            {"given_name": "Jaden", "family_name": "Smith", "date_of_birth": dt.date(2016, 3, 7)},
            {"given_name": "Kelly", "family_name": "Smith"},
            {"given_name": "Zac", "family_name": "Smith"},
        ],
    )
    assert contact.family is None
    contact = screened(contact, fd_worker)
    jaden_row = contact.people.get(given_name="Jaden")
    actions.contact_link_family(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        family=smith_family,
        matches={jaden_row.pk: smith_family.jaden.pk},
    )
    contact.refresh_from_db()
    assert contact.family == smith_family
    matched = {p.given_name: p.person for p in contact.people.all()}
    assert matched["Jaden"] == smith_family.jaden
    assert matched["Kelly"] == smith_family.kelly  # same name in the family: matched too
    assert matched["Zac"] is None


def test_a_sealed_family_cannot_be_linked(school_dsl, fd_worker):
    sealed = FamilyFactory(name="Sealed family", is_restricted=True)
    MembershipFactory(family=sealed, person=PersonFactory(given_name="Ana", family_name="Lee"))
    contact = screened(
        contact_from(school_dsl.user, new_people=[{"given_name": "Ana", "family_name": "Lee"}]),
        fd_worker,
    )
    with pytest.raises(errors.RuleViolation):
        actions.contact_link_family(
            by=fd_worker.user, contact=contact, expected_version=contact.version, family=sealed
        )

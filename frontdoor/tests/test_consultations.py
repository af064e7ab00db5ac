"""Consultations: duty slots, booking and requesting (named or anonymised), the outcome and the
partner told in writing, and a referral outcome becoming a contact."""

import datetime as dt

import pytest
import time_machine

from familyhub import errors
from frontdoor import actions
from frontdoor import messages as msg
from frontdoor.models import (
    Consultation,
    ConsultationStatus,
    Contact,
    ContactKind,
    DutySlot,
)
from notices.models import Notice

from .conftest import at
from .helpers import send_concern

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 23, 9, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def slot(embedded_sw):
    return actions.duty_slot_add(
        by=embedded_sw.user,
        social_worker=embedded_sw,
        starts_at=at(2026, 11, 24, 14, 0),
        ends_at=at(2026, 11, 24, 14, 30),
        modes=["phone", "online"],
        location="",
    )


def test_only_the_embedded_social_worker_publishes_their_times(embedded_sw, stranger):
    with pytest.raises(errors.NotPermitted):
        actions.duty_slot_add(
            by=stranger.user,
            social_worker=embedded_sw,
            starts_at=at(2026, 11, 24, 10, 0),
            ends_at=at(2026, 11, 24, 10, 30),
            modes=["phone"],
        )


def test_slot_rules(embedded_sw, slot):
    def add(start, end, modes=("phone",)):
        return actions.duty_slot_add(
            by=embedded_sw.user,
            social_worker=embedded_sw,
            starts_at=start,
            ends_at=end,
            modes=list(modes),
        )

    with pytest.raises(errors.RuleViolation) as caught:
        add(at(2026, 11, 24, 14, 15), at(2026, 11, 24, 14, 45))
    assert caught.value.field_errors == {"starts_at": [msg.SLOT_OVERLAPS]}
    with pytest.raises(errors.RuleViolation) as caught:
        add(at(2026, 11, 24, 11, 0), at(2026, 11, 24, 10, 0), modes=())
    assert set(caught.value.field_errors) == {"ends_at", "modes"}
    with pytest.raises(errors.RuleViolation):
        add(at(2026, 11, 20, 11, 0), at(2026, 11, 20, 11, 30))  # in the past


def test_booking_an_anonymised_consultation_stores_no_family(health_visitor, slot, embedded_sw):
    c = actions.consultation_request(
        by=health_visitor.user,
        slot=slot,
        mode="phone",
        is_anonymous=True,
        household="Mum, a 2-year-old and a baby of 3 months",
        question="Mum seems very low and the baby is losing weight.",
    )
    assert c.status == ConsultationStatus.BOOKED
    assert c.slot == slot
    assert c.social_worker == embedded_sw
    assert c.family is None
    assert c.is_anonymous
    assert c.requester_organisation == health_visitor.organisation
    assert embedded_sw.user.notices.filter(kind="frontdoor_consultation").exists()
    with pytest.raises(errors.RuleViolation) as caught:  # the slot is taken now
        actions.consultation_request(
            by=health_visitor.user, slot=slot, mode="phone", is_anonymous=True, question="x"
        )
    assert caught.value.message == msg.SLOT_TAKEN


def test_an_anonymised_consultation_cannot_name_a_family(health_visitor, embedded_sw, smith_family):
    with pytest.raises(errors.RuleViolation) as caught:
        actions.consultation_request(
            by=health_visitor.user,
            social_worker=embedded_sw,
            mode="phone",
            is_anonymous=True,
            family=smith_family,
            question="x",
        )
    assert caught.value.field_errors == {"family": [msg.ANONYMOUS_WITH_FAMILY]}


def test_a_named_consultation_needs_a_family_the_partner_works_with(
    health_visitor, embedded_sw, smith_family
):
    with pytest.raises(errors.NotPermitted):
        actions.consultation_request(
            by=health_visitor.user,
            social_worker=embedded_sw,
            mode="phone",
            is_anonymous=False,
            family=smith_family,
            question="x",
        )


def test_mode_must_be_offered(health_visitor, slot):
    with pytest.raises(errors.RuleViolation) as caught:
        actions.consultation_request(
            by=health_visitor.user, slot=slot, mode="in_person", is_anonymous=True, question="x"
        )
    assert caught.value.field_errors == {"mode": [msg.MODE_NOT_OFFERED]}


def _anonymous(health_visitor, embedded_sw):
    return actions.consultation_request(
        by=health_visitor.user,
        social_worker=embedded_sw,
        mode="online",
        is_anonymous=True,
        household="Dad and two teenagers",
        question="Dad drinks a lot since mum died.",
        preferred_times="Any afternoon",
    )


def test_outcome_refer_to_early_help_tells_the_partner_with_reasons(health_visitor, embedded_sw):
    c = _anonymous(health_visitor, embedded_sw)
    assert c.status == ConsultationStatus.REQUESTED
    with pytest.raises(errors.RuleViolation) as caught:
        actions.consultation_record_outcome(
            by=embedded_sw.user,
            consultation=c,
            expected_version=c.version,
            conversation="",
            outcome="",
            reasons="",
        )
    assert set(caught.value.field_errors) == {"conversation", "outcome", "outcome_reasons"}
    actions.consultation_record_outcome(
        by=embedded_sw.user,
        consultation=c,
        expected_version=c.version,
        conversation="Talked through dad's drinking and the boys' school attendance.",
        outcome="early_help",
        reasons="Several needs; dad wants help; no sign of significant harm.",
    )
    c.refresh_from_db()
    assert c.status == ConsultationStatus.HELD
    assert c.outcome_recorded_by == embedded_sw.user
    assert not Contact.objects.exists()  # anonymised: the partner raises a concern with names
    notice = Notice.objects.get(
        recipient=health_visitor.user, kind="frontdoor_consultation_outcome"
    )
    assert "Referral to early help" in notice.subject
    assert "no sign of significant harm" in notice.body
    assert "raise a concern with the family's details" in notice.body
    with pytest.raises(errors.RuleViolation):
        actions.consultation_record_outcome(
            by=embedded_sw.user,
            consultation=c,
            expected_version=c.version,
            conversation="again",
            outcome="advice",
            reasons="again",
        )


def test_only_the_social_worker_records_the_outcome(health_visitor, embedded_sw):
    c = _anonymous(health_visitor, embedded_sw)
    with pytest.raises(errors.NotPermitted):
        actions.consultation_record_outcome(
            by=health_visitor.user,
            consultation=c,
            expected_version=c.version,
            conversation="x",
            outcome="advice",
            reasons="x",
        )


def test_a_named_referral_outcome_becomes_a_contact_carrying_the_conversation(
    dsl_involved, smith_family, embedded_sw
):
    c = actions.consultation_request(
        by=dsl_involved.user,
        social_worker=embedded_sw,
        mode="in_person",
        is_anonymous=False,
        family=smith_family,
        question="Jaden is often hungry.",
    )
    actions.consultation_record_outcome(
        by=embedded_sw.user,
        consultation=c,
        expected_version=c.version,
        conversation="Jaden told his teacher there is no food at home at weekends.",
        outcome="csc",
        reasons="Neglect indicators over months; refer to social care.",
    )
    contact = Contact.objects.get(consultation=c)
    assert contact.kind == ContactKind.CONSULTATION
    assert contact.referrer == dsl_involved.user
    assert contact.family == smith_family
    assert "no food at home at weekends" in contact.worries
    assert {p.person for p in contact.people.all()} == {smith_family.jaden, smith_family.kelly}
    notice = Notice.objects.get(recipient=dsl_involved.user, kind="frontdoor_consultation_outcome")
    assert contact.reference in notice.body


def test_cancelling_frees_the_time(health_visitor, slot):
    c = actions.consultation_request(
        by=health_visitor.user, slot=slot, mode="phone", is_anonymous=True, question="x"
    )
    actions.consultation_cancel(by=health_visitor.user, consultation=c, reason="Sorted it")
    c.refresh_from_db()
    assert c.status == ConsultationStatus.CANCELLED
    assert c.slot is None
    assert not Consultation.objects.filter(slot=slot).exists()
    assert DutySlot.objects.get(pk=slot.pk).cancelled_at is None


def test_a_booked_slot_cannot_be_cancelled(health_visitor, slot, embedded_sw):
    actions.consultation_request(
        by=health_visitor.user, slot=slot, mode="phone", is_anonymous=True, question="x"
    )
    with pytest.raises(errors.RuleViolation):
        actions.duty_slot_cancel(by=embedded_sw.user, slot=slot)


def test_a_past_slot_cannot_be_booked(health_visitor, slot):
    with (
        time_machine.travel(slot.starts_at + dt.timedelta(minutes=1), tick=False),
        pytest.raises(errors.RuleViolation) as caught,
    ):
        actions.consultation_request(
            by=health_visitor.user, slot=slot, mode="phone", is_anonymous=True, question="x"
        )
    assert caught.value.message == msg.SLOT_PAST


def test_a_concern_after_an_anonymised_consultation_carries_it(health_visitor, embedded_sw):
    c = _anonymous(health_visitor, embedded_sw)
    actions.consultation_record_outcome(
        by=embedded_sw.user,
        consultation=c,
        expected_version=c.version,
        conversation="Talked",
        outcome="csc",
        reasons="Refer with names",
    )
    concern = actions.concern_save_who(
        by=health_visitor.user,
        concern=None,
        expected_version=None,
        new_people=[{"given_name": "Leo", "family_name": "Grant"}],
        after_consultation=c,
    )
    assert concern.after_consultation == c
    assert concern.worries.startswith("Dad drinks a lot since mum died.")
    concern = actions.concern_save_what(
        by=health_visitor.user,
        concern=concern,
        expected_version=concern.version,
        data={"immediate_risk": False, "wants": "referral", "consent": "given"},
    )
    actions.concern_submit(
        by=health_visitor.user, concern=concern, expected_version=concern.version
    )
    contact = Contact.objects.get(concern=concern)
    assert contact.consultation == c


def test_someone_elses_consultation_is_not_carried(health_visitor, embedded_sw, school_dsl):
    c = _anonymous(health_visitor, embedded_sw)
    concern = actions.concern_save_who(
        by=school_dsl.user,
        concern=None,
        expected_version=None,
        new_people=[{"given_name": "Leo"}],
        after_consultation=c,
    )
    assert concern.after_consultation is None


# --- One consultation per worry (issue 17) ----------------------------------------------------


def _ask(by, family, embedded_sw, **extra):
    return actions.consultation_request(
        by=by,
        social_worker=embedded_sw,
        mode="phone",
        is_anonymous=False,
        family=family,
        question="Jaden is hungry at school again.",
        **extra,
    )


def test_a_waiting_consultation_is_offered_before_another_is_booked(
    dsl_involved, smith_family, embedded_sw
):
    from frontdoor import queries

    concern = send_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="consultation"
    )
    first = Consultation.objects.get(concern=concern)
    with pytest.raises(errors.RuleViolation) as caught:
        _ask(dsl_involved.user, smith_family, embedded_sw)
    assert first.reference in caught.value.field_errors["book_another"][0]
    assert Consultation.objects.count() == 1  # nothing booked without saying so
    assert queries.pending_consultations_for(dsl_involved.user, smith_family) == [first]

    second = _ask(dsl_involved.user, smith_family, embedded_sw, book_another=True)
    assert second.duplicate_of == first
    assert queries.linked_consultations(dsl_involved.user, first) == [second]
    assert queries.linked_consultations(embedded_sw.user, second) == [first]


def test_a_held_consultation_is_not_in_the_way(dsl_involved, smith_family, embedded_sw):
    first = _ask(dsl_involved.user, smith_family, embedded_sw)
    Consultation.objects.filter(pk=first.pk).update(status=ConsultationStatus.HELD)
    assert _ask(dsl_involved.user, smith_family, embedded_sw).duplicate_of is None


def test_a_concern_asking_for_a_consultation_links_to_the_one_waiting(
    dsl_involved, smith_family, embedded_sw
):
    first = _ask(dsl_involved.user, smith_family, embedded_sw)
    concern = send_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="consultation"
    )
    assert Consultation.objects.get(concern=concern).duplicate_of == first


def test_another_partners_consultation_is_not_shown(
    dsl_involved, smith_family, embedded_sw, health_visitor
):
    """Only what the partner may see is offered: the health visitor's request stays private."""
    from organisations.factories import InvolvementFactory

    InvolvementFactory(family=smith_family, practitioner=health_visitor)
    _ask(health_visitor.user, smith_family, embedded_sw)
    assert _ask(dsl_involved.user, smith_family, embedded_sw).duplicate_of is None

"""Raising a concern through the actions: drafts kept as typed, the rules for sending,
idempotent sending, where it goes, chronology, audit and the early-warning signal."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from familyhub import errors
from frontdoor import actions
from frontdoor import messages as msg
from frontdoor.models import (
    Concern,
    ConcernStatus,
    Consultation,
    Contact,
    ContactKind,
    ContactStatus,
    Rag,
    Signal,
)
from people.models import ChronologyEntry

from .helpers import draft_concern, send_concern

pytestmark = pytest.mark.django_db


def test_a_draft_keeps_whatever_was_typed(dsl_involved, smith_family):
    concern = draft_concern(
        dsl_involved.user,
        family=smith_family,
        people=[smith_family.jaden],
        worries="Half a sentence",
        wants="",
        consent="",
        immediate_risk=None,
    )
    assert concern.status == ConcernStatus.DRAFT
    assert concern.worries == "Half a sentence"
    problems = actions.concern_problems(concern)
    assert problems["wants"] == [msg.WANTS_REQUIRED]
    assert problems["consent"] == [msg.CONSENT_REQUIRED]
    assert problems["immediate_risk"] == [msg.RISK_REQUIRED]
    with pytest.raises(errors.RuleViolation):
        actions.concern_submit(
            by=dsl_involved.user, concern=concern, expected_version=concern.version
        )
    assert not Contact.objects.exists()


def test_consent_not_sought_needs_a_reason(dsl_involved, smith_family):
    concern = draft_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], consent="not_sought"
    )
    assert actions.what_problems(concern) == {"consent_reason": [msg.CONSENT_REASON_NOT_SOUGHT]}
    refused = draft_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], consent="refused"
    )
    assert actions.what_problems(refused) == {"consent_reason": [msg.CONSENT_REASON_REFUSED]}


def test_a_family_needs_someone_chosen(dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[])
    assert actions.who_problems(concern) == {"family": [msg.WHO_PEOPLE_REQUIRED]}
    nobody = draft_concern(dsl_involved.user)
    assert actions.who_problems(nobody) == {"family": [msg.WHO_REQUIRED]}


def test_only_members_of_a_visible_family_can_be_chosen(dsl_involved, smith_family, other_family):
    stranger_child = other_family.memberships.first().person
    concern = draft_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden, stranger_child]
    )
    assert [p.person_id for p in concern.people.all()] == [smith_family.jaden.pk]
    with pytest.raises(errors.NotPermitted):
        draft_concern(dsl_involved.user, family=other_family, people=[stranger_child])


def test_new_people_and_an_unborn_baby(school_dsl):
    due = timezone.localdate() + dt.timedelta(days=60)
    concern = draft_concern(
        school_dsl.user,
        new_people=[
            {"given_name": "Mia", "family_name": "Khan", "date_of_birth": dt.date(2019, 2, 1)},
            {"given_name": "", "family_name": "", "date_of_birth": due, "unborn": True},
            {"given_name": "", "family_name": ""},  # an empty row is dropped
        ],
    )
    people = list(concern.people.order_by("pk"))
    assert [p.display_name for p in people] == ["Mia Khan", "Unborn baby"]
    assert people[1].unborn
    assert people[1].expected_date_of_birth == due
    assert actions.who_problems(concern) == {}


def test_a_baby_due_in_the_past_is_a_problem(school_dsl):
    concern = draft_concern(
        school_dsl.user,
        new_people=[{"family_name": "Khan", "date_of_birth": dt.date(2020, 1, 1), "unborn": True}],
    )
    assert actions.who_problems(concern) == {"family": [f"Khan: {msg.NEW_PERSON_DUE_PAST}"]}


def test_sending_a_referral_opens_a_contact(dsl_involved, smith_family):
    concern = send_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    assert concern.status == ConcernStatus.SENT
    assert concern.sent_at
    contact = Contact.objects.get(concern=concern)
    assert contact.kind == ContactKind.REFERRAL
    assert contact.status == ContactStatus.RECEIVED
    assert contact.referrer == dsl_involved.user
    assert contact.source == "2A"  # schools, from the agency type
    assert contact.family == smith_family
    assert contact.locality == "North"
    assert [p.person for p in contact.people.all()] == [smith_family.jaden]
    assert contact.status_changes.get().to_status == ContactStatus.RECEIVED
    assert ChronologyEntry.objects.filter(family=smith_family, kind="concern_raised").exists()
    assert ChronologyEntry.objects.filter(family=smith_family, kind="contact_received").exists()
    assert AuditEvent.objects.filter(object_type="frontdoor.contact", verb="create").exists()
    assert Signal.objects.filter(family=smith_family, kind="concern", concern=concern).exists()


def test_sending_twice_sends_once(dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    version = concern.version
    actions.concern_submit(by=dsl_involved.user, concern=concern, expected_version=version)
    again = actions.concern_submit(by=dsl_involved.user, concern=concern, expected_version=version)
    assert again.status == ConcernStatus.SENT
    assert Contact.objects.filter(concern=concern).count() == 1


def test_a_stale_draft_is_refused_not_overwritten(dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    old_version = concern.version
    actions.concern_save_what(
        by=dsl_involved.user,
        concern=concern,
        expected_version=old_version,
        data={"worries": "Saved in the other tab"},
    )
    with pytest.raises(errors.StaleVersion) as caught:
        actions.concern_save_what(
            by=dsl_involved.user,
            concern=concern,
            expected_version=old_version,
            data={"worries": "Typed in this tab"},
        )
    assert caught.value.current.worries == "Saved in the other tab"
    assert Concern.objects.get(pk=concern.pk).worries == "Saved in the other tab"


def test_immediate_risk_is_urgent_and_red(dsl_involved, smith_family):
    concern = send_concern(
        dsl_involved.user,
        family=smith_family,
        people=[smith_family.jaden],
        immediate_risk=True,
        wants="consultation",  # even asking for a consultation: it goes to the front door
    )
    contact = Contact.objects.get(concern=concern)
    assert contact.urgent
    assert contact.rag == Rag.RED
    assert not Consultation.objects.exists()


def test_a_partner_reporting_a_disclosure_makes_it_urgent_same_day_and_the_manager_is_told(
    dsl_involved, smith_family, fd_manager
):
    import time_machine

    import rules
    from notices.models import Notice

    with time_machine.travel(dt.datetime(2026, 12, 8, 15, 30, tzinfo=dt.UTC), tick=False):
        hours = rules.current("front_door").urgent_decision_hours
        concern = send_concern(
            dsl_involved.user,
            family=smith_family,
            people=[smith_family.jaden],
            immediate_risk=False,
            disclosure=True,
            wants="consultation",
        )
    contact = Contact.objects.get(concern=concern)
    assert contact.urgent
    assert contact.rag == Rag.RED
    assert contact.due_at - contact.received_at == dt.timedelta(hours=hours)
    notice = Notice.objects.get(recipient=fd_manager.user, kind="urgent_contact")
    assert (
        notice.subject == f"Urgent contact {contact.reference}: decide by 7:30pm on 8 December 2026"
    )
    assert not Consultation.objects.exists()


def test_asking_for_advice_is_an_advice_contact(dsl_involved, smith_family):
    concern = send_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="advice"
    )
    assert Contact.objects.get(concern=concern).kind == ContactKind.ADVICE


def test_asking_for_a_consultation_goes_to_the_embedded_social_worker(
    dsl_involved, smith_family, embedded_sw
):
    concern = send_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="consultation"
    )
    consultation = Consultation.objects.get(concern=concern)
    assert consultation.social_worker == embedded_sw
    assert consultation.family == smith_family
    assert not consultation.is_anonymous
    assert not Contact.objects.exists()
    assert embedded_sw.user.notices.filter(kind="frontdoor_consultation").exists()


def test_no_embedded_social_worker_means_choose_something_else(dsl_involved, smith_family):
    concern = draft_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], wants="consultation"
    )
    assert actions.what_problems(concern) == {"wants": [msg.NO_EMBEDDED_SW]}


def test_someone_else_cannot_touch_my_draft(dsl_involved, smith_family, stranger):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    with pytest.raises(errors.NotPermitted):
        actions.concern_save_what(
            by=stranger.user, concern=concern, expected_version=None, data={"worries": "x"}
        )
    with pytest.raises(errors.NotPermitted):
        actions.concern_submit(by=stranger.user, concern=concern, expected_version=concern.version)


def test_deleting_a_draft(dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    actions.concern_delete_draft(by=dsl_involved.user, concern=concern)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.WITHDRAWN
    with pytest.raises(errors.NotPermitted):
        actions.concern_delete_draft(by=dsl_involved.user, concern=concern)

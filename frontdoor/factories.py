"""Factories for the front door's records (tests of reports and lists; behaviour is tested
through the actions)."""

import datetime as dt

import factory
from django.utils import timezone

from organisations.factories import PractitionerFactory, UserFactory

from .models import (
    Concern,
    Consultation,
    ConsultationStatus,
    Contact,
    ContactKind,
    ContactPerson,
    Continuum,
    Dissent,
    DutySlot,
    EarlyWarning,
    PartnerInfoRequest,
    Signal,
    SignOff,
    ThresholdDecision,
)


def _continuum():
    return Continuum.objects.in_force(timezone.localdate())


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    reference = factory.Sequence(lambda n: f"CN-T{n:05d}")
    raised_by = factory.SubFactory(UserFactory)
    worries = "A worry"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    reference = factory.Sequence(lambda n: f"CT-T{n:05d}")
    kind = ContactKind.REFERRAL
    received_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=1))
    calendar_version = "test"
    rules_version = "test"
    worries = "A worry"
    continuum = factory.LazyFunction(_continuum)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    contact = factory.SubFactory(ContactFactory)
    given_name = "Sam"
    family_name = "Test"


class ThresholdDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThresholdDecision

    contact = factory.SubFactory(ContactFactory)
    continuum = factory.LazyFunction(_continuum)
    level = 2
    rationale = "Because"
    outcome = "early_help"
    feedback_to_referrer = "Thank you"
    decided_by = factory.SubFactory(UserFactory)
    decided_at = factory.LazyFunction(timezone.now)
    sign_off = SignOff.NOT_REQUIRED
    feedback_sent_at = factory.LazyAttribute(lambda o: o.decided_at)


class DutySlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutySlot

    social_worker = factory.SubFactory(PractitionerFactory, designations=["embedded_sw"])
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=30))
    modes = factory.LazyFunction(lambda: ["phone"])
    created_by = factory.SelfAttribute("social_worker.user")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    reference = factory.Sequence(lambda n: f"CS-T{n:05d}")
    requested_by = factory.SubFactory(UserFactory)
    social_worker = factory.SubFactory(PractitionerFactory, designations=["embedded_sw"])
    mode = "phone"
    is_anonymous = True
    question = "A question"
    status = ConsultationStatus.REQUESTED


class PartnerInfoRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerInfoRequest

    contact = factory.SubFactory(ContactFactory)
    organisation = factory.SubFactory("organisations.factories.OrganisationFactory")
    question = "What do you know?"
    requested_by = factory.SubFactory(UserFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=4))


class DissentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dissent

    decision = factory.SubFactory(ThresholdDecisionFactory)
    raised_by = factory.SubFactory(UserFactory)
    reason = "I disagree"


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    family = factory.SubFactory("people.factories.FamilyFactory")
    kind = "other"
    organisation = factory.SubFactory("organisations.factories.OrganisationFactory")
    occurred_at = factory.LazyFunction(timezone.now)
    summary = "A worry"


class EarlyWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyWarning

    family = factory.SubFactory("people.factories.FamilyFactory")
    rule_version = "test"
    window_days = 90
    min_agencies = 3

"""Factories for casework models that tests build directly (most casework rows are written
through casework.actions so the chronology and audit are real)."""

import datetime as dt

import factory

from organisations.factories import UserFactory
from people.factories import FamilyFactory, PersonFactory

from .models import Episode, FamilyPlan, Goal


class EpisodeFactory(factory.django.DjangoModelFactory):
    """An early help episode, closed by default (as the outcome check needs); pass `state`
    and the dates to build another."""

    class Meta:
        model = Episode

    family = factory.SubFactory(FamilyFactory)
    child = factory.SubFactory(PersonFactory)
    kind = "EH"
    state = "closed"
    referral_date = dt.date(2025, 3, 3)
    closed_on = dt.date(2025, 6, 2)
    closure_reason = "needs_met"


class FamilyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyPlan

    family = factory.SubFactory(FamilyFactory)
    family_words = "We want mornings to be calmer."
    created_by = factory.SubFactory(UserFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(FamilyPlanFactory)
    text = factory.Sequence(lambda n: f"Goal {n}")

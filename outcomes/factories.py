"""Factories for the outcomes models. The goals and episodes they hang from are casework's
(built by string path, so outcomes imports no casework module)."""

import datetime as dt

import factory

from organisations.factories import UserFactory

from .models import GoalScale, GoalScore, SustainedOutcomeCheck


class GoalScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalScore

    goal = factory.SubFactory("casework.factories.GoalFactory")
    scale = GoalScale.GOAL_BASED
    score = 3
    scored_on = dt.date(2025, 3, 3)
    by = factory.SubFactory(UserFactory)


class SustainedOutcomeCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SustainedOutcomeCheck

    episode = factory.SubFactory("casework.factories.EpisodeFactory")
    family = factory.SelfAttribute("episode.family")
    closed_on = factory.SelfAttribute("episode.closed_on")
    due_on = dt.date(2025, 12, 2)
    rules_version = "wt2023"
    needs = factory.LazyFunction(lambda: ["housing"])

"""Outcomes fixtures: a six-month check already due for the root fixtures' Smith family."""

import datetime as dt

import pytest
from django.utils import timezone

from outcomes.factories import SustainedOutcomeCheckFactory


@pytest.fixture
def check(smith_family):
    """Jaden's early help closed with needs met 200 days ago; the check fell due 10 days ago."""
    today = timezone.localdate()
    return SustainedOutcomeCheckFactory(
        episode__family=smith_family,
        episode__child=smith_family.jaden,
        episode__closed_on=today - dt.timedelta(days=200),
        due_on=today - dt.timedelta(days=10),
        needs=["housing", "debt"],
    )

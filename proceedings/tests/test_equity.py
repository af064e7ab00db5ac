"""Pre-proceedings and FGDM offers in the partnership's disproportionality report (issue 12):
each child counted once per event, by the child's own ethnicity (not the parents')."""

from __future__ import annotations

import datetime as dt

from people.models import Person
from proceedings import queries
from returns import disproportionality as dp

from .test_actions import offer

D = dt.date


def test_pre_proceedings_and_the_first_offer_count_once_per_child(begun, social_worker, hill):
    Person.objects.filter(pk=hill.mia.pk).update(ethnicity="WBRI")
    offer(social_worker, begun, hill.rose, D(2026, 9, 10))
    offer(social_worker, begun, hill.tom, D(2026, 9, 11))
    rows = sorted(r[:3] for r in queries.equity_rows(D(2026, 4, 1), D(2027, 3, 31)))
    assert rows == [
        ("fgdm_offered", D(2026, 9, 10), "WBRI"),
        ("pre_proceedings", D(2026, 9, 7), "WBRI"),
    ]
    assert list(queries.equity_rows(D(2025, 4, 1), D(2026, 3, 31))) == []
    report = dp.compute(start=D(2026, 4, 1), end=D(2027, 3, 31))
    assert ("fgdm_offered", "Family group decision-making meeting offered") in report.columns

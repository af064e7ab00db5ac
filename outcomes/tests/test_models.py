"""outcomes.models: scores in words on their own scale, and a check's status and need rows."""

import datetime as dt

import pytest

from outcomes.models import GoalScale, SustainedOutcomeCheck, score_label


@pytest.mark.parametrize(
    ("scale", "score", "words"),
    [
        (GoalScale.GOAL_BASED, 7, "7 out of 10"),
        (GoalScale.ATTAINMENT, 1, "+1 (more than expected)"),
        (GoalScale.ATTAINMENT, 0, "0 (the expected outcome)"),
        (GoalScale.ATTAINMENT, -2, "-2 (much less than expected)"),
        (GoalScale.GOAL_BASED, None, ""),
    ],
)
def test_a_score_in_words_on_its_own_scale(scale, score, words):
    assert score_label(scale, score) == words


def test_a_checks_status_and_need_rows():
    check = SustainedOutcomeCheck(
        due_on=dt.date(2025, 12, 2), needs=["debt", "housing"], need_results={"housing": True}
    )
    assert check.status_on(dt.date(2025, 12, 2)) == "due"
    assert check.status_on(dt.date(2025, 12, 3)) == "overdue"
    assert check.need_rows() == [("Housing", True)]
    check.checked_on = dt.date(2025, 12, 3)
    assert (check.is_recorded, check.status_on(dt.date(2026, 1, 1))) == (True, "recorded")

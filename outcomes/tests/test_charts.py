"""Outcomes drawn on the family plan page: each goal's scores over time as a line on its own
scale with the same scores in a table beside it (distance travelled), and the Supporting
Families headline outcomes: each need met at closure, and whether it was sustained six months
on, with the evidence; hidden from those who may not see the assessment."""

import datetime as dt

import pytest
from django.utils import timezone

from casework.factories import FamilyPlanFactory, GoalFactory
from conftest import client_for
from outcomes import actions
from outcomes.charts import OutcomeRow, distance_chart, outcomes_chart
from outcomes.factories import GoalScoreFactory

pytestmark = pytest.mark.django_db


def test_a_goal_line_on_its_own_scale_with_the_distance_in_words():
    svg = distance_chart(
        chart_id="g1",
        goal="Calmer <mornings>",
        scale="gas",
        points=[(dt.date(2026, 1, 5), -2), (dt.date(2026, 3, 2), 0), (dt.date(2026, 6, 1), 1)],
    )
    assert 'role="img"' in svg
    assert "Calmer &lt;mornings&gt;" in svg  # escaped
    assert "Distance travelled: +3." in svg
    assert svg.count("<circle") == 3
    assert distance_chart(chart_id="g2", goal="x", scale="gbo", points=[]) == ""


def test_each_need_coloured_by_what_the_six_month_check_found():
    day = dt.date(2026, 1, 1)
    svg = outcomes_chart(
        chart_id="o",
        rows=[
            OutcomeRow("Housing", day, True, day, day),
            OutcomeRow("Money and debt", day, False, day, day),
            OutcomeRow("Parenting and routines", day, None, None, dt.date(2026, 7, 1)),
        ],
    )
    assert "Housing: met 1 January 2026, sustained at six months" in svg
    assert "not sustained at six months" in svg
    assert "six-month check due 1 July 2026" in svg


def test_the_plan_page_draws_goals_and_headline_outcomes(
    client, check, family_worker, smith_family, stranger
):
    plan = FamilyPlanFactory(family=smith_family, created_by=family_worker.user)
    goal = GoalFactory(plan=plan, text="Jaden sleeps in his own bed")
    for day, score in ((dt.date(2026, 2, 1), 2), (dt.date(2026, 5, 1), 6)):
        GoalScoreFactory(goal=goal, score=score, scored_on=day, by=family_worker.user)
    c = client_for(client, family_worker)
    html = c.get(f"/families/{smith_family.pk}/plan/").content.decode()
    assert "Scores over time: Jaden sleeps in his own bed" in html
    assert "Distance travelled: +4." in html
    assert "Jaden sleeps in his own bed: scores as a table" in html
    assert "Headline outcomes" in html
    assert html.count("Check due") == 2  # housing and debt, not recorded yet

    actions.sustained_outcome_record(
        by=family_worker.user,
        check=check,
        checked_on=timezone.localdate(),
        sustained=False,
        need_results={"housing": True, "debt": False},
        evidence="Tenancy kept; rent arrears again in May.",
    )
    html = c.get(f"/families/{smith_family.pk}/plan/").content.decode()
    assert "Tenancy kept; rent arrears again in May." in html
    assert "Money and debt: met" in html
    assert ">Sustained<" in html
    assert ">Not sustained<" in html

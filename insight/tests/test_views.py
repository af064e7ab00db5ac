"""The dashboards as each principal meets them: who sees them, suppression for those who may
not list the children, exact counts and the drill-down for a manager's own teams, 404 for the
rest, CSV downloads, and the audit of each."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from casework.factories import EpisodeFactory
from casework.models import StatutoryClock
from conftest import client_for
from insight import summary
from organisations.factories import PractitionerFactory, TeamFactory
from organisations.models import Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory

D = dt.date
QUERY = {"start": "2026-01", "end": "2026-06"}


@pytest.fixture
def history(eh_team, manager):
    """Three children in the manager's team with assessments (two in time) and one child in
    another team, in the area 'North'."""
    manager.manages.add(eh_team)
    eh_team.locality = "North"
    eh_team.save()
    other = TeamFactory(name="South team", locality="South")
    kids = []
    for i, (team, met) in enumerate(
        [(eh_team, D(2026, 3, 2)), (eh_team, D(2026, 3, 20)), (eh_team, D(2026, 3, 3)),
         (other, D(2026, 3, 3))]
    ):  # fmt: skip
        fam = FamilyFactory(name=f"Family {i}")
        child = PersonFactory(given_name=f"Kid{i}", family_name="Dash")
        MembershipFactory(family=fam, person=child, role="child")
        ep = EpisodeFactory(child=child, family=fam, kind="CIN", referral_date=D(2026, 1, 5),
                            closed_on=None, state="cin_plan", team=team)  # fmt: skip
        StatutoryClock.objects.create(
            episode=ep, family=fam, kind="assessment", starts_on=D(2026, 1, 5),
            due_on=D(2026, 3, 9), met_on=met, rules_version="wt2023-demo-2",
        )  # fmt: skip
        kids.append(child)
    summary.build(D(2026, 6, 30))
    return kids


@pytest.fixture
def data_officer(db):
    return PractitionerFactory(role=Role.DATA_OFFICER, job_title="Data officer")


def _table(content: str, key: str) -> str:
    start = content.index(f'data-table="{key}"')
    return content[start : content.index("</table>", start)]


def test_data_officer_sees_suppressed_counts_and_no_drill_down(client, data_officer, history):
    c = client_for(client, data_officer)
    page = c.get(reverse("insight:dashboard", args=["timeliness"]), QUERY)
    assert page.status_code == 200
    table = _table(page.content.decode(), "clocks")
    assert "fewer than 5" in table
    assert "withheld" in table
    assert "List the children" not in page.content.decode()
    drill = reverse("insight:children", args=["timeliness", "clocks"])
    assert c.get(drill, QUERY).status_code == 404
    assert AuditEvent.objects.filter(
        actor_id=data_officer.user.pk, verb="view", changes__report="dashboard:timeliness"
    ).exists()


def test_manager_sees_exact_counts_for_own_team_and_lists_its_children(
    client, manager, eh_team, history
):
    c = client_for(client, manager)
    page = c.get(reverse("insight:dashboard", args=["timeliness"]), {**QUERY, "team": eh_team.pk})
    body = page.content.decode()
    assert "the counts are exact" in body
    table = _table(body, "clocks")
    assert ">3<" in table
    assert "66.7%" in table
    drill = c.get(reverse("insight:children", args=["timeliness", "clocks"]), QUERY)
    assert drill.status_code == 200
    names = drill.content.decode()
    assert "Kid0 Dash" in names
    assert "Kid1 Dash" in names
    assert "Kid3 Dash" not in names
    event = AuditEvent.objects.get(actor_id=manager.user.pk, verb="list")
    assert sorted(event.changes["children"]) == sorted(k.pk for k in history[:3])


def test_manager_filters_by_area(client, manager, history):
    c = client_for(client, manager)
    south = c.get(reverse("insight:dashboard", args=["timeliness"]), {**QUERY, "area": "South"})
    assert "fewer than 5" in _table(south.content.decode(), "clocks")
    bad = c.get(reverse("insight:dashboard", args=["timeliness"]), {**QUERY, "area": "Nowhere"})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()


def test_csv_download_is_audited_and_suppressed(client, data_officer, history):
    c = client_for(client, data_officer)
    response = c.get(reverse("insight:download", args=["timeliness"]), QUERY)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Statutory timescales met, by timescale" in text
    assert "fewer than 5" in text
    assert AuditEvent.objects.filter(actor_id=data_officer.user.pk, verb="export").exists()


@pytest.mark.parametrize("board", ["demand", "timeliness", "caseloads", "flows", "outcomes"])
def test_every_dashboard_renders_with_charts_and_tables(client, data_officer, history, board):
    page = client_for(client, data_officer).get(reverse("insight:dashboard", args=[board]))
    assert page.status_code == 200
    assert "<table" in page.content.decode()
    assert "<svg" in page.content.decode() or board == "caseloads"


def test_not_for_practitioners_without_the_role(client, family_worker, stranger, history):
    for who in (family_worker, stranger):
        c = client_for(client, who)
        assert c.get(reverse("insight:index")).status_code == 404
        assert c.get(reverse("insight:dashboard", args=["timeliness"])).status_code == 404
        assert c.get(reverse("insight:download", args=["outcomes"])).status_code == 404
        drill = reverse("insight:children", args=["outcomes", "kept_home_12"])
        assert c.get(drill).status_code == 404


def test_drill_down_refused_for_a_measure_that_counts_no_children(client, manager, history):
    c = client_for(client, manager)
    assert c.get(reverse("insight:children", args=["demand", "contacts"])).status_code == 404
    assert c.get(reverse("insight:dashboard", args=["nonsense"])).status_code == 404

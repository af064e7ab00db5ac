"""The demo borough's teams grow with it (demo.staff): more early help, assessment and child
protection teams of a fixed size, so a worker's caseload stays near a real council's."""

import datetime as dt
from collections import Counter

import pytest

from demo import borough, households, staff, structure
from organisations.models import Involvement, Practitioner, Role, Team

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _fresh_staff():
    staff.for_families.cache_clear()
    yield
    staff.for_families.cache_clear()


def test_the_small_demo_keeps_the_fixed_partnership():
    for families in (30, 500, staff.SCALE_FROM):
        extra = staff.for_families(families)
        assert extra.teams == []
        assert extra.practitioners == []
        assert extra.pool("eh_north") == ["north_fw2"]
        assert extra.teams_of("csc_cp") == ["csc_cp"]


@pytest.mark.parametrize("families", [10_000, 100_000, 224_000])
def test_teams_grow_with_the_borough(families):
    extra = staff.for_families(families)
    for service in staff.SERVICES:
        teams = extra.teams_of(service.team)
        workers = extra.pool(service.team)
        # enough workers that each leads about CASELOAD of the service's families
        expected = families * service.share / staff.CASELOAD
        assert expected <= len(set(workers)) < expected + staff.TEAM_SIZE + len(service.pool)
        assert len(teams) == 1 + staff.extra_teams(families, service)
    members = Counter(p.team for p in extra.practitioners)
    assert set(members.values()) == {staff.TEAM_SIZE + 1}  # the workers and their manager
    managers = [p for p in extra.practitioners if p.role == Role.TEAM_MANAGER]
    assert sorted(m.manages for m in managers) == sorted((t.key,) for t in extra.teams)
    emails = [p.email for p in extra.practitioners]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith(f"@{structure.DEMO_EMAIL_DOMAIN}") for e in emails)
    well_known = {p.email for p in structure.PRACTITIONERS}
    assert not well_known & set(emails)


def test_twice_the_borough_has_about_twice_the_teams():
    small, large = staff.for_families(100_000), staff.for_families(200_000)
    assert 1.9 <= len(large.teams) / len(small.teams) <= 2.1


def test_caseloads_stay_near_a_real_councils():
    """Generated without the database: just above SCALE_FROM, named workers in the services
    that grow lead about CASELOAD families each, not hundreds."""
    families = 4_000
    plans = list(households.generate(families=families, seed=2026, today=TODAY))
    extra = staff.for_families(families)
    grown = {key for s in staff.SERVICES for key in extra.pool(s.team)}
    caseload = Counter()
    waiting = Counter()
    for plan in plans:
        for i in plan.involvements:
            if i.ended_on is None and i.practitioner in grown:
                caseload[i.practitioner] += 1
            elif i.ended_on is None and i.practitioner is None and i.team:
                waiting[i.team] += 1
    assert max(caseload.values()) <= 2.5 * staff.CASELOAD
    assert sum(caseload.values()) / len(caseload) <= 1.5 * staff.CASELOAD
    assert any(key.startswith("eh_north_") for key in caseload)  # the new teams' workers
    assert any(team.startswith("eh_north_") for team in waiting)  # shared among the teams
    # the well-known users keep their exact caseloads
    leads = Counter(
        p.reference for p in plans for i in p.involvements if i.practitioner == "family_worker"
    )
    share, lo, hi = households.TARGETS["family_worker"]
    assert lo <= len(leads) <= hi


@pytest.mark.django_db
def test_a_large_borough_is_loaded_with_its_teams(monkeypatch):
    """The loader writes the extra teams, their managers and workers, and the families they
    lead; reset removes them with the rest of the demo."""
    monkeypatch.setattr(staff, "SCALE_FROM", 10)
    monkeypatch.setattr(staff, "CASELOAD", 2)
    extra = staff.for_families(40)
    assert extra.teams
    borough.load(families=40, seed=3, today=TODAY)
    for spec in extra.teams:
        team = Team.objects.get(name=spec.name)
        manager = Practitioner.objects.get(manages=team)
        assert manager.role == Role.TEAM_MANAGER
        assert manager.team == team
        workers = team.members.filter(role__in=[Role.FAMILY_WORKER, Role.SOCIAL_WORKER])
        assert workers.count() == staff.TEAM_SIZE
    grown = Involvement.objects.active().filter(team__name__in=[t.name for t in extra.teams])
    assert grown.exists()
    assert all(i.practitioner is None or i.practitioner.team_id == i.team_id for i in grown)
    borough.reset()
    assert not Team.objects.filter(name__in=[t.name for t in extra.teams]).exists()
    assert not Practitioner.objects.exists()

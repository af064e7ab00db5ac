"""The MACPT register (Children Act 2004 s16EA): a team is complete only with all four
statutory seats filled, each member nominated by the partner the Act names for the seat; only
administrators and the safeguarding partnership's lead keep it (everyone else: 404)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditEvent
from conftest import client_for
from familyhub import errors
from organisations import actions, queries
from organisations.factories import (
    ChildProtectionTeamFactory,
    OrganisationFactory,
    PractitionerFactory,
    complete_macpt,
)
from organisations.models import OrganisationType, Role, StatutorySeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return PractitionerFactory(role=Role.ADMIN, job_title="Administrator")


@pytest.fixture
def partnership_lead(db):
    return PractitionerFactory(
        role=Role.PARTNER, designations=["partnership_lead"], job_title="Partnership manager"
    )


@pytest.fixture
def orgs(db):
    return {
        "la": OrganisationFactory(
            name="Demo Council", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
        ),
        "icb": OrganisationFactory(
            name="Demo ICB", org_type=OrganisationType.INTEGRATED_CARE_BOARD
        ),
        "police": OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE),
        "school": OrganisationFactory(name="Demo School", org_type=OrganisationType.SCHOOL),
        "hv": OrganisationFactory(name="Demo HV", org_type=OrganisationType.HEALTH_VISITING),
    }


def _people(orgs):
    return {
        StatutorySeat.EDUCATION: PractitionerFactory(
            organisation=orgs["school"], role=Role.PARTNER
        ),
        StatutorySeat.SOCIAL_WORK: PractitionerFactory(
            organisation=orgs["la"], role=Role.SOCIAL_WORKER
        ),
        StatutorySeat.HEALTH: PractitionerFactory(organisation=orgs["hv"], role=Role.PARTNER),
        StatutorySeat.POLICE: PractitionerFactory(organisation=orgs["police"], role=Role.PARTNER),
    }


NOMINATOR = {
    StatutorySeat.EDUCATION: "la",
    StatutorySeat.SOCIAL_WORK: "la",
    StatutorySeat.HEALTH: "icb",
    StatutorySeat.POLICE: "police",
}


def test_a_team_is_complete_only_with_all_four_seats_filled(admin, orgs):
    team = actions.macpt_create(by=admin.user, name="North MACPT", locality="North")
    assert team.missing_seats() == list(StatutorySeat.values)
    people = _people(orgs)
    for number, seat in enumerate(StatutorySeat, start=1):
        actions.macpt_member_add(
            by=admin.user,
            team=team,
            seat=seat,
            practitioner=people[seat],
            nominated_by=orgs[NOMINATOR[seat]],
        )
        team.refresh_from_db()
        assert team.is_complete is (number == 4), seat
    row = queries.macpt_register(admin.user)[0]
    assert row.is_complete
    assert not row.missing
    assert [s.members[0].practitioner for s in row.seats] == [people[s] for s in StatutorySeat]
    police = team.members.get(seat=StatutorySeat.POLICE)
    assert "macpt_member" in police.practitioner.designations  # the navigation's hint
    actions.macpt_member_end(by=admin.user, member=police, reason="Moved to another force")
    police.practitioner.refresh_from_db()
    assert "macpt_member" not in police.practitioner.designations
    team.refresh_from_db()
    assert team.missing_seats() == [StatutorySeat.POLICE]
    assert queries.macpt_register(admin.user)[0].missing == [StatutorySeat.POLICE.label]
    assert list(
        AuditEvent.objects.filter(object_type="organisations.childprotectionteammember")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == ["create"] * 4 + ["update"]


def test_a_member_who_leaves_tomorrow_still_fills_the_seat_today(admin):
    team, seated = complete_macpt()
    police = team.members.get(seat=StatutorySeat.POLICE)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    actions.macpt_member_end(by=admin.user, member=police, reason="Leaving", ended_on=tomorrow)
    team.refresh_from_db()
    assert team.is_complete
    assert team.missing_seats(on=tomorrow) == [StatutorySeat.POLICE]


@pytest.mark.parametrize(
    ("seat", "nominator", "ok"),
    [
        (StatutorySeat.EDUCATION, "la", True),
        (StatutorySeat.EDUCATION, "school", False),
        (StatutorySeat.SOCIAL_WORK, "la", True),
        (StatutorySeat.HEALTH, "icb", True),
        (StatutorySeat.HEALTH, "hv", False),  # the ICB nominates, not the provider
        (StatutorySeat.HEALTH, "la", False),
        (StatutorySeat.POLICE, "police", True),
        (StatutorySeat.POLICE, "la", False),
    ],
)
def test_each_seat_is_nominated_by_the_partner_the_act_names(admin, orgs, seat, nominator, ok):
    team = ChildProtectionTeamFactory()
    member = _people(orgs)[seat]
    call = lambda: actions.macpt_member_add(  # noqa: E731
        by=admin.user, team=team, seat=seat, practitioner=member, nominated_by=orgs[nominator]
    )
    if ok:
        assert call().nominated_by == orgs[nominator]
        return
    with pytest.raises(errors.RuleViolation) as refused:
        call()
    assert "nominated_by" in refused.value.field_errors
    assert refused.value.field_errors["nominated_by"][0].startswith(
        f"{orgs[nominator].name} cannot nominate"
    )
    assert not team.members.exists()


def test_police_health_and_social_work_seats_need_the_right_member(admin, orgs):
    team = ChildProtectionTeamFactory()
    teacher = PractitionerFactory(organisation=orgs["school"], role=Role.PARTNER)
    for seat in (StatutorySeat.POLICE, StatutorySeat.HEALTH, StatutorySeat.SOCIAL_WORK):
        with pytest.raises(errors.RuleViolation) as refused:
            actions.macpt_member_add(
                by=admin.user,
                team=team,
                seat=seat,
                practitioner=teacher,
                nominated_by=orgs[NOMINATOR[seat]],
            )
        assert refused.value.field_errors["practitioner"][0].startswith(
            f"{teacher.name} cannot sit in"
        )
    assert not team.members.exists()


def test_only_administrators_and_the_partnership_lead_keep_the_register(
    admin, partnership_lead, family_worker, school_dsl
):
    actions.macpt_create(by=partnership_lead.user, name="East MACPT")
    for outsider in (family_worker, school_dsl):
        with pytest.raises(errors.NotPermitted):
            actions.macpt_create(by=outsider.user, name="West MACPT")
        assert queries.macpt_register(outsider.user) == []
    assert [r.team.name for r in queries.macpt_register(admin.user)] == ["East MACPT"]


def test_the_register_pages(client, admin, school_dsl, orgs):
    c = client_for(client, admin)
    page = c.get(reverse("organisations:macpts"))
    assert page.status_code == 200
    created = c.post(reverse("organisations:macpts"), {"name": "South MACPT", "locality": "South"})
    team = queries.macpt_register(admin.user)[0].team
    assert created.status_code == 302
    assert created.url == reverse("organisations:macpt", args=[team.pk])
    detail = c.get(created.url).content.decode()
    assert "Incomplete" in detail
    assert "Not filled" in detail
    police = _people(orgs)[StatutorySeat.POLICE]
    refused = c.post(
        created.url,
        {"seat": "police", "practitioner": police.pk, "nominated_by": orgs["la"].pk},
    )
    assert refused.status_code == 200
    assert "cannot nominate the police member" in refused.content.decode()
    added = c.post(
        created.url,
        {"seat": "police", "practitioner": police.pk, "nominated_by": orgs["police"].pk},
    )
    assert added.status_code == 302
    assert escape(police.name) in c.get(created.url).content.decode()
    member = team.members.get()
    end = reverse("organisations:macpt-member-end", args=[member.pk])
    assert c.post(end, {"reason": "Retired"}).status_code == 302
    member.refresh_from_db()
    assert member.ended_on is not None
    other = client_for(client.__class__(), school_dsl)
    for url in (reverse("organisations:macpts"), created.url, end):
        assert other.get(url).status_code == 404

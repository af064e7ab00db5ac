"""Working Together 2026 as a new timescales version, chosen by the case's start date (a case
started in 2025 keeps Working Together 2023), and unborn children: a pre-birth assessment and
a pre-birth conference timed from the expected date of birth."""

import datetime as dt

import pytest
import time_machine

import rules
from casework import actions
from casework.models import ClockKind, StatutoryClock
from familyhub import errors
from people.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _at(day):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 11, tzinfo=dt.UTC), tick=False
    )


def _open(by, family, child, kind="CIN", **data):
    if kind == "CIN":
        data = {"referral_source": "2A", "primary_need": "N1", **data}
    return actions.episode_open(by=by.user, family=family, child=child, kind=kind, data=data)


@pytest.fixture
def unborn(smith_family):
    baby = PersonFactory(
        given_name="Baby",
        family_name="Smith",
        date_of_birth=None,
        expected_date_of_birth=D(2027, 2, 14),
    )
    MembershipFactory(family=smith_family, person=baby, role="child")
    return baby


def test_the_wt2026_file_names_its_effective_date_and_source():
    wt2026 = rules.get("timescales", "wt2026-demo-1")
    assert wt2026.effective_from == D(2026, 3, 19)
    assert "Working Together to Safeguard Children 2026" in wt2026.source
    assert "[verify]" in wt2026.source  # the effective date was seen second-hand
    assert all(wt2026.sources[name] for name in wt2026.sources)
    assert (
        wt2026.pre_birth_assessment_weeks_before_due,
        wt2026.pre_birth_icpc_weeks_before_due,
    ) == (
        12,
        10,
    )
    # Working Together 2023 has no pre-birth timings and stays as it was.
    assert not rules.get("timescales", "wt2023-demo-2").has_pre_birth_timings


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (D(2025, 11, 3), "wt2023-demo-2"),
        (D(2026, 3, 18), "wt2023-demo-2"),
        (D(2026, 3, 19), "wt2026-demo-1"),
        (D(2026, 11, 2), "wt2026-demo-1"),
    ],
)
def test_the_version_in_force_on_a_start_date(day, version):
    assert rules.version_for("timescales", on=day).version == version


def test_a_case_older_than_every_version_runs_under_the_first():
    from casework.actions.clocks import timescales_for_start

    assert timescales_for_start(D(2022, 5, 3)).version == "wt2023-demo-2"
    assert timescales_for_start(None).version == "wt2026-demo-1"


def test_wt2026_is_chosen_by_start_date_while_a_2025_case_keeps_wt2023(
    smith_family, social_worker, csc_manager
):
    amelia = PersonFactory(given_name="Amelia", family_name="Smith", date_of_birth="2018-02-02")
    MembershipFactory(family=smith_family, person=amelia, role="child")
    with _at(D(2025, 11, 3)):
        old = _open(social_worker, smith_family, smith_family.jaden, referral_date=D(2025, 11, 3))
    with _at(D(2026, 12, 1)):
        # A referral received in 2025 but recorded only now still started under WT2023 ...
        late = _open(social_worker, smith_family, amelia, referral_date=D(2025, 12, 1))
    assert old.rules_version == late.rules_version == "wt2023-demo-2"
    assert late.clocks.get().rules_version == "wt2023-demo-2"
    with _at(D(2026, 12, 1)):
        # ... and the 2025 case keeps it when its CP episode opens after WT2026 took effect.
        cp = _open(
            social_worker,
            smith_family,
            smith_family.jaden,
            kind="CP",
            strategy_discussion_on=D(2026, 12, 1),
        )
    assert cp.rules_version == "wt2023-demo-2"
    with _at(D(2026, 12, 2)):
        new = _open(social_worker, smith_family, amelia, kind="EH", referral_date=D(2026, 12, 2))
    assert new.rules_version == "wt2026-demo-1"


def test_an_unborn_childs_pre_birth_assessment_is_timed_from_the_expected_date_of_birth(
    smith_family, social_worker, csc_manager, unborn
):
    with _at(D(2026, 11, 2)):
        episode = _open(social_worker, smith_family, unborn, referral_date=D(2026, 11, 2))
    clock = StatutoryClock.objects.get(episode=episode)
    assert episode.rules_version == "wt2026-demo-1"
    # 12 weeks before 14 February 2027 (sooner than 45 working days from 2 November 2026)
    assert (clock.kind, clock.due_on) == (ClockKind.PRE_BIRTH_ASSESSMENT, D(2026, 11, 22))
    assert clock.get_kind_display() == "Pre-birth assessment"
    with _at(D(2026, 11, 20)):
        for event, data in [
            ("start_assessment", {"assessment_started_on": D(2026, 11, 3)}),
            (
                "authorise_assessment",
                {"assessment_authorised_on": D(2026, 11, 20), "assessment_factors": ["4B"]},
            ),
        ]:
            episode.refresh_from_db()
            actions.episode_transition(
                by=csc_manager.user,
                episode=episode,
                event=event,
                expected_version=episode.version,
                data=data,
            )
    clock.refresh_from_db()
    assert clock.met_on == D(2026, 11, 20)
    assert clock.status_on(D(2026, 11, 20)) == "met"
    # The CIN census reads the unborn child with an expected date of birth and no date of birth
    # (DfE's ExpectedPersonBirthDate; returns/tests/test_cin_census.py checks the XML).
    from casework.queries.census import census_child

    census = census_child(unborn.pk, D(2026, 4, 1), D(2027, 3, 31))
    assert census is not None
    assert census.person["date_of_birth"] is None
    assert census.person["expected_date_of_birth"] == D(2027, 2, 14)


def test_a_late_pre_birth_assessment_needs_its_reason(
    smith_family, social_worker, csc_manager, unborn
):
    with _at(D(2026, 11, 2)):
        episode = _open(social_worker, smith_family, unborn, referral_date=D(2026, 11, 2))
    with _at(D(2026, 12, 1)):
        episode.refresh_from_db()
        actions.episode_transition(
            by=csc_manager.user,
            episode=episode,
            event="start_assessment",
            expected_version=episode.version,
            data={"assessment_started_on": D(2026, 11, 3)},
        )
        episode.refresh_from_db()
        with pytest.raises(errors.DomainError) as refused:
            actions.episode_transition(
                by=csc_manager.user,
                episode=episode,
                event="authorise_assessment",
                expected_version=episode.version,
                data={"assessment_authorised_on": D(2026, 12, 1), "assessment_factors": ["4B"]},
            )
    assert "22 November 2026" in str(refused.value.field_errors)


def test_the_usual_clock_when_the_birth_is_far_off(smith_family, social_worker, unborn):
    unborn.expected_date_of_birth = D(2027, 6, 30)
    unborn.save(update_fields=["expected_date_of_birth"])
    with _at(D(2026, 11, 2)):
        episode = _open(social_worker, smith_family, unborn, referral_date=D(2026, 11, 2))
    clock = StatutoryClock.objects.get(episode=episode)
    # 45 working days from 2 November 2026 come before 12 weeks ahead of 30 June 2027
    assert clock.kind == ClockKind.PRE_BIRTH_ASSESSMENT
    assert clock.due_on == rules.calendar().add_working_days(D(2026, 11, 2), 45)


def test_an_unborn_child_under_wt2023_has_the_usual_assessment_clock(
    smith_family, social_worker, unborn
):
    unborn.expected_date_of_birth = D(2026, 2, 14)
    unborn.save(update_fields=["expected_date_of_birth"])
    with _at(D(2025, 11, 3)):
        episode = _open(social_worker, smith_family, unborn, referral_date=D(2025, 11, 3))
    clock = StatutoryClock.objects.get(episode=episode)
    assert (episode.rules_version, clock.kind) == ("wt2023-demo-2", ClockKind.ASSESSMENT)


def test_a_pre_birth_conference_is_timed_from_the_expected_date_of_birth(
    smith_family, social_worker, csc_manager, unborn
):
    unborn.expected_date_of_birth = D(2026, 12, 20)
    unborn.save(update_fields=["expected_date_of_birth"])
    with _at(D(2026, 10, 1)):
        _open(social_worker, smith_family, unborn, referral_date=D(2026, 10, 1))
        cp = _open(
            social_worker, smith_family, unborn, kind="CP", strategy_discussion_on=D(2026, 10, 1)
        )
        actions.episode_transition(
            by=social_worker.user,
            episode=cp,
            event="start_s47",
            expected_version=cp.version,
            data={"s47_started_on": D(2026, 10, 1)},
        )
    icpc = cp.clocks.get(kind=ClockKind.ICPC)
    # 10 weeks before 20 December 2026 is 11 October, sooner than 15 working days (22 October)
    assert icpc.due_on == D(2026, 10, 11)


def test_family_help_is_one_service_with_one_lead_and_plan(
    client, smith_family, family_worker, colleague, social_worker
):
    """Targeted early help for one child and section 17 work for a sibling show as one family
    help service on the family page, with the family help lead practitioner and plan; the
    episodes keep their kinds, so the CIN census still sees the section 17 episode."""
    from django.urls import reverse

    from casework.factories import FamilyPlanFactory
    from casework.queries.census import census_child
    from conftest import client_for

    amelia = PersonFactory(given_name="Amelia", family_name="Smith", date_of_birth="2019-02-02")
    MembershipFactory(family=smith_family, person=amelia, role="child")
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
    )
    FamilyPlanFactory(family=smith_family, started_on=D(2026, 11, 2))
    with _at(D(2026, 12, 1)):
        _open(family_worker, smith_family, amelia, kind="EH", referral_date=D(2026, 11, 2))
        cin = _open(social_worker, smith_family, smith_family.jaden, referral_date=D(2026, 12, 1))
        page = client_for(client, family_worker).get(
            reverse("people:family", args=[smith_family.pk])
        )
    text = page.content.decode()
    assert "Family help" in text
    assert "Amelia Smith (targeted early help)" in text
    assert "Jaden Smith (section 17 child in need)" in text
    assert f"Family help lead practitioner: {family_worker.name}" in text
    assert "started 2 November 2026" in text
    assert cin.kind == "CIN"
    census = census_child(smith_family.jaden.pk, D(2026, 4, 1), D(2027, 3, 31))
    assert census is not None
    assert len(census.episodes) == 1  # the section 17 episode, in the census as before

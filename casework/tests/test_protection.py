"""Child protection under the Children's Wellbeing and Schools Act 2026: the lead child
protection practitioner every child protection case has (required once a conference or plan
is recorded), and a section 47 enquiry allocated to a complete multi-agency child protection
team (CA 2004 s16EA), whose members are told."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from casework import actions, queries
from casework import messages as msg
from casework.models import Episode, S47Allocation
from casework.tests.conftest import build_episode
from conftest import client_for
from familyhub import errors
from notices.models import Notice
from organisations.factories import complete_macpt
from organisations.models import Involvement, StatutorySeat
from people.models import ChronologyEntry

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _step(by, episode, event, **data):
    episode.refresh_from_db()
    return actions.episode_transition(
        by=by.user, episode=episode, event=event, expected_version=episode.version, data=data
    )


def _refused(*args, **kwargs) -> errors.RuleViolation:
    with pytest.raises(errors.RuleViolation) as exc:
        _step(*args, **kwargs)
    return exc.value


SCHEDULE = {"s47_ended_on": D(2025, 5, 1), "icpc_planned_on": D(2025, 5, 2)}


def test_a_conference_needs_the_lead_child_protection_practitioner(
    smith_family, social_worker, family_worker
):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    refused = _refused(social_worker, cp, "schedule_icpc", **SCHEDULE)
    assert refused.field_errors == {"lead_cp_practitioner": [msg.LCPP_REQUIRED]}
    refused = _refused(
        social_worker, cp, "schedule_icpc", lead_cp_practitioner=family_worker, **SCHEDULE
    )
    assert refused.field_errors == {"lead_cp_practitioner": [msg.LCPP_NOT_SOCIAL_WORKER]}
    cp.refresh_from_db()
    assert (cp.state, cp.lead_cp_practitioner) == ("s47_enquiry", None)

    _step(social_worker, cp, "schedule_icpc", lead_cp_practitioner=social_worker, **SCHEDULE)
    cp.refresh_from_db()
    assert (cp.state, cp.lead_cp_practitioner) == ("icpc_scheduled", social_worker)
    assert Involvement.objects.filter(
        family=smith_family, practitioner=social_worker, role="lead_cp", person=smith_family.jaden
    ).exists()
    assert Notice.objects.filter(
        recipient=social_worker.user, subject__contains="lead child protection practitioner"
    ).exists()
    # Named once, the later steps need no more; leaving the field empty keeps them.
    _step(
        social_worker,
        cp,
        "icpc_plan",
        icpc_on=D(2025, 5, 2),
        cp_plan_started_on=D(2025, 5, 2),
        cp_category_initial="NEG",
        lead_cp_practitioner=None,
    )
    cp.refresh_from_db()
    assert (cp.state, cp.lead_cp_practitioner) == ("cp_plan", social_worker)


@pytest.mark.parametrize(
    ("state", "event", "data"),
    [
        ("icpc_scheduled", "icpc_no_plan", {"icpc_on": D(2025, 5, 1)}),
        (
            "icpc_scheduled",
            "icpc_plan",
            {
                "icpc_on": D(2025, 5, 1),
                "cp_plan_started_on": D(2025, 5, 1),
                "cp_category_initial": "NEG",
            },
        ),
        ("cp_plan", "rcpc_continue", {"rcpc_on": D(2025, 5, 30)}),
        (
            "cp_plan",
            "rcpc_end_plan",
            {"rcpc_on": D(2025, 5, 30), "cp_plan_ended_on": D(2025, 5, 30)},
        ),
    ],
)
def test_a_case_recorded_before_the_rule_needs_one_at_its_next_conference(
    smith_family, social_worker, state, event, data
):
    cp = build_episode(smith_family, smith_family.jaden, "CP", state)
    assert _refused(social_worker, cp, event, **data).field_errors == {
        "lead_cp_practitioner": [msg.LCPP_REQUIRED]
    }
    actions.lcpp_assign(by=social_worker.user, episode=cp, practitioner=social_worker)
    _step(social_worker, cp, event, **data)


def test_no_conference_needs_no_lead_yet(smith_family, social_worker, csc_manager):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "strategy_discussion")
    _step(social_worker, cp, "start_s47", s47_started_on=D(2025, 5, 1))
    _step(csc_manager, cp, "s47_no_conference", s47_ended_on=D(2025, 5, 20))


def test_naming_the_lead_child_protection_practitioner(
    smith_family, social_worker, family_worker, csc_manager
):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    with pytest.raises(errors.NotPermitted):
        actions.lcpp_assign(by=family_worker.user, episode=cp, practitioner=social_worker)
    with pytest.raises(errors.RuleViolation) as exc:
        actions.lcpp_assign(by=social_worker.user, episode=cp, practitioner=family_worker)
    assert exc.value.field_errors == {"practitioner": [msg.LCPP_NOT_SOCIAL_WORKER]}
    actions.lcpp_assign(
        by=csc_manager.user, episode=cp, practitioner=social_worker, note="Knows the family"
    )
    cp.refresh_from_db()
    assert cp.lead_cp_practitioner == social_worker
    event = AuditEvent.objects.filter(object_type="casework.episode", verb="update").last()
    assert event.changes["lead_cp_practitioner"][1].startswith("Sol Social")
    assert ChronologyEntry.objects.filter(
        family=smith_family, summary__contains="lead child protection practitioner"
    ).exists()
    cin = cp.parent
    with pytest.raises(errors.NotPermitted):  # only a child protection case has one
        actions.lcpp_assign(by=social_worker.user, episode=cin, practitioner=social_worker)


def test_an_enquiry_is_allocated_only_to_a_complete_team(smith_family, social_worker):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    team, seated = complete_macpt("North MACPT")
    police = team.members.get(seat=StatutorySeat.POLICE)
    police.ended_on = D(2025, 6, 1)
    police.save(update_fields=["ended_on"])
    with pytest.raises(errors.RuleViolation) as exc:
        actions.s47_allocate(by=social_worker.user, episode=cp, team=team)
    assert exc.value.field_errors == {
        "team": [msg.MACPT_INCOMPLETE.format(team="North MACPT", missing="police")]
    }
    assert not S47Allocation.objects.exists()
    assert team not in queries.macpts_for_allocation()


def test_allocating_and_reallocating_an_enquiry(smith_family, social_worker, family_worker):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    north, north_members = complete_macpt("North MACPT")
    south, _ = complete_macpt("South MACPT")
    assert set(queries.macpts_for_allocation()) == {north, south}
    with pytest.raises(errors.NotPermitted):  # social work duty
        actions.s47_allocate(by=family_worker.user, episode=cp, team=north)
    first = actions.s47_allocate(
        by=social_worker.user, episode=cp, team=north, note="Joint visit with police"
    )
    assert first.family == smith_family
    assert AuditEvent.objects.filter(
        verb="create", object_type="casework.s47allocation", object_id=str(first.pk)
    ).exists()
    told = Notice.objects.filter(subject="Section 47 enquiry allocated to North MACPT")
    assert {n.recipient for n in told} == {p.user for p in north_members.values()}
    assert all("Smith" not in n.subject + n.body for n in told)  # the notice names no family
    with pytest.raises(errors.RuleViolation) as exc:
        actions.s47_allocate(by=social_worker.user, episode=cp, team=north)
    assert exc.value.field_errors == {"team": [msg.MACPT_ALREADY.format(team="North MACPT")]}
    second = actions.s47_allocate(by=social_worker.user, episode=cp, team=south)
    first.refresh_from_db()
    assert first.ended_on == D(2025, 6, 2)
    assert first.end_reason == "Reallocated to South MACPT"
    assert queries.current_s47_allocation(cp) == second


def test_the_episode_and_family_pages_show_the_lead_and_the_team(
    client, smith_family, social_worker, django_assert_num_queries
):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    c = client_for(client, social_worker)
    episode_url = reverse("casework:episode", args=[cp.pk])
    page = c.get(episode_url).content.decode()
    assert "Lead child protection practitioner" in page
    assert reverse("casework:episode-lcpp", args=[cp.pk]) in page
    assert reverse("casework:episode-macpt", args=[cp.pk]) in page
    family_url = reverse("people:family", args=[smith_family.pk])
    # The family page reads the lead with the episodes it already reads: no extra query.
    before = _count_queries(c, family_url)
    Episode.objects.filter(pk=cp.pk).update(lead_cp_practitioner=social_worker)
    assert _count_queries(c, family_url) == before
    Episode.objects.filter(pk=cp.pk).update(lead_cp_practitioner=None)
    team, _ = complete_macpt()
    lcpp = c.post(
        reverse("casework:episode-lcpp", args=[cp.pk]), {"practitioner": social_worker.pk}
    )
    assert lcpp.status_code == 302
    allocated = c.post(reverse("casework:episode-macpt", args=[cp.pk]), {"team": team.pk})
    assert allocated.status_code == 302
    page = c.get(episode_url).content.decode()
    assert team.name in page
    assert "Sol Social" in page
    family_page = c.get(family_url).content.decode()
    assert "Lead child protection practitioner: Sol Social" in " ".join(family_page.split())


def _count_queries(c, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert c.get(url).status_code == 200
    return len(captured)


def test_the_step_form_asks_for_the_lead_at_a_conference(client, smith_family, social_worker):
    cp = build_episode(smith_family, smith_family.jaden, "CP", "s47_enquiry")
    c = client_for(client, social_worker)
    url = reverse("casework:episode-step", args=[cp.pk, "schedule_icpc"])
    assert "Lead child protection practitioner" in c.get(url).content.decode()
    response = c.post(
        url,
        {
            "version": cp.version,
            "s47_ended_on_0": "1",
            "s47_ended_on_1": "5",
            "s47_ended_on_2": "2025",
            "icpc_planned_on_0": "2",
            "icpc_planned_on_1": "5",
            "icpc_planned_on_2": "2025",
        },
    )
    assert response.status_code == 200
    assert msg.LCPP_REQUIRED in response.content.decode()

"""casework.demo_protection: the demo borough's MACPT, complete, with the section 47 enquiries
under way allocated to it; idempotent, and removed again with the borough."""

import io

import pytest

from casework import demo, demo_protection
from casework.models import Episode, S47Allocation
from demo import borough
from organisations.models import ChildProtectionTeam, StatutorySeat

pytestmark = pytest.mark.django_db


def test_the_demo_macpt_has_four_seats_and_an_enquiry(db):
    borough.load(families=40, seed=7)
    demo.load_demo(seed=2026)
    out = io.StringIO()
    counts = demo_protection.load_demo(stdout=out)
    assert counts["section 47 enquiries allocated"] >= 1
    team = ChildProtectionTeam.objects.get(name=demo_protection.TEAM_NAME)
    assert team.is_complete
    seats = {m.seat: m for m in team.members.select_related("practitioner__user", "nominated_by")}
    assert (
        seats[StatutorySeat.POLICE].practitioner.user.email == "emma.fletcher@demo.familyhub.test"
    )
    assert seats[StatutorySeat.HEALTH].nominated_by.name == demo_protection.ICB_NAME
    allocation = S47Allocation.objects.select_related("episode").filter(team=team).first()
    assert allocation.episode.state == "s47_enquiry"
    assert allocation.episode.lead_cp_practitioner is not None
    assert demo_protection.load_demo() == {}  # idempotent
    assert "emma.fletcher" in out.getvalue()
    borough.reset()
    assert not ChildProtectionTeam.objects.exists()
    assert not Episode.objects.exists()

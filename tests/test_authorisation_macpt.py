"""MACPT members x record sections (issue 12; Children Act 2004 s16EA).

A member of a multi-agency child protection team reaches a family only through a section 47
enquiry allocated to their team: while the allocation is current, the child protection episode
open and the family not sealed, they see the enquiry (S47Allocation) and the sections it needs,
casework.policy.S47_SECTIONS, on the enquiry's page. Every other section, and every other page
of the family's record, is a 404 for them, as for anyone the family is not theirs.

The main matrices ask every URL as the cast's police MACPT member (tests/test_authorisation_
matrix.py, column "macpt") and every object URL for real objects (test_authorisation_objects.py:
the enquiry 200 on the open family, 404 on the sealed one; everything else of the family 404).
Here: each record section, the relation's ends, and the audit trail.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from casework import actions as casework_actions
from casework import policy
from casework.models import S47Allocation
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    complete_macpt,
)
from organisations.models import OrganisationType, Role, StatutorySeat
from people.factories import AddressFactory
from people.policy import can_view_section
from sharing.models import SECTIONS
from tests.authorisation_cast import build_cast, fresh

pytestmark = pytest.mark.django_db

# Every section of a family's record (sharing.models.SECTIONS) x what a MACPT member of the team
# the enquiry is allocated to sees of it, on the enquiry's page. Nothing through the family.
MACPT_SEES = {
    "members": True,  # who is in the household: the child, parents, siblings
    "involvements": True,  # who is involved: the lead practitioner, cover, agencies
    "addresses": True,  # where they live (never a confidential address)
    "chronology": False,
    "child_needs": False,
    "adult_needs": False,  # a parent's mental health, substance use, domestic abuse
    "plan": False,
    "assessment": False,  # and with it the factors at assessment and categories of abuse
    "case_notes": False,
}


def test_every_section_is_decided_for_macpt_members():
    assert set(MACPT_SEES) == {code for code, _ in SECTIONS}
    assert {s for s, seen in MACPT_SEES.items() if seen} == set(policy.S47_SECTIONS)


def _client(practitioner) -> Client:
    c = Client()
    c.force_login(practitioner.user)
    return c


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_a_macpt_member_sees_the_enquiry_and_its_sections_and_nothing_else():
    people, objects = build_cast()
    objs = objects["open"]
    family, s47 = objs["family"], objs["s47"]
    member = fresh(people["macpt"].user)
    parent = family.memberships.get(role="parent_carer").person
    AddressFactory(person=parent, line_1="12 Synthetic Road", postcode="DB1 1AA")
    AddressFactory(person=objs["child"], line_1="Refuge", postcode="DB9 9ZZ", is_confidential=True)

    # The sections, by the policy: all of S47_SECTIONS through the enquiry, none through the
    # family (they do not see it).
    assert policy.s47_sections(member, s47) == frozenset(policy.S47_SECTIONS)
    for section in MACPT_SEES:
        assert not can_view_section(member, family, section), section
    # The involved school's safeguarding lead sees the enquiry with a partner's sections.
    partner = fresh(people["partner"].user)
    assert policy.s47_sections(partner, s47) == {"members", "involvements"}

    c = _client(people["macpt"])
    page = c.get(reverse("casework:s47", args=[s47.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert objs["cp_episode"].child.full_name in text
    assert parent.full_name in text  # members
    assert "12 Synthetic Road" in text  # addresses
    assert "Refuge" not in text
    assert "Address withheld" in text  # a confidential address is never shown
    assert "School" in text  # involvements: the school's safeguarding lead
    assert "North MACPT" in text
    for not_theirs in ("Home visit", "Ada gets to school every day", "Breakfast club", "4B"):
        assert not_theirs not in text, not_theirs

    # The rest of the family's record: a 404 (the same as a family that does not exist).
    rest = [
        reverse("people:family", args=[family.pk]),
        reverse("people:person", args=[parent.pk]),
        reverse("people:person", args=[objs["cp_episode"].child.pk]),
        reverse("casework:episode", args=[objs["cp_episode"].pk]),
        reverse("casework:episode", args=[objs["episode"].pk]),
        reverse("casework:chronology", args=[family.pk]),
        reverse("casework:notes", args=[family.pk]),
        reverse("casework:plan", args=[family.pk]),
        reverse("casework:assessment", args=[objs["assessment"].pk]),
        reverse("casework:step-up", args=[objs["step_up"].pk]),
        reverse("casework:step-down", args=[objs["step_down"].pk]),
        reverse("sharing:family", args=[family.pk]),
        reverse("casework:episode-macpt", args=[objs["cp_episode"].pk]),
        reverse("casework:episode-lcpp", args=[objs["cp_episode"].pk]),
    ]
    for url in rest:
        assert c.get(url).status_code == 404, url
    # Refused, and written down as refused (the unusual-access report sees attempts).
    refused = AuditEvent.objects.filter(verb="denied", actor_id=people["macpt"].user.pk)
    assert refused.filter(object_type="people.family", family_id=family.pk).exists()
    # The enquiry's read is audited with the relation it was seen through.
    read = AuditEvent.objects.filter(
        verb="view", object_type="casework.s47allocation", object_id=str(s47.pk)
    ).get()
    assert read.actor_id == people["macpt"].user.pk
    assert read.family_id == family.pk
    assert "North MACPT" in read.reason
    # The sealed family's enquiry: a 404 even for the team.
    sealed = objects["sealed"]["s47"]
    assert c.get(reverse("casework:s47", args=[sealed.pk])).status_code == 404
    # Their list names the open family's enquiry only, and is audited as a list.
    listed = _text(c.get(reverse("casework:s47-list")))
    assert reverse("casework:s47", args=[s47.pk]) in listed
    assert reverse("casework:s47", args=[sealed.pk]) not in listed
    assert AuditEvent.objects.filter(
        verb="list", actor_id=people["macpt"].user.pk, changes__list="section 47 enquiries"
    ).exists()


@pytest.fixture
def social_worker(smith_family):
    """The family's social worker (involved, in a children's social care team)."""
    csc = OrganisationFactory(name="CSC", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE)
    sw = PractitionerFactory(organisation=csc, role=Role.SOCIAL_WORKER, job_title="Social worker")
    InvolvementFactory(family=smith_family, practitioner=sw, role="social_worker")
    return sw


@pytest.fixture
def enquiry(smith_family, social_worker):
    """Jaden's section 47 enquiry allocated to a complete MACPT."""
    cin = casework_actions.episode_open(
        by=social_worker.user,
        family=smith_family,
        child=smith_family.jaden,
        kind="CIN",
        data={
            "referral_date": timezone.localdate() - dt.timedelta(days=3),
            "referral_source": "2A",
            "primary_need": "N1",
        },
    )
    assert cin.kind == "CIN"
    cp = casework_actions.episode_open(
        by=social_worker.user,
        family=smith_family,
        child=smith_family.jaden,
        kind="CP",
        data={"strategy_discussion_on": timezone.localdate() - dt.timedelta(days=1)},
    )
    team, seated = complete_macpt("North MACPT")
    s47 = casework_actions.s47_allocate(by=social_worker.user, episode=cp, team=team)
    return s47, team, seated


def _sees(practitioner, s47) -> bool:
    return _client(practitioner).get(reverse("casework:s47", args=[s47.pk])).status_code == 200


def test_every_seat_reaches_the_enquiry(enquiry):
    s47, _, seated = enquiry
    for seat, practitioner in seated.items():
        assert _sees(practitioner, s47), seat
        visible = S47Allocation.objects.filter(policy.s47_visibility_q(practitioner.user))
        assert list(visible) == [s47], seat


def test_the_relation_ends_with_the_membership_the_allocation_or_the_episode(
    enquiry, social_worker
):
    s47, team, seated = enquiry
    police = seated[StatutorySeat.POLICE]
    health = seated[StatutorySeat.HEALTH]
    education = seated[StatutorySeat.EDUCATION]
    other_team, other = complete_macpt("South MACPT")
    assert not _sees(other[StatutorySeat.POLICE], s47)  # another team's member

    membership = team.members.get(seat=StatutorySeat.POLICE)
    membership.ended_on = timezone.localdate()  # left the team today
    membership.save(update_fields=["ended_on"])
    assert not _sees(police, s47)
    assert _sees(health, s47)

    casework_actions.s47_allocate(by=social_worker.user, episode=s47.episode, team=other_team)
    s47.refresh_from_db()
    assert not _sees(health, s47)  # reallocated: the first team no longer sees it
    assert _sees(other[StatutorySeat.HEALTH], s47) is False  # the old row is no one's now
    current = S47Allocation.objects.get(ended_on__isnull=True)
    assert _sees(other[StatutorySeat.HEALTH], current)

    cp = current.episode
    cp.refresh_from_db()
    casework_actions.episode_transition(
        by=social_worker.user,
        episode=cp,
        event="no_s47",
        expected_version=cp.version,
        data={"closed_on": timezone.localdate()},
    )
    assert not _sees(other[StatutorySeat.HEALTH], current)  # the episode closed
    assert _sees(social_worker, current)  # the family's own social worker still does
    assert not _sees(education, s47)

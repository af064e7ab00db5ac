"""Demo borough: a multi-agency child protection team (CA 2004 s16EA) with its four statutory
seats filled, each nominated by the partner the Act names, and the section 47 enquiries under
way in the demo (casework.demo's "s47 under way" family) allocated to it, with their lead child
protection practitioner. Loaded after casework.demo; removed by `reset_demo`. Synthetic."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from access import doorway
from organisations import actions as org_actions
from organisations.models import (
    ChildProtectionTeam,
    ChildProtectionTeamMember,
    Organisation,
    OrganisationType,
    Practitioner,
    StatutorySeat,
)

from . import actions
from .demo import EMAIL, DemoNotLoaded, _org, _p
from .models import Episode, S47Allocation

TEAM_NAME = "Demo Borough MACPT (North and East)"
ICB_NAME = "Demo Integrated Care Board"


def _icb() -> Organisation:
    icb, _ = Organisation.objects.get_or_create(
        name=ICB_NAME,
        defaults={
            "org_type": OrganisationType.INTEGRATED_CARE_BOARD,
            "code": "QZZ",
            "phone": "0113 496 0390",
            "email": "safeguarding@demoicb.example",
        },
    )
    return icb


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    def say(text):
        if stdout is not None:
            stdout.write(text)

    if ChildProtectionTeam.objects.filter(name=TEAM_NAME).exists():
        say("MACPT demo already loaded; nothing to do.")
        return {}
    try:
        admin, cp_sw = _p("admin"), _p("david.campbell")
        members = {
            StatutorySeat.EDUCATION: _p("teacher"),
            StatutorySeat.SOCIAL_WORK: cp_sw,
            StatutorySeat.HEALTH: _p("health.visitor"),
            StatutorySeat.POLICE: _p("emma.fletcher"),
        }
    except Practitioner.DoesNotExist as exc:
        raise DemoNotLoaded("Run `familyhub demo` first: the demo sign-ins are missing.") from exc
    council = _org("Demo Borough Children's Social Care") or cp_sw.organisation
    nominators = {
        StatutorySeat.EDUCATION: council,
        StatutorySeat.SOCIAL_WORK: council,
        StatutorySeat.HEALTH: _icb(),
        StatutorySeat.POLICE: members[StatutorySeat.POLICE].organisation,
    }
    since = timezone.localdate() - dt.timedelta(days=60)
    with doorway.batch():
        team = org_actions.macpt_create(
            by=admin.user,
            name=TEAM_NAME,
            locality="North and East",
            email="macpt.north-east@demoborough.example",
            phone="020 7946 0600",
            established_on=since,
        )
        for seat, practitioner in members.items():
            org_actions.macpt_member_add(
                by=admin.user,
                team=team,
                seat=seat,
                practitioner=practitioner,
                nominated_by=nominators[seat],
                started_on=since,
            )
        enquiries = Episode.objects.filter(
            family__is_synthetic=True, kind="CP", state="s47_enquiry", closed_on__isnull=True
        ).select_related("family", "child")
        allocated = 0
        for episode in enquiries.order_by("pk"):
            actions.lcpp_assign(by=cp_sw.user, episode=episode, practitioner=cp_sw)
            episode.refresh_from_db()
            actions.s47_allocate(
                by=cp_sw.user,
                episode=episode,
                team=team,
                allocated_on=episode.s47_started_on or episode.strategy_discussion_on,
                note="Joint enquiry: police to arrange the child's interview with the school.",
            )
            allocated += 1
    say(
        f"{TEAM_NAME}: four statutory seats filled; {allocated} section 47 enquiries allocated "
        f"(sign in as {EMAIL.format('emma.fletcher')}, the police member)."
    )
    return {"MACPT": 1, "section 47 enquiries allocated": allocated}


def reset_demo() -> None:
    """Remove the demo MACPT, its members and its enquiries' allocations, and the demo ICB."""
    with transaction.atomic():
        S47Allocation.objects.filter(family__is_synthetic=True).delete()
        S47Allocation.objects.filter(team__name=TEAM_NAME).delete()
        ChildProtectionTeamMember.objects.filter(team__name=TEAM_NAME).delete()
        ChildProtectionTeam.objects.filter(name=TEAM_NAME).delete()
        Organisation.objects.filter(
            name=ICB_NAME, org_type=OrganisationType.INTEGRATED_CARE_BOARD
        ).delete()

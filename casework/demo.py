"""Casework in the Demo Borough: families at every stage (early help, child in need, child
protection with conferences and core groups, stepped down, closed), workers on leave and
overdue clocks, on top of the borough that `familyhub demo` builds.

    from casework.demo import load_demo
    load_demo(seed=2026)   # idempotent: does nothing if the demo's casework is there

Everything is written through casework.actions, so the chronology, audit trail and clocks are
exactly what the app itself would record. The same seed and the same day give the same result.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from access import doorway
from directory import demo as directory_demo
from directory.models import HubService, HubServiceCategory
from organisations.models import Involvement, Organisation, Practitioner
from outcomes.models import GoalScore, SustainedOutcomeCheck
from people import actions as people_actions
from people.models import Family, Membership, Person
from rules import calendar

from . import actions
from .leads import reconcile_leads
from .models import Episode, LeadArrangement, WorkingHours

EMAIL = "{}@demo.familyhub.test"


class DemoNotLoaded(Exception):
    """The demo borough (its practitioners and families) is not in the database."""


def _p(local: str) -> Practitioner:
    return Practitioner.objects.select_related("user", "team", "organisation").get(
        user__email=EMAIL.format(local)
    )


def _org(name_start: str) -> Organisation:
    return Organisation.objects.filter(name__startswith=name_start).order_by("pk").first()


def _involve(family, practitioner, role) -> None:
    if not Involvement.objects.active().filter(family=family, practitioner=practitioner).exists():
        Involvement.objects.create(
            family=family,
            organisation=practitioner.organisation,
            practitioner=practitioner,
            team=practitioner.team,
            role=role,
            started_on=timezone.localdate() - dt.timedelta(days=400),
        )


def _wd_ago(n: int) -> dt.date:
    """The date n working days before today."""
    cal, day = calendar(), timezone.localdate()
    while n > 0:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _step(by, episode, event, **data):
    episode.refresh_from_db()
    return actions.episode_transition(
        by=by.user, episode=episode, event=event, expected_version=episode.version, data=data
    )


def _families(seed: int, count: int) -> list[Family]:
    """Synthetic families with a parent and at least one child born, chosen by the seed."""
    with_children = (
        Membership.objects.filter(
            role="child",
            left_on__isnull=True,
            person__date_of_birth__lte=_days_ago(400),  # born before the oldest referral below
            person__date_of_death__isnull=True,
        )
        .filter(family__is_synthetic=True, family__is_restricted=False)
        .values_list("family_id", flat=True)
    )
    ids = sorted(set(with_children))
    if len(ids) < count:
        raise DemoNotLoaded("The demo borough has too few families: run `familyhub demo` first.")
    chosen = random.Random(seed).sample(ids, count)  # noqa: S311 - synthetic data
    by_pk = Family.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]


def _children(family):
    return [
        m.person
        for m in family.memberships.filter(role="child", left_on__isnull=True)
        .select_related("person")
        .order_by("person__date_of_birth", "pk")
        if m.person.date_of_birth and not m.person.date_of_death
    ]


def _parent(family):
    m = (
        family.memberships.filter(left_on__isnull=True)
        .exclude(role="child")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return m.person if m else _children(family)[0]


def is_loaded() -> bool:
    return Episode.objects.filter(
        family__is_synthetic=True, rules_version__startswith="wt"
    ).exists()


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    """Add the demo's casework (idempotently). Returns how many families got each stage."""

    def say(text):
        if stdout is not None:
            stdout.write(text)

    if is_loaded():
        say("Casework demo already loaded; nothing to do.")
        return {}
    try:
        fw, fw2, kwame = _p("family.worker"), _p("kayleigh.barker"), _p("kwame.mensah")
        sw, sw2, cp_sw = _p("social.worker"), _p("ioana.popescu"), _p("david.campbell")
        csc_manager, teacher = _p("fiona.walsh"), _p("teacher")
        front_door = _p("front.door")
    except Practitioner.DoesNotExist as exc:
        raise DemoNotLoaded("Run `familyhub demo` first: the demo sign-ins are missing.") from exc
    school = teacher.organisation
    amh = _org("Demo Borough Adult Mental Health") or school
    housing = _org("Demo Borough Housing") or school
    families = _families(seed, 13)
    counts: dict[str, int] = {}

    with doorway.batch():
        counts_services = directory_demo.load_services()
        for p in (fw, fw2, kwame):
            WorkingHours.objects.get_or_create(
                practitioner=p,
                defaults={
                    "weekdays": [0, 1, 2, 3] if p is fw2 else [0, 1, 2, 3, 4],
                    "starts_at": dt.time(9),
                    "ends_at": dt.time(17),
                },
            )
        # Workers on leave and off sick, so families show their cover automatically.
        actions.absence_record(
            by=kwame.user,
            practitioner=kwame,
            kind="leave",
            starts_on=_days_ago(2),
            ends_on=_days_ago(-12),
            note="Summer leave",
        )
        actions.absence_record(
            by=fw2.user,
            practitioner=fw2,
            kind="sickness",
            starts_on=_days_ago(1),
            ends_on=_days_ago(-3),
        )

        # 1. Early help with a whole-family assessment, a plan, goals scored twice (one by goal
        # attainment scaling), a review, and a hub parenting programme in the package.
        f = families[0]
        _early_help(f, fw, fw2, school, amh, housing, scored=True)
        counts["early help (plan, reviews)"] = 1
        # 2. Early help led by a worker who is on leave: the page shows the cover (Jess).
        f = families[1]
        _involve(f, kwame, "family_worker")
        _early_help(f, kwame, fw, school, amh, housing, scored=False)
        counts["early help, lead on leave"] = 1

        # 3. Child in need: assessment under way, on time.
        f = families[2]
        _involve(f, sw, "social_worker")
        _cin(f, sw, referral=_wd_ago(20), source="2A", need="N4")
        # 4. Child in need: assessment overdue (45 working days passed).
        f = families[3]
        _involve(f, sw, "social_worker")
        _cin(f, sw, referral=_wd_ago(55), source="3A", need="N3")
        # 5. Child in need plan, review overdue.
        f = families[4]
        _involve(f, sw2, "social_worker")
        e = _cin(f, sw2, referral=_wd_ago(90), source="6", need="N5")
        _step(
            csc_manager,
            e,
            "authorise_assessment",
            assessment_authorised_on=_wd_ago(50),
            assessment_factors=["3B", "4B"],
        )
        _step(sw2, e, "start_cin_plan", cin_plan_started_on=_wd_ago(45))
        counts["child in need"] = 3

        # 6. Child protection: ICPC held, plan, first core group, RCPC coming.
        f = families[5]
        _cp(f, cp_sw, csc_manager, plan=True)
        # 7. Child protection: s47 under way, initial conference overdue.
        f = families[6]
        _cp(f, cp_sw, csc_manager, plan=False)
        counts["child protection"] = 2

        # 8. Stepped down to early help, accepted by the family worker.
        f = families[7]
        _step_down(f, sw, csc_manager, fw, accept=True)
        # 9. A step-down waiting for the family worker to accept.
        f = families[8]
        _step_down(f, sw2, csc_manager, fw, accept=False)
        counts["stepped down"] = 2

        # 10. Closed: no further action after assessment (RC8).
        f = families[9]
        _involve(f, sw, "social_worker")
        e = _cin(f, sw, referral=_wd_ago(70), source="2A", need="N1")
        _step(
            csc_manager,
            e,
            "authorise_assessment",
            assessment_authorised_on=_wd_ago(30),
            assessment_factors=["21"],
        )
        _step(sw, e, "close", closed_on=_wd_ago(29), closure_reason="RC8")
        counts["closed"] = 1

        # 11. Unallocated referral from the front door, for the manager to allocate.
        f = families[10]
        _involve(f, front_door, "other")
        child = _children(f)[0]
        e = actions.episode_open(
            by=front_door.user,
            family=f,
            child=child,
            kind="CIN",
            data={"referral_date": _wd_ago(2), "referral_source": "1A", "primary_need": "N4"},
        )
        Episode.objects.filter(pk=e.pk).update(team=sw.team)
        counts["unallocated"] = 1

        # 12–13. Early help closed with needs met: the six-month sustained outcome check is
        # overdue for one family and due within four weeks for the other.
        _closed_needs_met(families[11], fw, closed_days_ago=200)
        _closed_needs_met(families[12], fw2, closed_days_ago=170)
        counts["closed, outcome check due"] = 2

        # 14. Family help (Working Together 2026): targeted early help for one child and
        # section 17 child in need work for a sibling, one family help lead practitioner and
        # one family help plan.
        used = {f.pk for f in families}
        helped = _family_with_two_children(seed, exclude=used)
        if helped is not None:
            _family_help(helped, fw, fw2, sw2, school, amh, housing)
            used.add(helped.pk)
            counts["family help (early help and section 17)"] = 1
        # 15. An unborn child: a pre-birth assessment timed from the expected date of birth.
        unborn = _unborn_child(seed, exclude=used) or _expecting(seed, sw, exclude=used)
        if unborn is not None:
            _pre_birth(unborn.family, unborn.person, sw)
            counts["unborn child, pre-birth assessment"] = 1
        # The borough's planned leads become lead arrangements, the one record of who leads
        # (ADR 0006), so every page names the same lead practitioner.
        leads = reconcile_leads(
            LeadArrangement,
            Involvement,
            today=timezone.localdate(),
            families=Family.objects.filter(is_synthetic=True).values("pk"),
        )
        if counts_services:
            say(f"Hub services added: {counts_services}.")
    say(f"Casework demo loaded: {sum(counts.values())} families at every stage.")
    say(f"Lead practitioners recorded for {leads} more families.")
    return counts


def _family_with_two_children(seed: int, exclude: set[int]) -> Family | None:
    ids = sorted(
        f
        for f in Membership.objects.filter(
            role="child",
            left_on__isnull=True,
            person__date_of_birth__gt=timezone.localdate() - dt.timedelta(days=16 * 365),
            person__date_of_death__isnull=True,
            family__is_synthetic=True,
            family__is_restricted=False,
        )
        .values_list("family_id", flat=True)
        .order_by()
        if f not in exclude
    )
    per_family = Counter(ids)  # (ids.count(f) for each f was quadratic in the borough's size)
    twice = sorted(f for f, n in per_family.items() if n >= 2)
    if not twice:
        return None
    return Family.objects.get(pk=random.Random(seed).choice(twice))  # noqa: S311 - synthetic


def _unborn_child(seed: int, exclude: set[int]) -> Membership | None:
    """A child due at least twelve weeks from now, so the pre-birth assessment is still due."""
    found = (
        Membership.objects.filter(
            role="child",
            left_on__isnull=True,
            person__date_of_birth__isnull=True,
            person__expected_date_of_birth__gte=timezone.localdate() + dt.timedelta(weeks=14),
            family__is_synthetic=True,
            family__is_restricted=False,
        )
        .exclude(family_id__in=exclude)
        .select_related("person", "family")
        .order_by("person__expected_date_of_birth", "pk")
    )
    return found.last()


def _expecting(seed: int, sw, exclude: set[int]) -> Membership | None:
    """When the borough has no baby due far enough ahead: a family expecting one (synthetic),
    recorded by the social worker who takes the midwife's referral."""
    ids = sorted(
        set(
            Membership.objects.filter(
                role="parent_carer",
                left_on__isnull=True,
                person__sex="F",
                person__date_of_birth__gt=timezone.localdate() - dt.timedelta(days=40 * 365),
                family__is_synthetic=True,
                family__is_restricted=False,
            )
            .exclude(family_id__in=exclude)
            .values_list("family_id", flat=True)
        )
    )
    if not ids:
        return None
    family = Family.objects.get(pk=random.Random(seed).choice(ids))  # noqa: S311 - synthetic
    _involve(family, sw, "social_worker")
    mother = _parent(family)
    membership = people_actions.family_add_new_person(
        by=sw.user,
        family=family,
        role="child",
        data={
            "given_name": "Baby",
            "family_name": mother.family_name,
            "expected_date_of_birth": timezone.localdate() + dt.timedelta(weeks=22),
            "sex": "U",
            "ethnicity": "NOBT",
        },
    )
    Person.objects.filter(pk=membership.person_id).update(is_synthetic=True)
    return membership


def _family_help(family, lead, cover, sw, school, amh, housing):
    """Working Together 2026 family help: the early help episode, plan and lead of a family,
    and a section 17 child in need episode for a sibling under the same lead and plan."""
    _early_help(family, lead, cover, school, amh, housing, scored=False)
    _involve(family, sw, "social_worker")
    sibling = _children(family)[1]
    e = actions.episode_open(
        by=sw.user,
        family=family,
        child=sibling,
        kind="CIN",
        data={
            "referral_date": _wd_ago(12),
            "referral_source": "5D",  # LA services: early help
            "primary_need": "N3",
            "allocated_to": sw,
        },
    )
    _step(sw, e, "start_assessment", assessment_started_on=_wd_ago(11))


def _pre_birth(family, unborn, sw):
    """A referral from the midwife about an unborn child: a child in need episode whose
    assessment is the pre-birth assessment, due twelve weeks before the expected birth."""
    _involve(family, sw, "social_worker")
    e = actions.episode_open(
        by=sw.user,
        family=family,
        child=unborn,
        kind="CIN",
        data={
            "referral_date": _wd_ago(8),
            "referral_source": "3F",  # health services: other (the midwife)
            "primary_need": "N1",
            "allocated_to": sw,
        },
        note="Referral from the community midwife at the booking appointment (synthetic).",
    )
    _step(sw, e, "start_assessment", assessment_started_on=_wd_ago(7))


def _early_help(family, lead, cover, school, amh, housing, *, scored):
    _involve(family, lead, "family_worker")
    actions.lead_assign(
        by=lead.user,
        family=family,
        lead=lead,
        cover=cover,
        family_say="chosen",
        family_say_note="Mum asked for the worker she met at the hub",
    )
    child = _children(family)[0]
    parent = _parent(family)
    e = actions.episode_open(
        by=lead.user, family=family, child=child, kind="EH", data={"referral_date": _days_ago(120)}
    )
    _step(lead, e, "seek_consent")
    _step(lead, e, "consent_given", consent_given_on=_days_ago(115), allocated_to=lead)
    _step(lead, e, "start_assessment", assessment_started_on=_days_ago(110))
    assessment = actions.assessment_start(by=lead.user, family=family, kind="eha", episode=e)
    actions.assessment_save(
        by=lead.user,
        assessment=assessment,
        expected_version=assessment.version,
        data={
            "child_voice": f"{child.given_name}: “I want Mum to be less sad.”",
            "strengths": "A close grandmother nearby; the children love their school.",
            "network": "Nan, two streets away; a neighbour who helps with the school run.",
            "analysis": "Low mood and money worries make mornings hard; school attendance "
            "has slipped.",
        },
        needs={parent.pk: ["mental_health", "debt"], child.pk: ["education"]},
        person_notes={
            parent.pk: "Low mood since the winter; on a waiting list for talking therapy."
        },
        complete=True,
    )
    _step(
        lead,
        e,
        "complete_assessment",
        assessment_completed_on=_days_ago(100),
        plan_started_on=_days_ago(100),
    )
    plan = actions.plan_create(
        by=lead.user,
        family=family,
        data={
            "family_words": "Calmer mornings, and the children at school every day.",
            "worries": "Mum's low mood; rent arrears",
            "working_well": "Nan's help",
        },
    )
    goal = actions.goal_add(
        by=lead.user, plan=plan, text="At school on time every day", person=child, baseline=3
    )
    goal2 = actions.goal_add(
        by=lead.user, plan=plan, text="Mum feels able to cope", person=parent, baseline=2
    )
    actions.plan_action_add(
        by=lead.user,
        plan=plan,
        goal=goal,
        owner_organisation=school,
        text="Breakfast club place and a daily check-in",
        due_on=_days_ago(80),
    )
    actions.plan_action_add(
        by=lead.user,
        plan=plan,
        goal=goal2,
        owner_organisation=amh,
        text="Assessment with the community mental health team",
        due_on=_days_ago(-20),
    )
    actions.plan_action_add(
        by=lead.user,
        plan=plan,
        owner_organisation=housing,
        text="Rent arrears payment plan",
        due_on=_days_ago(-10),
    )
    actions.plan_action_add(
        by=lead.user,
        plan=plan,
        goal=goal,
        owner_person=parent,
        text="Set out school clothes the night before",
    )
    goal3 = None
    if scored:
        goal3 = actions.goal_add(
            by=lead.user,
            plan=plan,
            text="Bedtimes without shouting",
            person=parent,
            scale="gas",
            baseline=-2,
            level_words={
                "-2": "Shouting most nights",
                "-1": "A calm bedtime once or twice a week",
                "0": "Calm bedtimes most nights",
                "1": "Calm bedtimes every night",
                "2": "The children settle themselves",
            },
        )
        service = HubService.objects.filter(category=HubServiceCategory.PARENTING).first()
        if service is not None:
            actions.plan_action_add(
                by=lead.user,
                plan=plan,
                goal=goal3,
                service=service,
                text=f"{parent.given_name} joins the {service.name}",
                due_on=_days_ago(-30),
            )
    if scored:
        actions.meeting_record(
            by=lead.user,
            family=family,
            kind="taf_review",
            held_on=_days_ago(45),
            agencies_invited=[school, amh, housing],
            agencies_attended=[school, amh],
            family_attended=[parent],
            parents_views="Mornings are easier.",
            child_views="Breakfast club is fun.",
            decisions="Carry on; add housing support.",
            scores={goal: 6, goal2: 4, goal3: 0},
        )
    actions.case_note_add(
        by=lead.user,
        family=family,
        kind="visit",
        occurred_on=_days_ago(7),
        text="Home visit. The children were getting ready for school; calm morning.",
        seen=[parent, child],
        seen_alone=[child],
    )


def _closed_needs_met(family, lead, *, closed_days_ago: int):
    """Early help that closed with needs met: assessment, plan, review, closure."""
    _involve(family, lead, "family_worker")
    child = _children(family)[0]
    parent = _parent(family)
    start = closed_days_ago + 150
    e = actions.episode_open(
        by=lead.user,
        family=family,
        child=child,
        kind="EH",
        data={"referral_date": _days_ago(start)},
    )
    _step(lead, e, "seek_consent")
    _step(lead, e, "consent_given", consent_given_on=_days_ago(start - 3), allocated_to=lead)
    _step(lead, e, "start_assessment", assessment_started_on=_days_ago(start - 5))
    assessment = actions.assessment_start(by=lead.user, family=family, kind="eha", episode=e)
    actions.assessment_save(
        by=lead.user,
        assessment=assessment,
        expected_version=assessment.version,
        data={
            "child_voice": f"{child.given_name}: “I want to go to school with my friends.”",
            "strengths": "Loving parent; good links with the school.",
            "analysis": "Housing worries kept the family moving; school attendance fell.",
        },
        needs={parent.pk: ["housing"], child.pk: ["education"]},
        person_notes={},
        complete=True,
    )
    _step(
        lead,
        e,
        "complete_assessment",
        assessment_completed_on=_days_ago(start - 20),
        plan_started_on=_days_ago(start - 20),
    )
    _step(lead, e, "start_review")
    _step(lead, e, "close_needs_met", closed_on=_days_ago(closed_days_ago))
    return e


def _cin(family, sw, *, referral, source, need):
    child = _children(family)[0]
    e = actions.episode_open(
        by=sw.user,
        family=family,
        child=child,
        kind="CIN",
        data={
            "referral_date": referral,
            "referral_source": source,
            "primary_need": need,
            "allocated_to": sw,
        },
    )
    _step(sw, e, "start_assessment", assessment_started_on=referral)
    return e


def _cp(family, cp_sw, manager, *, plan):
    _involve(family, cp_sw, "social_worker")
    children = _children(family)
    referral = _wd_ago(60 if plan else 25)
    strategy = _wd_ago(40 if plan else 20)
    for child in children[:2]:
        cin = actions.episode_open(
            by=cp_sw.user,
            family=family,
            child=child,
            kind="CIN",
            data={
                "referral_date": referral,
                "referral_source": "6",
                "primary_need": "N1",
                "allocated_to": cp_sw,
            },
        )
        _step(cp_sw, cin, "start_assessment", assessment_started_on=referral)
        cp = actions.episode_open(
            by=cp_sw.user,
            family=family,
            child=child,
            kind="CP",
            data={"strategy_discussion_on": strategy},
        )
        Episode.objects.filter(pk=cp.pk).update(allocated_to=cp_sw, team=cp_sw.team)
        _step(cp_sw, cp, "start_s47", s47_started_on=strategy)
        if not plan:
            continue
        icpc = _wd_ago(27)
        _step(
            cp_sw,
            cp,
            "schedule_icpc",
            s47_ended_on=icpc,
            icpc_planned_on=icpc,
            lead_cp_practitioner=cp_sw,
        )
        _step(
            cp_sw, cp, "icpc_plan", icpc_on=icpc, cp_plan_started_on=icpc, cp_category_initial="NEG"
        )
    if plan:
        actions.meeting_record(
            by=cp_sw.user,
            family=family,
            kind="core_group",
            held_on=_wd_ago(20),
            parents_views="Dad says the house is tidier.",
            decisions="Weekly visits continue.",
        )


def _step_down(family, sw, manager, receiving, *, accept):
    _involve(family, sw, "social_worker")
    e = _cin(family, sw, referral=_wd_ago(40), source="2A", need="N4")
    _step(
        manager,
        e,
        "authorise_assessment",
        assessment_authorised_on=_wd_ago(3),
        assessment_factors=["4B"],
    )
    parent = _parent(family)
    plan = actions.plan_create(
        by=sw.user,
        family=family,
        data={"family_words": "Get back on track with school and money."},
    )
    actions.goal_add(by=sw.user, plan=plan, text="Regular school attendance", baseline=4)
    record = actions.step_down_propose(
        by=sw.user,
        family=family,
        episodes=[e],
        agreed_at="assessment_closure",
        agreed_on=_wd_ago(2),
        receiving_lead=receiving,
        family_consent_on=_wd_ago(2),
        family_consent_by=parent,
        handover_note="Not at the s17 threshold; early help agreed with the family.",
    )
    if accept:
        actions.step_down_accept(by=receiving.user, step_down=record, note="Happy to lead.")


def reset_demo() -> None:
    """Remove casework recorded on synthetic families or by demo practitioners, so that
    `familyhub demo --reset` can rebuild the borough. Deletes in dependency order, retrying a
    model while others still protect it."""
    from django.db.models import ProtectedError

    from casework import models as m

    demo_practitioners = Q(practitioner__user__email__endswith="@demo.familyhub.test")
    querysets = [
        m.FormDraft.objects.filter(user__email__endswith="@demo.familyhub.test"),
        SustainedOutcomeCheck.objects.filter(family__is_synthetic=True),
        GoalScore.objects.filter(goal__plan__family__is_synthetic=True),
        m.PlanAction.objects.filter(plan__family__is_synthetic=True),
        m.Goal.objects.filter(plan__family__is_synthetic=True),
        m.Meeting.objects.filter(family__is_synthetic=True),
        m.CaseNote.objects.filter(family__is_synthetic=True),
        m.AssessmentPersonNote.objects.filter(assessment__family__is_synthetic=True),
        m.AssessmentNeed.objects.filter(assessment__family__is_synthetic=True),
        m.Assessment.objects.filter(family__is_synthetic=True),
        m.StepUp.objects.filter(family__is_synthetic=True),
        m.StepDown.objects.filter(family__is_synthetic=True),
        m.FamilyPlan.objects.filter(family__is_synthetic=True),
        m.S47Allocation.objects.filter(family__is_synthetic=True),
        m.EpisodeTransition.objects.filter(episode__family__is_synthetic=True),
        m.StatutoryClock.objects.filter(episode__family__is_synthetic=True),
        m.Episode.objects.filter(family__is_synthetic=True, parent__isnull=False),
        m.Episode.objects.filter(family__is_synthetic=True),
        m.LeadArrangement.objects.filter(family__is_synthetic=True),
        directory_demo.demo_services(),
        m.Absence.objects.filter(demo_practitioners),
        m.WorkingHours.objects.filter(demo_practitioners),
    ]
    for _ in range(len(querysets)):
        left = []
        for qs in querysets:
            try:
                with transaction.atomic():
                    qs.delete()
            except ProtectedError:
                left.append(qs)
        if not left:
            return
        querysets = left
    left_names = sorted({qs.model._meta.label for qs in querysets})
    raise ProtectedError(f"casework demo data could not be removed: {left_names}", set())

"""Front-door demo data on top of the demo borough (`familyhub demo`): duty slots for the embedded
social worker, consultations, contacts in every state (some near breach, some breached), decisions
with sign-off and disagreements, early-warning families and a year of history for the figures.

    from frontdoor.demo import load_demo
    load_demo(seed=2026)   # idempotent: does nothing when it has already run

Everything goes through the front door's actions, as the pages do, with the clock set back for
the history (so chronology, audit and clocks agree). Deterministic for a seed and a load time:
times are relative to when it runs, so the queue always shows realistic work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from unittest import mock

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from access import doorway
from access.models import User
from organisations.models import Involvement, Organisation, Practitioner, Team
from people.models import Family, Membership
from rules import calendar

from . import actions, continua
from .models import Concern, Contact, ContactStatus, SignOff

DOMAIN = "demo.familyhub.test"
SLOT_LOCATION = "Eastfield Family Hub, consultation room 2"
FEED = "Operation Encompass feed (demo)"


class DemoNotLoaded(Exception):
    """The demo borough (`familyhub demo`) must be loaded first."""


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # principal_for() caches on the user object


@contextlib.contextmanager
def _clock(moment: dt.datetime):
    """Run actions as if it were `moment` (history for the demo borough only)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _received_for_due(target_due: dt.datetime) -> dt.datetime:
    """The latest receipt time whose one-working-day clock is due by `target_due`."""
    cal = calendar()
    candidate = target_due
    for _ in range(4000):
        if cal.due_within_working_days(candidate, 1) <= target_due:
            return candidate
        candidate -= dt.timedelta(minutes=15)
    return candidate


def _history_time(now: dt.datetime, *, days_ago: int) -> dt.datetime:
    """10:30 on the working day on or before `days_ago` days ago."""
    cal = calendar()
    day = timezone.localtime(now).date() - dt.timedelta(days=days_ago)
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(10, 30), tzinfo=cal.zone)


def _working_hours_ago(now: dt.datetime, hours: float) -> dt.datetime:
    """A time `hours` of working time before now (for realistic 'received' times)."""
    cal = calendar()
    candidate = now
    for _ in range(4000):
        if cal.working_time_between(candidate, now) >= dt.timedelta(hours=hours):
            return candidate
        candidate -= dt.timedelta(minutes=15)
    return candidate


class _Cast:
    def __init__(self):
        try:
            self.teacher = _user("teacher")
        except User.DoesNotExist as exc:
            raise DemoNotLoaded("Load the demo borough first: familyhub demo") from exc
        self.hv = _user("health.visitor")
        self.front_door = _user("front.door")
        self.manager = _user("manager")
        self.embedded = Practitioner.objects.get(user__email=f"chloe.edwards@{DOMAIN}")
        self.csc_manager = _user("fiona.walsh")
        self.dsl_st_annes = _user("claire.metcalfe")
        self.gp = _user("imran.siddiqui")
        self.hv2 = _user("rachel.lomax")
        self.police = Organisation.objects.get(name__startswith="Demo Constabulary")
        self.housing = Organisation.objects.get(name="Demo Borough Housing Options")
        self.school = Organisation.objects.get(name="Northgate Primary School")
        self.hv_org = Organisation.objects.get(name__contains="Health Visiting")
        self.gp_org = Organisation.objects.get(name="Northgate Medical Centre")

    def families_of(self, user: User, *, exclude=(), since=None) -> list[Family]:
        """Families the user works with now, and did already on `since` (for history)."""
        p = Practitioner.objects.get(user=user)
        mine = Q(practitioner=p) | (Q(team_id=p.team_id) if p.team_id else Q(pk__in=[]))
        involved = Involvement.objects.active().filter(mine)
        if since is not None:
            involved = involved.filter(started_on__lte=since)
        return list(
            Family.objects.filter(
                pk__in=involved.values("family_id"), is_restricted=False, is_synthetic=True
            )
            .exclude(pk__in=[f.pk for f in exclude])
            .order_by("reference")
        )


def _members(family: Family, role: str | None = None):
    ms = family.memberships.filter(left_on__isnull=True).select_related("person")
    if role:
        ms = ms.filter(role=role)
    return [m.person for m in ms.order_by("pk")]


def _with_children():
    """Synthetic families with a child in them now (what `_members(family, "child")` lists)."""
    current_child = Membership.objects.filter(
        family=OuterRef("pk"), role="child", left_on__isnull=True
    )
    return Family.objects.filter(Exists(current_child), is_synthetic=True)


def already_loaded() -> bool:
    return Contact.objects.filter(worries__startswith="[demo]").exists() or (
        Concern.objects.filter(worries__startswith="[demo]").exists()
    )


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    """Add the front door's demo data (idempotent, deterministic for a seed)."""
    write = stdout.write if stdout is not None else (lambda _msg: None)
    if already_loaded():
        write("Front-door demo data is already loaded; nothing to do.")
        return {}
    continua.load_all_continua(__import__("frontdoor.models", fromlist=["Continuum"]).Continuum)
    rng = random.Random(seed)
    cast = _Cast()
    now = timezone.now()
    counts: dict[str, int] = {}
    with doorway.batch():
        _front_door_managers(cast)
        cast = _Cast()  # fresh principals after the manager change
        counts["duty slots"] = _slots(cast, now)
        counts["consultations"] = _consultations(cast, now, rng)
        counts["contacts"] = _contacts(cast, now, rng)
        counts["early warnings"] = _early_warnings(cast, now, rng)
    write(
        "Front-door demo data loaded: "
        + ", ".join(f"{n} {name}" for name, n in counts.items())
        + "."
    )
    return counts


def _front_door_managers(cast: _Cast) -> None:
    """In the demo, the early-help manager (manager@) and the CSC service manager also manage
    the Front Door (MASH) team, so one manager sign-in shows sign-off and disagreements."""
    mash = Team.objects.get(name="Front Door (MASH) team")
    for user in (cast.manager, cast.csc_manager):
        Practitioner.objects.get(user=user).manages.add(mash)


# --- Duty slots -----------------------------------------------------------------------------------


def _slots(cast: _Cast, now: dt.datetime) -> int:
    cal = calendar()
    day = timezone.localdate()
    made = 0
    for _ in range(10):
        day = cal.next_working_day(day)
        for hour, modes in ((10, ["phone", "online"]), (14, ["in_person", "phone"])):
            start = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=cal.zone)
            actions.duty_slot_add(
                by=cast.embedded.user,
                social_worker=cast.embedded,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=45),
                modes=modes,
                location=SLOT_LOCATION if "in_person" in modes else "",
            )
            made += 1
    return made


# --- Consultations --------------------------------------------------------------------------------

CONSULTATION_STORIES = [
    # (requester, named?, outcome, question, conversation, reasons)
    (
        "hv",
        False,
        "early_help",
        "Mum of a 4-month-old seems very low and isolated; dad works "
        "away. Baby is gaining weight but mum is struggling.",
        "Talked through mum's mood, support network and the baby's care.",
        "Several needs and mum wants help: a family hub worker and the perinatal mental health "
        "team. No sign of significant harm.",
    ),
    (
        "teacher",
        True,
        "partner_eha",
        "Year 3 boy often tired and late; dad says money is tight.",
        "Attendance 91%, late most days; food poverty likely; dad engaging.",
        "The school knows the family best: start an early help assessment with dad.",
    ),
    (
        "gp",
        False,
        "advice",
        "Teenager disclosed cannabis use; parents supportive.",
        "Discussed risk, parents' response and the young person's wishes.",
        "Advice given: refer to the young people's substance misuse service with consent.",
    ),
    (
        "dsl_st_annes",
        True,
        "signpost",
        "Parents separating; child upset at school.",
        "Talked about the child's voice and what the school already offers.",
        "Signpost to the family hub's 'parenting apart' course and school counselling.",
    ),
    (
        "teacher",
        True,
        "csc",
        "Girl in Year 5 says mum's boyfriend shouts and throws things.",
        "Disclosure repeated to the class teacher; bruise on her arm last month.",
        "Domestic abuse with a child present and an unexplained injury: refer to social care.",
    ),
    (
        "hv2",
        False,
        "advice",
        "Dad worried about his own anger with a crying baby.",
        "Talked through coping strategies and ICON messages.",
        "Advice given; health visitor to follow up next week.",
    ),
    (
        "hv",
        True,
        "early_help",
        "Twins, 2, speech delay; family in temporary accommodation.",
        "Housing, development and mum's isolation discussed.",
        "Multiple needs: refer to early help in the family's locality.",
    ),
    (
        "gp",
        True,
        "strategy",
        "Toddler with a spiral fracture; explanation does not fit.",
        "Discussed the injury and the history with the GP.",
        "Reasonable cause to suspect significant harm: strategy discussion now.",
    ),
]


HOUSEHOLDS = {
    0: "Mum, dad (works away in the week) and a baby of 4 months",
    2: "A 15-year-old and both parents",
    5: "Mum, dad and a baby of 8 weeks",
}


def _consultations(cast: _Cast, now: dt.datetime, rng: random.Random) -> int:
    users = {
        "hv": cast.hv,
        "teacher": cast.teacher,
        "gp": cast.gp,
        "dsl_st_annes": cast.dsl_st_annes,
        "hv2": cast.hv2,
    }
    made = 0
    used: list[Family] = []
    for index, (who, named, outcome, question, talk, reasons) in enumerate(CONSULTATION_STORIES):
        user = users[who]
        when = _history_time(now, days_ago=150 - index * 18) + dt.timedelta(
            minutes=rng.randint(0, 300)
        )
        families = (
            cast.families_of(user, exclude=used, since=timezone.localtime(when).date())
            if named
            else []
        )
        family = families[0] if families else None
        if named and family is None:
            named = False
        if family:
            used.append(family)
        with _clock(when):
            c = actions.consultation_request(
                by=user,
                social_worker=cast.embedded,
                mode=rng.choice(["phone", "online", "in_person"]),
                is_anonymous=not named,
                family=family,
                household="" if named else HOUSEHOLDS.get(index, "A parent and two children"),
                question=question,
                preferred_times="Any afternoon",
            )
        with _clock(when + dt.timedelta(days=1)):
            c.refresh_from_db()
            actions.consultation_record_outcome(
                by=cast.embedded.user,
                consultation=c,
                expected_version=c.version,
                conversation=talk,
                outcome=outcome,
                reasons=reasons,
            )
        made += 1
    # Upcoming: two booked, one waiting for a time (the health visitor's, for the demo).
    from .queries import open_slots

    slots = open_slots(cast.hv)
    for slot, user, household, question in (
        (
            slots[0] if slots else None,
            cast.hv,
            "Mum and a baby of 6 weeks",
            "Mum disclosed past abuse by her ex-partner, who has started contacting her again.",
        ),
        (
            slots[3] if len(slots) > 3 else None,
            cast.teacher,
            "A boy in Year 6 and his mum",
            "He talks about older friends who give him money; often missing after school.",
        ),
    ):
        if slot is None:
            continue
        actions.consultation_request(
            by=user,
            slot=slot,
            mode=slot.modes[0],
            is_anonymous=True,
            household=household,
            question=question,
        )
        made += 1
    actions.consultation_request(
        by=cast.dsl_st_annes,
        social_worker=cast.embedded,
        mode="phone",
        is_anonymous=True,
        household="Two brothers aged 7 and 9, mum and grandmother",
        question="Grandmother has dementia and the boys are caring for her after school.",
        preferred_times="Tuesday or Thursday after 3.30",
    )
    return made + 1


# --- Contacts -------------------------------------------------------------------------------------


def _concern(by, family, people, *, when, wants="referral", risk=False, worries="", **what):
    """A concern about people in `family`: chosen from the family when the referrer works with
    it, otherwise typed in (the front door's known-family check then finds them)."""
    typed = (
        []
        if family is not None
        else [
            {
                "given_name": p.given_name,
                "family_name": p.family_name,
                "date_of_birth": p.date_of_birth,
                "role": "child" if p.age is not None and p.age < 18 else "adult",
            }
            for p in people
        ]
    )
    with _clock(when):
        concern = actions.concern_save_who(
            by=by,
            concern=None,
            expected_version=None,
            family=family,
            person_ids=[p.pk for p in people] if family is not None else [],
            new_people=typed,
        )
        concern = actions.concern_save_what(
            by=by,
            concern=concern,
            expected_version=concern.version,
            data={
                "worries": f"[demo] {worries}",
                "indicators": what.get("indicators", []),
                "immediate_risk": risk,
                "wants": wants,
                "consent": what.get("consent", "given"),
                "consent_reason": what.get("consent_reason", ""),
                "referrer_view": what.get("referrer_view", ""),
            },
        )
        concern = actions.concern_submit(by=by, concern=concern, expected_version=concern.version)
    return Contact.objects.get(concern=concern)


def _screen(cast, contact, when, rag=""):
    """Start screening; a contact whose people were typed in is linked to their family, as
    the front-door practitioner would after the known-family check."""
    unlinked = getattr(contact, "about_family", None)
    with _clock(when):
        contact.refresh_from_db()
        contact = actions.contact_start_screening(
            by=_fresh(cast.front_door), contact=contact, expected_version=contact.version, rag=rag
        )
        if unlinked is not None and contact.family_id is None:
            contact = actions.contact_link_family(
                by=_fresh(cast.front_door),
                contact=contact,
                expected_version=contact.version,
                family=unlinked,
            )
    return contact


def _decide(cast, contact, when, **data):
    base = {
        "level": 2,
        "indicators": [],
        "rationale": "",
        "outcome": "early_help",
        "feedback_to_referrer": "",
        "referral_source": contact.source,
        "primary_need": "",
        "referrer_view": contact.referrer_view,
        "locality": contact.locality or "North",
        "team": None,
        "override_reason": "",
    }
    base.update(data)
    with _clock(when):
        contact.refresh_from_db()
        return actions.decision_record(
            by=_fresh(cast.front_door),
            contact=contact,
            expected_version=contact.version,
            data=base,
        )


def _sign_off(cast, decision, when, manager=None):
    with _clock(when):
        decision.refresh_from_db()
        actions.decision_sign_off(
            by=_fresh(manager or cast.manager),
            decision=decision,
            expected_version=decision.version,
            agree=True,
            note="Agreed.",
        )


STORIES = [
    # (referrer, worries, indicators, level, outcome, need, rationale, feedback)
    (
        "teacher",
        "Comes to school hungry most days; uniform unwashed; mum seems overwhelmed.",
        ["parenting-basic-care", "family-income"],
        2,
        "early_help",
        "N4",
        "Basic care needs not always met; mum asks for help; no evidence of harm.",
        "The North early help team will contact the family this week. Thank you.",
    ),
    (
        "hv",
        "Baby losing weight; mum low in mood and not attending appointments.",
        ["child-health", "adult-mental-health"],
        3,
        "csc_referral",
        "N3",
        "Parental mental health affecting care of a baby with faltering growth; needs assessment.",
        "We are starting a child and family assessment. The social worker will contact you.",
    ),
    (
        "teacher",
        "Older brother picking up from school smelling of alcohol.",
        ["parenting-supervision", "adult-substance-misuse"],
        1,
        "nfa",
        "",
        "Single incident; mum has arranged other collection; school monitoring.",
        "No further action from the front door. Please keep monitoring and tell us if it recurs.",
    ),
    (
        "gp",
        "Dad disclosed heavy drinking and arguments at home; children present.",
        ["adult-substance-misuse", "adult-domestic-abuse"],
        2,
        "early_help",
        "N5",
        "Dad wants support; no injuries; children's needs can be met with a family plan.",
        "Early help will offer the family a lead practitioner and a family plan.",
    ),
    (
        "teacher",
        "Child says she is scared of mum's partner; bruise on her cheek.",
        ["child-injury", "adult-domestic-abuse"],
        4,
        "strategy_discussion",
        "N1",
        "Disclosure and injury: reasonable cause to suspect significant harm.",
        "A strategy discussion is being held today. Please do not speak to the parents.",
    ),
    (
        "hv",
        "Family of five in one room in temporary accommodation; twins not meeting milestones.",
        ["family-housing", "child-development"],
        2,
        "universal",
        "",
        "Needs met by universal and hub services with housing support.",
        "We have passed the family to the family hub's Start for Life offer and housing options.",
    ),
]


def _contacts(cast: _Cast, now: dt.datetime, rng: random.Random) -> int:
    referrers = {"teacher": cast.teacher, "hv": cast.hv, "gp": cast.gp}
    taken: set[int] = set()

    def family_for(key: str, when: dt.datetime) -> Family | None:
        since = timezone.localtime(when).date()
        for family in cast.families_of(referrers[key], since=since):
            if family.pk not in taken and _members(family, "child"):
                taken.add(family.pk)
                return family
        return None

    made = 0

    def story(index, key, when, **kw):
        nonlocal made
        referrer, worries, indicators = STORIES[index][0], STORIES[index][1], STORIES[index][2]
        user = referrers[key or referrer]
        family = family_for(key or referrer, when)
        chosen = family is not None
        if not chosen:
            family = any_family()
        if family is None:
            return None
        born = timezone.localtime(when).date()
        children = [
            p for p in _members(family, "child") if p.date_of_birth and p.date_of_birth <= born
        ] or [p for p in _members(family) if p.date_of_birth and p.date_of_birth <= born]
        if not children:
            return None
        contact = _concern(
            user,
            family if chosen else None,
            children[:2],
            when=when,
            worries=worries,
            indicators=indicators,
            **kw,
        )
        contact.about_family = None if chosen else family
        made += 1
        return contact

    def any_family() -> Family | None:
        family = (
            _with_children()
            .filter(is_restricted=False)
            .exclude(pk__in=taken)
            .exclude(locality="")
            .order_by("reference")
            .first()
        )
        if family is not None:
            taken.add(family.pk)
        return family

    def decide_story(index, contact, when, **extra):
        _r, _w, indicators, level, outcome, need, rationale, feedback = STORIES[index]
        return _decide(
            cast,
            contact,
            when,
            level=level,
            outcome=outcome,
            primary_need=need,
            indicators=indicators,
            rationale=rationale,
            feedback_to_referrer=feedback,
            **extra,
        )

    # History over the last year (closed, mostly in time, some late, a re-contact).
    for month in range(11, 1, -1):
        index = month % len(STORIES)
        received = _history_time(now, days_ago=30 * month + rng.randint(0, 6))
        contact = story(index, None, received)
        if contact is None:
            continue
        late = month in (4, 9)
        decided_at = (
            contact.due_at + dt.timedelta(hours=2)
            if late
            else received + dt.timedelta(hours=2, minutes=15)
        )
        _screen(
            cast, contact, received + dt.timedelta(minutes=20), rag=rng.choice(["green", "amber"])
        )
        decision = decide_story(index, contact, decided_at)
        if decision.sign_off == SignOff.PENDING:
            _sign_off(cast, decision, decided_at + dt.timedelta(minutes=20))
        if month == 6:  # the teacher disagreed; the manager explained and the decision stood
            decision.refresh_from_db()
            if decision.contact.referrer_id == cast.teacher.pk:
                with _clock(decided_at + dt.timedelta(days=1)):
                    d = actions.dissent_raise(
                        by=_fresh(cast.teacher),
                        decision=decision,
                        reason="We think this needs more than the front door decided.",
                    )
                with _clock(decided_at + dt.timedelta(days=2)):
                    d.refresh_from_db()
                    actions.dissent_resolve(
                        by=_fresh(cast.manager),
                        dissent=d,
                        expected_version=d.version,
                        resolution="stands",
                        note="We spoke to the school and health visitor: the plan stands; "
                        "early help will review in 6 weeks.",
                    )

    _decide_consultation_contacts(cast)

    # Now: contacts in every state.
    urgent = story(4, "teacher", _working_hours_ago(now, 0.5), risk=True)
    soon = calendar().add_working_time(now, dt.timedelta(minutes=50))
    near = story(1, "hv", _received_for_due(soon))
    fresh = story(3, "gp", _working_hours_ago(now, 1))
    screening = story(0, "teacher", _working_hours_ago(now, 3))
    if screening:
        _screen(cast, screening, screening.received_at + dt.timedelta(minutes=30), rag="amber")
    breached = story(2, "teacher", _received_for_due(now - dt.timedelta(hours=3)))
    if breached:
        _screen(cast, breached, breached.received_at + dt.timedelta(hours=1), rag="green")
    awaiting = story(5, "hv", _working_hours_ago(now, 4))
    if awaiting:
        _screen(cast, awaiting, awaiting.received_at + dt.timedelta(minutes=15), rag="amber")
        with _clock(awaiting.received_at + dt.timedelta(minutes=40)):
            awaiting.refresh_from_db()
            actions.info_request_send(
                by=_fresh(cast.front_door),
                contact=awaiting,
                expected_version=awaiting.version,
                organisation=cast.housing,
                question="What do you know about the family's housing and any arrears?",
            )
            awaiting.refresh_from_db()
            actions.info_request_send(
                by=_fresh(cast.front_door),
                contact=awaiting,
                expected_version=awaiting.version,
                organisation=cast.school,
                question="How is the oldest child's attendance and presentation?",
            )
    pending = story(1, "hv", _working_hours_ago(now, 5))
    if pending:
        _screen(cast, pending, pending.received_at + dt.timedelta(minutes=10), rag="amber")
        decide_story(1, pending, _working_hours_ago(now, 1))
    pending_eh = story(0, "teacher", _working_hours_ago(now, 2))
    if pending_eh:
        _screen(cast, pending_eh, pending_eh.received_at + dt.timedelta(minutes=10))
        decide_story(0, pending_eh, _working_hours_ago(now, 0.25))
    # Decided yesterday at level 1, told to the teacher, who disagrees (open, for the manager).
    disputed = story(2, "teacher", _working_hours_ago(now, 10))
    if disputed:
        _screen(cast, disputed, disputed.received_at + dt.timedelta(minutes=5), rag="green")
        decision = decide_story(2, disputed, _working_hours_ago(now, 7))
        with _clock(_working_hours_ago(now, 6)):
            actions.dissent_raise(
                by=_fresh(cast.teacher),
                decision=decision,
                reason="His older brother was drunk again on Friday and the children were left "
                "alone. We think early help is needed at least.",
            )
    for contact in (urgent, near, fresh):
        if contact is not None:
            assert contact.status == ContactStatus.RECEIVED
    return made


CONSULTATION_DECISIONS = {
    # consultation outcome -> (level, decision outcome, primary need, rationale)
    "early_help": (
        2,
        "early_help",
        "N4",
        "The consultation found several needs; the family agrees to early help.",
    ),
    "csc": (
        3,
        "csc_referral",
        "N1",
        "Neglect and domestic abuse indicators from the "
        "consultation: a child and family assessment is needed.",
    ),
    "strategy": (
        4,
        "strategy_discussion",
        "N1",
        "Injury without a consistent explanation: reasonable cause to suspect significant harm.",
    ),
}


def _decide_consultation_contacts(cast: _Cast) -> None:
    """The contacts the consultations became were decided at the time (history)."""
    from .models import ContactKind

    for contact in Contact.objects.filter(
        kind=ContactKind.CONSULTATION, status=ContactStatus.RECEIVED
    ).select_related("consultation"):
        level, outcome, need, rationale = CONSULTATION_DECISIONS[contact.consultation.outcome]
        _screen(cast, contact, contact.received_at + dt.timedelta(minutes=20), rag="amber")
        decision = _decide(
            cast,
            contact,
            contact.received_at + dt.timedelta(hours=3),
            level=level,
            outcome=outcome,
            primary_need=need,
            referral_source=contact.source or "3A",
            rationale=rationale,
            feedback_to_referrer=f"Thank you for talking it through with "
            f"{contact.consultation.social_worker.name}. {rationale}",
        )
        if decision.sign_off == SignOff.PENDING:
            _sign_off(cast, decision, contact.received_at + dt.timedelta(hours=3, minutes=30))


# --- Early warning --------------------------------------------------------------------------------


def _early_warnings(cast: _Cast, now: dt.datetime, rng: random.Random) -> int:
    candidates = list(  # one query, however large the borough (ids only: 3 are chosen)
        _with_children()
        .filter(is_restricted=False)
        .exclude(locality="")
        .exclude(Exists(Contact.objects.filter(family=OuterRef("pk"))))
        .order_by("reference")
        .values_list("pk", flat=True)
    )
    rng.shuffle(candidates)
    chosen = Family.objects.in_bulk(candidates[:3])
    made = 0
    for n, family in enumerate(chosen[pk] for pk in candidates[:3]):
        child = _members(family, "child")[0]
        signals = [
            (cast.school, "attendance", 60, f"{child.given_name}'s attendance is 86% this term"),
            (
                cast.police,
                "domestic_abuse_notification",
                25,
                "Police attended a domestic incident at the home; children present",
            ),
            (
                cast.hv_org if n != 1 else cast.gp_org,
                "health_concern",
                12,
                "Missed two health appointments; parent seemed distracted",
            ),
            (cast.housing, "housing_arrears", 4, "Eight weeks' rent arrears; notice served"),
        ]
        for org, kind, days, summary in signals[: 3 + (n == 0)]:
            actions.signal_record(
                by=FEED if kind == "domestic_abuse_notification" else "demo data feed",
                family=family,
                person=child,
                kind=kind,
                organisation=org,
                occurred_at=now - dt.timedelta(days=days, hours=rng.randint(1, 8)),
                summary=summary,
                source_reference=f"demo-{family.reference}-{kind}",
            )
        made += 1
    from .models import EarlyWarning

    decided = EarlyWarning.objects.filter(status="open").order_by("fired_at", "pk").last()
    if decided is not None and made >= 3:
        actions.early_warning_decide(
            by=_fresh(cast.manager),
            warning=decided,
            expected_version=decided.version,
            decision="monitor",
            reason="The school and health visitor are already involved; review in a month.",
        )
    return made


# --- Reset ----------------------------------------------------------------------------------------


def reset() -> None:
    """Remove the front door's records about the demo borough (synthetic families, demo
    sign-ins), so `familyhub demo --reset` can remove the borough itself. Call it first."""
    from notices.models import Notice

    from .models import (
        Concern,
        ConcernPerson,
        Consultation,
        ContactPerson,
        Dissent,
        DutySlot,
        EarlyWarning,
        PartnerInfoRequest,
        Signal,
        StatusChange,
        ThresholdDecision,
    )

    users = User.objects.filter(email__iendswith=f"@{DOMAIN}")
    families = Family.objects.filter(is_synthetic=True)
    with transaction.atomic():
        contacts = Contact.objects.filter(Q(family__in=families) | Q(referrer__in=users))
        warnings = EarlyWarning.objects.filter(family__in=families)
        for warning in warnings:
            warning.signals.clear()
        warnings.update(contact=None)
        warnings.delete()
        Signal.objects.filter(family__in=families).delete()
        decisions = ThresholdDecision.objects.filter(contact__in=contacts)
        Dissent.objects.filter(decision__in=decisions).delete()
        decisions.delete()
        PartnerInfoRequest.objects.filter(contact__in=contacts).delete()
        StatusChange.objects.filter(contact__in=contacts).delete()
        ContactPerson.objects.filter(contact__in=contacts).delete()
        contacts.update(previous_contact=None)
        contacts.delete()
        consultations = Consultation.objects.filter(
            Q(family__in=families) | Q(requested_by__in=users)
        )
        concerns = Concern.objects.filter(Q(family__in=families) | Q(raised_by__in=users))
        concerns.update(after_consultation=None)
        consultations.update(concern=None)
        consultations.delete()
        DutySlot.objects.filter(created_by__in=users).delete()
        ConcernPerson.objects.filter(concern__in=concerns).delete()
        concerns.delete()
        Notice.objects.filter(recipient__in=users, kind__startswith="frontdoor_").delete()


reset_demo = reset  # the name `familyhub demo --reset` looks for (demo.borough._reset_extras)

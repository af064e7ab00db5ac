"""Last year's casework for the demo borough, so that the previous census year (2025-26 when
today falls in 2026-27) has children to return: built with the app's own actions, at dates in
that year. Loaded by `familyhub demo` (FAMILYHUB["DEMO_EXTRAS"]) after the casework demo;
idempotent. Synthetic data."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from access import doorway
from casework import actions
from casework.demo import DemoNotLoaded, _children, _involve, _p, _step
from casework.models import Episode
from people.models import Family, Membership

from .years import CollectionYear


def previous_year(today: dt.date | None = None) -> CollectionYear:
    today = today or timezone.localdate()
    current_end = today.year + 1 if today.month >= 4 else today.year
    return CollectionYear(current_end - 1)


def is_loaded(year: CollectionYear) -> bool:
    return Episode.objects.filter(
        kind="CIN", referral_date__gte=year.start, referral_date__lte=year.reference_date
    ).exists()


def _quiet_families(count: int) -> list[Family]:
    """Synthetic families with a child born before last year and no casework yet."""
    busy = Episode.objects.values("family_id")
    ids = (
        Membership.objects.filter(
            role="child",
            left_on__isnull=True,
            person__date_of_birth__lt=dt.date(2020, 1, 1),
            person__date_of_death__isnull=True,
            family__is_synthetic=True,
            family__is_restricted=False,
        )
        .exclude(family_id__in=busy)
        .order_by("family_id")
        .values_list("family_id", flat=True)
        .distinct()[:count]
    )
    families = list(Family.objects.filter(pk__in=list(ids)).order_by("pk"))
    if len(families) < count:
        raise DemoNotLoaded("The demo borough has too few families: run `familyhub demo` first.")
    return families


def _open(sw, family, child, referral, source, need):
    return actions.episode_open(
        by=sw.user,
        family=family,
        child=child,
        kind="CIN",
        data={"referral_date": referral, "referral_source": source, "primary_need": need},
    )


def _two_referrals(family, sw, tm, day) -> None:
    """Closed after assessment with no factors (RC8), then a second referral with a CIN plan."""
    child = _children(family)[0]
    e1 = _open(sw, family, child, day(20), "2A", "N4")
    _step(sw, e1, "start_assessment", assessment_started_on=day(20))
    _step(
        tm, e1, "authorise_assessment", assessment_authorised_on=day(45), assessment_factors=["21"]
    )
    _step(sw, e1, "close", closed_on=day(46), closure_reason="RC8")
    e2 = _open(sw, family, child, day(120), "6", "N1")
    _step(sw, e2, "start_assessment", assessment_started_on=day(120))
    _step(
        tm,
        e2,
        "authorise_assessment",
        assessment_authorised_on=day(150),
        assessment_factors=["3B", "4B"],
    )
    _step(sw, e2, "start_cin_plan", cin_plan_started_on=day(151))
    _step(sw, e2, "end_cin_plan", cin_plan_ended_on=day(240))
    _step(sw, e2, "close", closed_on=day(245), closure_reason="RC7")


def _plan_across_the_year_start(family, sw, tm, day) -> None:
    """A child protection plan from before 1 April, reviewed, ended in the year; the episode
    closed as no longer in need (RC7: not RC9, as it went beyond its assessment)."""
    child = _children(family)[0]
    cin = _open(sw, family, child, day(-90), "6", "N1")
    _step(sw, cin, "start_assessment", assessment_started_on=day(-90))
    cp = actions.episode_open(
        by=sw.user,
        family=family,
        child=child,
        kind="CP",
        data={"strategy_discussion_on": day(-88)},
    )
    _step(sw, cp, "start_s47", s47_started_on=day(-88))
    _step(
        sw,
        cp,
        "schedule_icpc",
        s47_ended_on=day(-75),
        icpc_planned_on=day(-74),
        lead_cp_practitioner=sw,
    )
    _step(
        sw,
        cp,
        "icpc_plan",
        icpc_on=day(-74),
        cp_plan_started_on=day(-74),
        cp_category_initial="NEG",
    )
    _step(
        tm,
        cin,
        "authorise_assessment",
        assessment_authorised_on=day(-50),
        assessment_factors=["16A"],
    )
    _step(sw, cp, "rcpc_continue", rcpc_on=day(20), cp_category_latest="EMO")
    _step(sw, cp, "rcpc_end_plan", rcpc_on=day(150), cp_plan_ended_on=day(150))
    _step(sw, cin, "close", closed_on=day(160), closure_reason="RC7")


def _no_further_action(family, tm, day) -> None:
    child = _children(family)[0]
    e = _open(tm, family, child, day(200), "1A", "N8")
    _step(tm, e, "nfa_at_referral", closed_on=day(201), closure_reason="RC7")


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    """Three synthetic families with casework in the previous census year."""
    year = previous_year()
    if is_loaded(year):
        if stdout is not None:
            stdout.write(f"Census year {year.label} casework already loaded; nothing to do.")
        return {}
    sw, tm = _p("social.worker"), _p("fiona.walsh")
    families = _quiet_families(3)

    def day(n: int) -> dt.date:
        """n days after 1 April of the previous census year, moved off a weekend."""
        d = year.start + dt.timedelta(days=n)
        return d + dt.timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)

    with doorway.batch():
        for family in families:
            _involve(family, sw, "social_worker")
            _involve(family, tm, "social_worker")
        _two_referrals(families[0], sw, tm, day)
        _plan_across_the_year_start(families[1], sw, tm, day)
        _no_further_action(families[2], tm, day)
    if stdout is not None:
        stdout.write(f"Census year {year.label}: casework for 3 families added.")
    return {"census year casework": 3}


def reset_demo() -> None:
    """Census runs made by the demo sign-ins go before the borough's users do (the casework
    above goes with casework's own reset)."""
    from .models import CensusRun

    CensusRun.objects.filter(by__email__endswith="@demo.familyhub.test").delete()

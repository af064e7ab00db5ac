"""The dashboards' measures, each defined once as a query of the records it counts.

Every measure is a queryset annotated with the same columns (named i_day, i_area … so they
never clash with a model's own fields):

- ``i_day``: the day the row counts on (the month it falls in is its period);
- ``i_area`` (the team's locality, or the contact's), ``i_team`` and ``i_agency``
  (organisation ids): what the filters narrow by;
- ``i_grp``: the breakdown (a referral source, an outcome, a clock, a worker);
- ``i_met``: whether the row meets the measure (decided in time, kept safely at home …);
- ``i_unit``: what is counted once per group (a contact, a child, a family, a goal);
- ``i_child``: the child a drill-down lists (None where the measure counts contacts).

The nightly summary (summary.py) counts each measure by month, area, team, agency and group;
a drill-down filters the same queryset, so the figures and the children behind them cannot
drift apart. Windows that need time to pass (12 and 24 months) count only rows whose window
has closed by the day the summary is built (``as_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate

YEAR = dt.timedelta(days=365)
TWO_YEARS = dt.timedelta(days=730)
# An episode that starts within this many days of another ending follows on from it (a step).
FOLLOW_ON = dt.timedelta(days=28)

NONE = Value(None, output_field=IntegerField())
BLANK = Value("", output_field=CharField())


class AsDate(Func):
    """A date (not a timestamp) from date arithmetic, so comparisons with date columns hold on
    the boundary day on SQLite (which adds an interval as text with a time) as on PostgreSQL."""

    function = "DATE"
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)::date", **extra)


def plus(expr, delta: dt.timedelta) -> AsDate:
    return AsDate(ExpressionWrapper(expr + Value(delta), output_field=DateField()))


def minus(expr, delta: dt.timedelta) -> AsDate:
    return AsDate(ExpressionWrapper(expr - Value(delta), output_field=DateField()))


def _bool(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    dashboard: str
    counts: str  # what one row is, in the plural ("contacts", "children")
    met_label: str  # what `met` means in words ("decided within one working day")
    definition: str
    rows: Callable[[dt.date], QuerySet]
    rate: bool = True  # show met / all as a percentage
    drill: bool = True  # children can be listed (for those the policy allows)


# --- front door: demand and timeliness --------------------------------------------------------


def _contacts(as_of: dt.date) -> QuerySet:
    from frontdoor.models import Contact

    return Contact.objects.filter(received_at__date__lte=as_of).annotate(
        i_day=TruncDate("received_at"),
        i_area=F("locality"),
        i_team=F("routed_team_id"),
        i_agency=F("referrer_organisation_id"),
        i_grp=F("source"),
        i_met=_bool(Q(family__isnull=False)),
        i_unit=F("pk"),
        i_child=NONE,
    )


def _consultations(as_of: dt.date) -> QuerySet:
    from frontdoor.models import REFERRAL_OUTCOMES, Consultation, ConsultationStatus

    return Consultation.objects.filter(
        status=ConsultationStatus.HELD, outcome_recorded_at__date__lte=as_of
    ).annotate(
        i_day=TruncDate("outcome_recorded_at"),
        i_area=Coalesce(F("social_worker__team__locality"), BLANK),
        i_team=F("social_worker__team_id"),
        i_agency=F("requester_organisation_id"),
        i_grp=F("outcome"),
        i_met=_bool(Q(outcome__in=list(REFERRAL_OUTCOMES))),
        i_unit=F("pk"),
        i_child=NONE,
    )


def _decisions(as_of: dt.date) -> QuerySet:
    from frontdoor.models import Outcome, SignOff, ThresholdDecision

    return ThresholdDecision.objects.filter(
        sign_off__in=[SignOff.NOT_REQUIRED, SignOff.AGREED], decided_at__date__lte=as_of
    ).annotate(
        i_day=TruncDate("decided_at"),
        i_area=F("contact__locality"),
        i_team=F("team_id"),
        i_agency=F("contact__referrer_organisation_id"),
        i_grp=F("outcome"),
        i_met=_bool(Q(outcome=Outcome.NFA)),
        i_unit=F("contact_id"),
        i_child=NONE,
    )


def _front_door_in_time(as_of: dt.date) -> QuerySet:
    from frontdoor.models import Contact

    return Contact.objects.filter(decided_at__isnull=False, decided_at__date__lte=as_of).annotate(
        i_day=TruncDate("decided_at"),
        i_area=F("locality"),
        i_team=F("routed_team_id"),
        i_agency=F("referrer_organisation_id"),
        i_grp=Case(When(urgent=True, then=Value("urgent")), default=Value("standard")),
        i_met=_bool(Q(decided_at__lte=F("due_at"))),
        i_unit=F("pk"),
        i_child=NONE,
    )


# --- episodes -----------------------------------------------------------------------------


def episode_start():
    """The day an episode began: the strategy discussion for child protection, otherwise the
    referral (the day it was recorded when neither is known)."""
    return Coalesce(
        Case(When(kind="CP", then=F("strategy_discussion_on")), default=F("referral_date")),
        F("referral_date"),
        TruncDate("created_at"),
        output_field=DateField(),
    )


def _episodes(**filters) -> QuerySet:
    from casework.models import Episode

    return Episode.objects.filter(**filters).annotate(
        i_area=Coalesce(F("team__locality"), BLANK),
        i_agency=F("team__organisation_id"),
        i_child=F("child_id"),
    )


def _clocks(as_of: dt.date) -> QuerySet:
    """Statutory clocks that fell due by the day (or were met early): met when met on or
    before the due day, which the timescales rules version of the case set."""
    from casework.models import StatutoryClock

    return (
        StatutoryClock.objects.filter(stopped_on__isnull=True)
        .filter(Q(due_on__lte=as_of) | Q(met_on__isnull=False, met_on__lte=as_of))
        .annotate(
            i_day=Coalesce(
                Case(When(met_on__lt=F("due_on"), then=F("met_on")), default=F("due_on")),
                F("due_on"),
                output_field=DateField(),
            ),
            i_area=Coalesce(F("episode__team__locality"), BLANK),
            i_team=F("episode__team_id"),
            i_agency=F("episode__team__organisation_id"),
            i_grp=F("kind"),
            i_met=_bool(Q(met_on__isnull=False, met_on__lte=F("due_on"))),
            i_unit=F("pk"),
            i_child=F("episode__child_id"),
        )
    )


def _re_referrals(as_of: dt.date) -> QuerySet:
    """Referrals to children's social care (child in need episodes), met when the same child
    was referred before in the 12 months up to this referral (DfE's definition)."""
    from casework.models import Episode

    earlier = Episode.objects.filter(
        child_id=OuterRef("child_id"),
        kind="CIN",
        referral_date__lt=OuterRef("referral_date"),
        referral_date__gte=minus(OuterRef("referral_date"), YEAR),
    )
    return _episodes(kind="CIN", referral_date__lte=as_of).annotate(
        i_day=F("referral_date"),
        i_team=F("team_id"),
        i_grp=F("referral_source"),
        i_met=Exists(earlier),
        i_unit=F("pk"),
    )


def _kept_home(window: dt.timedelta) -> Callable[[dt.date], QuerySet]:
    """Children who had early help or a child in need episode and did not become looked after
    in the window from its start, counted in the month the window closed (so a period's figure
    is the children whose 12 or 24 months ended in it)."""

    def rows(as_of: dt.date) -> QuerySet:
        from casework.models import Episode

        looked_after = Episode.objects.filter(
            child_id=OuterRef("child_id"),
            looked_after_from__isnull=False,
            looked_after_from__gte=OuterRef("started"),
            looked_after_from__lte=plus(OuterRef("started"), window),
        )
        return (
            _episodes(kind__in=["EH", "CIN"], referral_nfa=False)
            .annotate(started=episode_start())
            .filter(started__lte=as_of - window)
            .annotate(
                i_day=plus(F("started"), window),
                i_team=F("team_id"),
                i_grp=F("kind"),
                i_met=~Exists(looked_after),
                i_unit=F("child_id"),
            )
        )

    return rows


def stepped_down_q() -> Q:
    """A child in need or child protection episode that ended with a step down to early help:
    an accepted step-down, or closed after assessment with a referral to early help (RC9)."""
    return Q(kind__in=["CIN", "CP"], closed_on__isnull=False) & (
        Q(step_downs__status="accepted") | Q(closure_reason="RC9")
    )


def _stepped_down(as_of: dt.date) -> QuerySet:
    """Families stepped down to early help, met when the family had no new referral to
    children's social care (a child in need episode) in the 12 months after."""
    from casework.models import Episode

    re_referred = Episode.objects.filter(
        family_id=OuterRef("family_id"),
        kind="CIN",
        referral_date__gt=OuterRef("closed_on"),
        referral_date__lte=plus(OuterRef("closed_on"), YEAR),
    )
    return (
        _episodes()
        .filter(stepped_down_q(), closed_on__lte=as_of - YEAR)
        .annotate(
            i_day=plus(F("closed_on"), YEAR),
            i_team=F("team_id"),
            i_grp=F("kind"),
            i_met=~Exists(re_referred),
            i_unit=F("family_id"),
        )
        .distinct()
    )


def _caseloads(as_of: dt.date) -> QuerySet:
    """Open episodes on the day, by allocated worker (blank: unallocated)."""
    return (
        _episodes(closed_on__isnull=True)
        .annotate(started=episode_start())
        .filter(started__lte=as_of)
        .annotate(
            i_day=Value(as_of, output_field=DateField()),
            i_team=F("team_id"),
            i_grp=Coalesce(Cast("allocated_to_id", CharField()), BLANK),
            i_met=_bool(Q(allocated_to__isnull=False)),
            i_unit=F("pk"),
        )
    )


def _goal_progress(as_of: dt.date) -> QuerySet:
    """Goals scored at least twice, counted in the month of their latest score by the team of
    the family's latest episode: met when the latest score is above the first."""
    from casework.models import Episode, Goal
    from outcomes.models import GoalScore

    scores = GoalScore.objects.filter(goal_id=OuterRef("pk"), scored_on__lte=as_of)
    latest_episode = Episode.objects.filter(family_id=OuterRef("plan__family_id")).order_by(
        "-created_at", "-pk"
    )
    counted = (
        GoalScore.objects.filter(goal_id=OuterRef("pk"), scored_on__lte=as_of)
        .order_by()
        .values("goal_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Goal.objects.annotate(
            scores_n=Subquery(counted[:1], output_field=IntegerField()),
            first=Subquery(scores.order_by("scored_on", "pk").values("score")[:1]),
            last=Subquery(scores.order_by("-scored_on", "-pk").values("score")[:1]),
            i_day=Subquery(scores.order_by("-scored_on", "-pk").values("scored_on")[:1]),
            i_team=Subquery(latest_episode.values("team_id")[:1]),
        )
        .filter(scores_n__gte=2)
        .annotate(
            i_area=Coalesce(
                Subquery(latest_episode.values("team__locality")[:1]),
                BLANK,
                output_field=CharField(),
            ),
            i_agency=Subquery(latest_episode.values("team__organisation_id")[:1]),
            i_grp=F("scale"),
            i_met=_bool(Q(last__gt=F("first"))),
            i_unit=F("pk"),
            i_child=Subquery(latest_episode.values("child_id")[:1]),
        )
    )


def _flow_starts(as_of: dt.date) -> QuerySet:
    """Each episode that started, with where the child came from: the child's other kind of
    episode open on the day or closed within 28 days before (a step up or down), or nothing
    (new to early help or children's social care). The group is 'FROM>TO'."""
    from casework.models import Episode

    before = (
        Episode.objects.annotate(s=episode_start())
        .filter(child_id=OuterRef("child_id"), s__lte=OuterRef("i_day"))
        .exclude(pk=OuterRef("pk"))
        .exclude(kind=OuterRef("kind"))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=minus(OuterRef("i_day"), FOLLOW_ON)))
        .order_by("-s", "-pk")
        .values("kind")[:1]
    )
    return (
        _episodes(referral_nfa=False)
        .annotate(i_day=episode_start())
        .filter(i_day__lte=as_of)
        .annotate(
            came_from=Coalesce(Subquery(before, output_field=CharField()), Value("NEW")),
            i_team=F("team_id"),
            i_grp=Concat(F("came_from"), Value(">"), F("kind"), output_field=CharField()),
            i_met=_bool(Q(pk__isnull=False)),
            i_unit=F("pk"),
        )
    )


def _flow_ends(as_of: dt.date) -> QuerySet:
    """Each episode that closed with nothing following (to closure), and each child protection
    episode that ended with the child in need work still open (CP>CIN). Closures followed by
    another kind of episode are counted where that one starts."""
    from casework.models import Episode

    following = (
        Episode.objects.annotate(s=episode_start())
        .filter(child_id=OuterRef("child_id"), s__lte=plus(OuterRef("closed_on"), FOLLOW_ON))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=OuterRef("closed_on")))
    )
    return (
        _episodes(closed_on__isnull=False, closed_on__lte=as_of, referral_nfa=False)
        .annotate(followed=Exists(following))
        .filter(Q(followed=False) | Q(kind="CP"))
        .annotate(
            i_day=F("closed_on"),
            i_team=F("team_id"),
            i_grp=Case(
                When(followed=False, then=Concat(F("kind"), Value(">CLOSED"))),
                default=Value("CP>CIN"),
                output_field=CharField(),
            ),
            i_met=_bool(Q(pk__isnull=False)),
            i_unit=F("pk"),
        )
    )


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "contacts", "Contacts received", "demand", "contacts", "about a known family",
            "Contacts received by the front door in the month, by referral source and by the "
            "referrer's agency.", _contacts, rate=False, drill=False,
        ),
        Measure(
            "consultations", "Consultations that became referrals", "demand", "consultations",
            "became a referral",
            "Consultations held whose outcome was recorded in the month; a referral is to early "
            "help, to children's social care or a strategy discussion.",
            _consultations, drill=False,
        ),
        Measure(
            "decisions", "Front-door decisions with no further action", "demand", "contacts",
            "no further action",
            "Final front-door decisions (no sign-off needed, or agreed) made in the month, by "
            "outcome.", _decisions, drill=False,
        ),
        Measure(
            "front_door", "Front-door decisions within one working day", "timeliness",
            "contacts", "decided in time",
            "Contacts first decided in the month, decided by their due time (received plus one "
            "working day on the working calendar in force).", _front_door_in_time, drill=False,
        ),
        Measure(
            "clocks", "Statutory timescales met", "timeliness", "clocks", "met in time",
            "Clocks that fell due in the month (or were met early): assessments within 45 "
            "working days, initial conferences within 15 of the strategy discussion, first core "
            "groups within 10 of the conference, and reviews, each due on the day the case's "
            "timescales rules version set.", _clocks,
        ),
        Measure(
            "re_referrals", "Re-referrals within 12 months", "flows", "referrals",
            "re-referral",
            "Referrals to children's social care in the month where the same child was referred "
            "in the 12 months before.", _re_referrals,
        ),
        Measure(
            "flow_starts", "Episodes started, by where the child came from", "flows",
            "episodes", "started",
            "Early help, child in need and child protection episodes that started in the month, "
            "with the child's other kind of episode open on the day or closed within 28 days "
            "before (a step up or a step down), or none (new).", _flow_starts, rate=False,
        ),
        Measure(
            "flow_ends", "Episodes closed with nothing following", "flows", "episodes",
            "ended",
            "Episodes that closed in the month with no other kind of episode open or starting "
            "within 28 days after (to closure), and child protection episodes that ended with "
            "the child in need work going on.", _flow_ends, rate=False,
        ),
        Measure(
            "caseloads", "Caseloads", "caseloads", "open episodes", "allocated",
            "Episodes open on the day the figures were built, by allocated worker and team; "
            "unallocated work has no worker.", _caseloads,
        ),
        Measure(
            "kept_home_12", "Children kept safely at home (12 months)", "outcomes", "children",
            "not looked after within 12 months",
            "Children whose early help or child in need episode started 12 months before the "
            "month (counted when the 12 months end): kept safely at home when they did not "
            "become looked after within 12 months of the start.", _kept_home(YEAR),
        ),
        Measure(
            "kept_home_24", "Children kept safely at home (24 months)", "outcomes", "children",
            "not looked after within 24 months",
            "As for 12 months, over the 24 months from the start of the episode (counted when "
            "the 24 months end).",
            _kept_home(TWO_YEARS),
        ),
        Measure(
            "stepped_down", "Families stepped down and not re-referred", "outcomes", "families",
            "not re-referred within 12 months",
            "Families whose child in need or child protection work closed 12 months before the "
            "month with a step down to early help (accepted, or closure reason RC9), counted "
            "when the 12 months end: met when no child in the family was referred to children's "
            "social care again within them.", _stepped_down,
        ),
        Measure(
            "goal_progress", "Goal progress", "outcomes", "goals", "moved forward",
            "Goals scored at least twice, in the month of their latest score: moved forward "
            "when the latest score is higher than the first (either scale).", _goal_progress,
        ),
    ]
}  # fmt: skip

"""Front-door figures for a period, computed in the database (no table is loaded into memory).

Definitions (also shown on the page and by `familyhub frontdoor-metrics`):
- decided within one working day: contacts first decided in the period whose first decision was
  recorded by the due time (received + one working day on the calendar in force);
- consultation -> referral conversion: consultations whose outcome was recorded in the period
  and was a referral (early help, children's social care or a strategy discussion);
- referrals with a prior consultation: final decisions in the period that referred the family to
  children's social care (a referral or a strategy discussion) where the contact came from a
  consultation, or the family had a consultation in the 12 months before the contact;
- NFA rate: final decisions in the period with the outcome 'no further action';
- re-contacts within 12 months: contacts received in the period about a family that had another
  contact in the 12 months before;
- re-consultations: consultations about a named family requested in the period where the family
  had another consultation in the 12 months before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from familyhub.charts import Bar, bar_chart, describe

from .models import (
    CSC_OUTCOMES,
    REFERRAL_OUTCOMES,
    Consultation,
    ConsultationOutcome,
    ConsultationStatus,
    Contact,
    Outcome,
    SignOff,
    ThresholdDecision,
)

YEAR = dt.timedelta(days=365)


@dataclass
class Ratio:
    label: str
    numerator: int
    denominator: int
    definition: str

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100.0 * self.numerator / self.denominator, 1)

    @property
    def text(self) -> str:
        pct = self.percent
        return "–" if pct is None else f"{pct:g}%"


@dataclass
class Metrics:
    start: dt.date
    end: dt.date
    contacts_received: int
    ratios: list[Ratio]
    outcomes: list[tuple[str, int]]
    by_agency: list[tuple[str, dict[str, int], int]]
    outcome_columns: list[tuple[str, str]] = field(default_factory=list)

    def ratio(self, key: str) -> Ratio:
        return {r.label: r for r in self.ratios}[key]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return lo, hi


DECIDED_IN_TIME = "Contacts decided within one working day"
CONVERSION = "Consultations that became referrals"
PRIOR_CONSULTATION = "Referrals to children's social care with a consultation first"
NFA_RATE = "Decisions with no further action"
RE_CONTACTS = "Re-contacts within 12 months"
RE_CONSULTATIONS = "Re-consultations about the same family within 12 months"


def _decided_in_time(decided) -> Ratio:
    return Ratio(
        DECIDED_IN_TIME,
        decided.filter(decided_at__lte=F("due_at")).count(),
        decided.count(),
        "Contacts first decided in the period, decided by their due time",
    )


def _conversion(held) -> Ratio:
    return Ratio(
        CONVERSION,
        held.filter(outcome__in=list(REFERRAL_OUTCOMES)).count(),
        held.count(),
        "Consultations held in the period whose outcome was a referral to early help, "
        "to children's social care, or a strategy discussion",
    )


def _prior_consultation(finals) -> Ratio:
    referrals = finals.filter(outcome__in=list(CSC_OUTCOMES))
    earlier_consultation = Consultation.objects.filter(
        family_id=OuterRef("contact__family_id"),
        family__isnull=False,
        created_at__lt=OuterRef("contact__received_at"),
        created_at__gte=OuterRef("contact__received_at") - YEAR,
    ).exclude(status=ConsultationStatus.CANCELLED)
    with_prior = referrals.filter(
        Q(contact__consultation__isnull=False) | Exists(earlier_consultation)
    ).count()
    return Ratio(
        PRIOR_CONSULTATION,
        with_prior,
        referrals.count(),
        "Referrals and strategy discussions decided in the period where the contact came "
        "from a consultation or the family had one in the 12 months before",
    )


def _nfa_rate(finals) -> Ratio:
    return Ratio(
        NFA_RATE,
        finals.filter(outcome=Outcome.NFA).count(),
        finals.count(),
        "Final decisions in the period with the outcome ‘no further action’",
    )


def _re_contacts(received) -> Ratio:
    earlier_contact = Contact.objects.filter(
        family_id=OuterRef("family_id"),
        received_at__lt=OuterRef("received_at"),
        received_at__gte=OuterRef("received_at") - YEAR,
    )
    return Ratio(
        RE_CONTACTS,
        received.filter(family__isnull=False).filter(Exists(earlier_contact)).count(),
        received.count(),
        "Contacts received in the period about a family with another contact in the 12 "
        "months before",
    )


def _re_consultations(lo: dt.datetime, hi: dt.datetime) -> Ratio:
    named = Consultation.objects.filter(
        family__isnull=False, created_at__gte=lo, created_at__lt=hi
    ).exclude(status=ConsultationStatus.CANCELLED)
    earlier_named = Consultation.objects.filter(
        family_id=OuterRef("family_id"),
        created_at__lt=OuterRef("created_at"),
        created_at__gte=OuterRef("created_at") - YEAR,
    ).exclude(status=ConsultationStatus.CANCELLED)
    return Ratio(
        RE_CONSULTATIONS,
        named.filter(Exists(earlier_named)).count(),
        named.count(),
        "Consultations about a named family requested in the period where the family had "
        "another consultation in the 12 months before (anonymised ones cannot be counted)",
    )


def _by_agency(held) -> list[tuple[str, dict[str, int], int]]:
    """Consultation outcomes per requesting agency."""
    table: dict[str, dict[str, int]] = {}
    for agency, outcome, n in (
        held.values_list("requester_organisation__name", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        table.setdefault(agency or "Unknown agency", {})[outcome] = n
    return [(agency, counts, sum(counts.values())) for agency, counts in sorted(table.items())]


def compute(*, start: dt.date, end: dt.date) -> Metrics:
    lo, hi = _bounds(start, end)
    received = Contact.objects.filter(received_at__gte=lo, received_at__lt=hi)
    decided = Contact.objects.filter(decided_at__gte=lo, decided_at__lt=hi)
    held = Consultation.objects.filter(
        status=ConsultationStatus.HELD, outcome_recorded_at__gte=lo, outcome_recorded_at__lt=hi
    )
    finals = ThresholdDecision.objects.filter(
        sign_off__in=[SignOff.NOT_REQUIRED, SignOff.AGREED],
        feedback_sent_at__gte=lo,
        feedback_sent_at__lt=hi,
    )
    ratios = [
        _decided_in_time(decided),
        _conversion(held),
        _prior_consultation(finals),
        _nfa_rate(finals),
        _re_contacts(received),
        _re_consultations(lo, hi),
    ]
    outcome_counts = dict(finals.values_list("outcome").annotate(n=Count("pk")).order_by())
    return Metrics(
        start=start,
        end=end,
        contacts_received=received.count(),
        ratios=ratios,
        outcomes=[(label, outcome_counts.get(code, 0)) for code, label in Outcome.choices],
        by_agency=_by_agency(held),
        outcome_columns=list(ConsultationOutcome.choices),
    )


def charts(m: Metrics) -> dict[str, SafeString]:
    """The figures drawn (issue 17): each measure as a share of 100%, and decisions by outcome.
    The page keeps the tables beside them."""
    shares = [Bar(r.label, r.percent or 0, r.text) for r in m.ratios]
    outcomes = [Bar(label, n, str(n)) for label, n in m.outcomes]
    return {
        "measures": mark_safe(  # noqa: S308 - familyhub.charts escapes every label
            bar_chart(
                shares,
                chart_id="measures",
                title="Front door measures",
                desc=describe(shares),
                maximum=100,
            )
        ),
        "outcomes": mark_safe(  # noqa: S308 - familyhub.charts escapes every label
            bar_chart(
                outcomes,
                chart_id="outcomes",
                title="Decisions by outcome",
                desc=describe(outcomes),
            )
        ),
    }

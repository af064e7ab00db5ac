"""Supporting Families / Family Help results claims (shared/docs/domain.md §5.5; the National
Supporting Families Outcome Framework, 2022-2025, chapters 3 and 5).

A family is eligible with needs under at least three of the ten headline outcomes. A claim
needs, checked from the record: a lead practitioner; a whole-family (early help) assessment; a
family plan; support received (a plan action done); and every need identified met and sustained
at least six months after the work closed (the sustained outcome check, outcomes app). Each
condition not met says what evidence is missing. Reads only: approval is returns.actions.

The need areas FamilyHub's assessments record map onto the headlines below; no area maps to
"children safe from abuse and exploitation" or "crime prevention" yet, so those headlines are
never counted (a family needs three of the other eight)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casework.models import Assessment, AssessmentNeed, Episode, FamilyPlan, LeadArrangement
from casework.models.assessment import AssessmentKind
from casework.models.plan import ActionStatus, PlanAction
from outcomes.models import NEED_LABELS, SustainedOutcomeCheck

HEADLINES = [
    ("education", "Getting a good education"),
    ("early_years", "Good early years development"),
    ("health", "Improved mental and physical health"),
    ("substance_use", "Promoting recovery and reducing harm from substance use"),
    ("relationships", "Improved family relationships"),
    ("safe_children", "Children safe from abuse and exploitation"),
    ("crime", "Crime prevention and tackling crime"),
    ("domestic_abuse", "Safe from domestic abuse"),
    ("housing", "Secure housing"),
    ("financial", "Financial stability"),
]
HEADLINE_LABELS = dict(HEADLINES)
NEED_HEADLINE = {
    "mental_health": "health",
    "physical_health": "health",
    "learning_disability": "health",
    "substance_misuse": "substance_use",
    "domestic_abuse": "domestic_abuse",
    "employment": "financial",
    "debt": "financial",
    "housing": "housing",
    "education": "education",
    "development": "early_years",
    "behaviour": "relationships",
    "young_carer": "relationships",
    "parenting": "relationships",
}
ELIGIBLE_HEADLINES = 3
SUSTAINED_DAYS = 182  # six months after closure


@dataclass
class Condition:
    label: str
    met: bool
    missing: str = ""


@dataclass
class ClaimCheck:
    family_id: int
    needs: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    closed_on: dt.date | None = None

    @property
    def eligible(self) -> bool:
        return len(self.headlines) >= ELIGIBLE_HEADLINES

    @property
    def claimable(self) -> bool:
        return self.eligible and all(c.met for c in self.conditions)

    @property
    def missing(self) -> list[str]:
        out = [] if self.eligible else [self.conditions_eligibility]
        return out + [c.missing for c in self.conditions if not c.met]

    @property
    def conditions_eligibility(self) -> str:
        return (
            f"Needs under {len(self.headlines)} headline outcome(s) recorded at assessment; "
            f"at least {ELIGIBLE_HEADLINES} are needed"
        )

    @property
    def headline_labels(self) -> list[str]:
        return [HEADLINE_LABELS[h] for h in self.headlines]

    def as_evidence(self) -> dict:
        return {
            "needs": self.needs,
            "headlines": self.headlines,
            "conditions": [
                {"label": c.label, "met": c.met, "missing": c.missing} for c in self.conditions
            ],
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
        }


def _needs(family_id: int) -> list[str]:
    areas = AssessmentNeed.objects.filter(
        assessment__family_id=family_id,
        assessment__kind=AssessmentKind.EARLY_HELP,
        assessment__completed_on__isnull=False,
    ).values_list("area", flat=True)
    return sorted(set(areas))


def _sustained(family_id: int, needs: list[str]) -> tuple[Condition, dt.date | None]:
    label = "Every need met and sustained six months after closure"
    episode = (
        Episode.objects.filter(family_id=family_id, kind="EH", closed_on__isnull=False)
        .order_by("-closed_on", "-pk")
        .first()
    )
    if episode is None:
        return Condition(label, False, "The early help work has not closed yet"), None
    check = SustainedOutcomeCheck.objects.filter(episode=episode).first()
    closed = episode.closed_on
    if check is None or not check.checked_on:
        return Condition(label, False, "No sustained outcome check recorded"), closed
    if (check.checked_on - closed).days < SUSTAINED_DAYS:
        return Condition(
            label, False, f"The check on {check.checked_on:%-d %B %Y} was less than six months "
            f"after the work closed ({closed:%-d %B %Y})",
        ), closed  # fmt: skip
    results = check.need_results or {}
    unmet = [NEED_LABELS.get(n, n) for n in needs if results.get(n) is not True]
    if unmet:
        return Condition(label, False, "Not shown as sustained: " + ", ".join(unmet)), closed
    return Condition(label, True), closed


def check_family(family_id: int) -> ClaimCheck:
    """Eligibility and each claim condition for one family, from its record."""
    needs = _needs(family_id)
    headlines = [h for h, _ in HEADLINES if h in {NEED_HEADLINE.get(n) for n in needs}]
    has_lead = LeadArrangement.objects.filter(family_id=family_id).exists() or (
        Episode.objects.filter(family_id=family_id, kind="EH", allocated_to__isnull=False).exists()
    )
    assessed = Assessment.objects.filter(
        family_id=family_id, kind=AssessmentKind.EARLY_HELP, completed_on__isnull=False
    ).exists()
    planned = FamilyPlan.objects.filter(family_id=family_id, goals__isnull=False).exists()
    supported = PlanAction.objects.filter(
        plan__family_id=family_id, status=ActionStatus.DONE
    ).exists()
    sustained, closed = _sustained(family_id, needs)
    conditions = [
        Condition("A lead practitioner", has_lead, "No lead practitioner recorded"),
        Condition("A whole-family assessment", assessed, "No completed early help assessment"),
        Condition("A family plan", planned, "No family plan with goals"),
        Condition("Support received", supported, "No action in the family plan marked done"),
        sustained,
    ]
    return ClaimCheck(family_id, needs, headlines, conditions, closed)


def candidates(start: dt.date, end: dt.date) -> list[int]:
    """Families whose sustained outcome check was recorded in the period (a claim falls then)."""
    return sorted(
        set(
            SustainedOutcomeCheck.objects.filter(
                checked_on__gte=start, checked_on__lte=end
            ).values_list("family_id", flat=True)
        )
    )

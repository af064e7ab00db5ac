"""Record rules for outcomes. Goal scores are part of the family plan and a six-month sustained
outcome check part of the assessment whose needs it asks about: they follow the casework rules
for those sections (a partner sees them only when the family shared that section with its
agency, or when it leads the work), and they are recorded by those who record the casework.

casework depends on outcomes (its goals are scored here, its closures open checks), never the
other way round, so casework.policy hands its registrar for family casework records to
register_rules() below when it registers its own rules; the rules for outcomes' records are
still declared here, with the records."""

from __future__ import annotations

from collections.abc import Callable

from .models import GoalScore, SustainedOutcomeCheck


def register_rules(register_casework_record: Callable[..., None]) -> None:
    """Register outcomes' record rules with casework's registrar for family casework records
    (`register_casework_record(model, path_to_family, section=...)`)."""
    register_casework_record(GoalScore, "goal__plan__family", section="plan")
    register_casework_record(SustainedOutcomeCheck, section="assessment")

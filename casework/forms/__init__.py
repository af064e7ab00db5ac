"""Forms for working with the family, one module per part of the work (as casework.actions).
Every form is a GovukForm; dates are GovukDateFields. `from casework import forms; forms.X`
is the way in."""

from .assessment import (
    AssessmentForm,
    AssessmentStartForm,
)
from .episodes import (
    AllocateForm,
    EpisodeOpenForm,
    LcppForm,
    S47AllocateForm,
    StepForm,
    machines_label,
    step_field,
)
from .lead import (
    AbsenceForm,
    LeadForm,
)
from .meetings import (
    MeetingForm,
)
from .notes import (
    CaseNoteEditForm,
    CaseNoteForm,
    ChronologyFilterForm,
)
from .plan import (
    LEVEL_FIELDS,
    ActionStatusForm,
    GoalForm,
    PlanActionForm,
    PlanForm,
    ServiceChoice,
)
from .steps import (
    EpisodeChoice,
    StepDownDecisionForm,
    StepDownForm,
    StepUpForm,
)

__all__ = [
    "AbsenceForm",
    "ActionStatusForm",
    "AllocateForm",
    "AssessmentForm",
    "AssessmentStartForm",
    "CaseNoteEditForm",
    "CaseNoteForm",
    "ChronologyFilterForm",
    "EpisodeChoice",
    "EpisodeOpenForm",
    "GoalForm",
    "LEVEL_FIELDS",
    "LcppForm",
    "LeadForm",
    "MeetingForm",
    "PlanActionForm",
    "PlanForm",
    "S47AllocateForm",
    "ServiceChoice",
    "StepDownDecisionForm",
    "StepDownForm",
    "StepForm",
    "StepUpForm",
    "machines_label",
    "step_field",
]

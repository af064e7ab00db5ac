"""Working with the family: episodes (early help, child in need, child protection) with their
statutory clocks, the lead practitioner and cover, absences, whole-family assessments, the
family plan with goals, meetings and reviews, case notes, step up and down, autosaved drafts.
One module per part of the work, as in casework.actions; `from casework.models import X` is the
way in. Hub services a plan action can be live in directory; goal scores and the six-month
sustained outcome check in outcomes."""

from .assessment import (
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentPersonNote,
    AssessmentStatus,
)
from .drafts import (
    DraftKind,
    FormDraft,
)
from .episodes import (
    ClockKind,
    ClockQuerySet,
    Episode,
    EpisodeKind,
    EpisodeQuerySet,
    EpisodeTransition,
    StatutoryClock,
)
from .lead import (
    Absence,
    AbsenceKind,
    FamilySay,
    LeadArrangement,
    WorkingHours,
)
from .meetings import (
    Meeting,
    MeetingKind,
)
from .notes import (
    CaseNote,
    CaseNoteKind,
)
from .plan import (
    ActionStatus,
    FamilyPlan,
    Goal,
    GoalStatus,
    PlanAction,
)
from .protection import (
    S47Allocation,
)
from .steps import (
    StepDown,
    StepDownStatus,
    StepUp,
)

__all__ = [
    "Absence",
    "AbsenceKind",
    "ActionStatus",
    "Assessment",
    "AssessmentKind",
    "AssessmentNeed",
    "AssessmentPersonNote",
    "AssessmentStatus",
    "CaseNote",
    "CaseNoteKind",
    "ClockKind",
    "ClockQuerySet",
    "DraftKind",
    "Episode",
    "EpisodeKind",
    "EpisodeQuerySet",
    "EpisodeTransition",
    "FamilyPlan",
    "FamilySay",
    "FormDraft",
    "Goal",
    "GoalStatus",
    "LeadArrangement",
    "Meeting",
    "MeetingKind",
    "PlanAction",
    "S47Allocation",
    "StatutoryClock",
    "StepDown",
    "StepDownStatus",
    "StepUp",
    "WorkingHours",
]

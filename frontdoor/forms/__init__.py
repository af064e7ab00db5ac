"""Front-door forms, one module per part of the work (as frontdoor.views). Every form is a
GovukForm; required-ness of a concern's answers lives in the actions (what_problems /
who_problems), so a draft can be saved half-finished and the same rules apply to every caller.
`from frontdoor import forms; forms.X` is the way in."""

from ._fields import (
    YES_NO,
    VersionForm,
)
from .concerns import (
    ConcernWhatForm,
    ConcernWhoForm,
    NewPeopleFormSet,
    NewPersonForm,
)
from .consultations import (
    CancelForm,
    ConsultationOutcomeForm,
    ConsultationRequestForm,
    DutySlotForm,
    TimeField,
    slot_label,
)
from .contacts import (
    DecisionForm,
    DissentForm,
    InfoAnswerForm,
    InfoRequestForm,
    LinkFamilyForm,
    QueueFilterForm,
    RagForm,
    ResolveForm,
    ResumeForm,
    ScreeningForm,
    SignOffForm,
)
from .warnings import (
    EarlyWarningDecisionForm,
    MetricsForm,
)

__all__ = [
    "CancelForm",
    "ConcernWhatForm",
    "ConcernWhoForm",
    "ConsultationOutcomeForm",
    "ConsultationRequestForm",
    "DecisionForm",
    "DissentForm",
    "DutySlotForm",
    "EarlyWarningDecisionForm",
    "InfoAnswerForm",
    "InfoRequestForm",
    "LinkFamilyForm",
    "MetricsForm",
    "NewPeopleFormSet",
    "NewPersonForm",
    "QueueFilterForm",
    "RagForm",
    "ResolveForm",
    "ResumeForm",
    "ScreeningForm",
    "SignOffForm",
    "TimeField",
    "VersionForm",
    "YES_NO",
    "slot_label",
]

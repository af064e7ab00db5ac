"""The messages the pre-proceedings actions refuse with (shared by forms, pages and tests)."""

NO_CIN_EPISODE = (
    "Pre-proceedings can begin only for a child with an open child in need or child protection "
    "episode"
)
ALREADY_OPEN = "This child's pre-proceedings are already under way: record in them instead"
DECIDED_BY = (
    "Enter who made the decision (name and role, e.g. the chair of the legal planning meeting)"
)
FUTURE_DATE = "The date must be today or in the past"
BEFORE_START = "The date cannot be before pre-proceedings began"
CONCLUDED = "These pre-proceedings have an outcome: nothing more can be recorded in them"
NOT_A_PARENT = (
    "Offer the meeting to a parent of the child or a person with parental responsibility "
    "(record the relationship on the family first)"
)
ALREADY_OFFERED = "A meeting has already been offered to this person"
OFFER_AFTER_APPLICATION = (
    "The FGDM offer must be dated before the court application: s31ZA requires the offer "
    "before the local authority applies"
)
EXCEPTION_RECORDED = (
    "The decision that a meeting is not in the child's best interests is recorded: no offer is made"
)
ANSWER_DATE = "The answer cannot be dated before the offer"
ANSWER_NEEDS_DATE = "Enter when they answered"
RATIONALE_REQUIRED = (
    "Explain why offering or holding a family group decision-making meeting is not in the "
    "child's best interests"
)
EXCEPTION_DECIDED_BY = "Enter who decided (name and role)"
PLAN_REQUIRED = "Record the family's plan, in their words"
MEETING_AFTER_APPLICATION = "A meeting in pre-proceedings must be held before the court application"
INITIAL_FIRST = "Record the initial pre-proceedings meeting before a review meeting"
LETTER_BEFORE_START = "The letter before proceedings cannot be sent before pre-proceedings began"
STEP_BEFORE_START = "The step decision cannot be before pre-proceedings began"
OUTCOME_CODE = "Choose the outcome"
OUTCOME_NEEDS_DECISION = "Enter the date of the step decision with the outcome"
APPLICATION_NEEDS_PROCEEDINGS = (
    "A court application is recorded only with the outcome 'Care proceedings' (A)"
)
APPLICATION_BEFORE_DECISION = "The court application cannot be before the step decision"
APPLICATION_BEFORE_OFFER = (
    "The court application must be after every FGDM offer: an offer was made on {day}"
)
NOT_OFFERED = (
    "Before applying to court, offer a family group decision-making meeting to {names}, or "
    "record why it is not in the child's best interests (s31ZA)"
)
MEETING_NOT_HELD = (
    "{names} accepted the offer of a family group decision-making meeting: it must be held "
    "before the court application (s31ZA)"
)
STALE = (
    "Someone else changed these pre-proceedings while you were editing. Your changes have not "
    "been saved – they are shown below beside the latest version."
)

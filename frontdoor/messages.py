"""The front door's error messages: one set of constants shared by actions, forms and tests."""

# Concerns
WHO_REQUIRED = (
    "Select who you are worried about, or enter their details under ‘Someone not listed here’"
)
WHO_PEOPLE_REQUIRED = "Select who in the family you are worried about"
ONE_FAMILY = "Choose people from one family – raise a separate concern for another family"
NEW_PERSON_NAME = "Enter a first or last name, or tick ‘Not born yet’ for an unborn baby"
NEW_PERSON_DUE = "Enter the expected date of birth of the unborn baby"
NEW_PERSON_DUE_PAST = (
    "The expected date of birth must be in the future – if the baby is born, enter their date "
    "of birth"
)
NEW_PERSON_DOB_FUTURE = "Date of birth must be today or in the past"
WORRIES_REQUIRED = "Enter what you are worried about"
RISK_REQUIRED = "Select yes if a child is at immediate risk of significant harm"
WANTS_REQUIRED = "Select what you would like to happen"
CONSENT_REQUIRED = "Select whether you asked the family for consent"
CONSENT_REASON_NOT_SOUGHT = "Enter why you did not ask for consent"
CONSENT_REASON_REFUSED = "Enter why you are asking for a referral without consent"
NO_EMBEDDED_SW = (
    "There is no embedded social worker to consult at the moment – choose advice or a referral"
)
UNKNOWN_INDICATOR = "Choose indicators from the continuum of need"
STALE_CONCERN = (
    "This draft was changed in another window or tab while you were editing. Your changes "
    "have not been saved – they are shown below beside the latest version."
)
CONCERN_NOT_DRAFT = "This concern has already been sent"

# Consultations and duty slots
QUESTION_REQUIRED = "Enter what you would like to talk about"
SOCIAL_WORKER_REQUIRED = "Choose a social worker, or book one of their times"
ANONYMOUS_REQUIRED = "Select whether you will name the family"
FAMILY_REQUIRED = "Choose the family, or select that you will not name them"
CONSULTATION_PENDING = (
    "A consultation about this family is already waiting ({reference}, with {social_worker}): "
    "open it, or choose to book another linked to it"
)
ANONYMOUS_WITH_FAMILY = "An anonymised consultation cannot name a family"
MODE_REQUIRED = "Select how you would like to talk"
MODE_NOT_OFFERED = "This time is not offered in the way you chose – choose another way or time"
SLOT_TAKEN = "That time has just been booked by someone else – choose another time"
SLOT_PAST = "That time has already passed – choose another time"
SLOT_END_BEFORE_START = "The end time must be after the start time"
SLOT_IN_PAST = "The time must be in the future"
SLOT_OVERLAPS = "This time overlaps another of the social worker's times"
SLOT_MODES_REQUIRED = "Select at least one way the consultation can be held"
SLOT_BOOKED = "A booked time cannot be cancelled – cancel the consultation first"
CONVERSATION_REQUIRED = "Enter what you talked about"
OUTCOME_REQUIRED = "Select the outcome of the consultation"
REASONS_REQUIRED = "Enter the reasons for the outcome – the partner will be told them"
OUTCOME_ALREADY = "The outcome of this consultation has already been recorded"
CONSULTATION_CLOSED = "This consultation is already closed"
STALE_CONSULTATION = (
    "Someone else changed this consultation while you were editing. Your changes have not been "
    "saved – they are shown below."
)

# Contacts, information requests, decisions
STALE_CONTACT = (
    "Someone else changed this contact while you were working on it. Nothing has been saved – "
    "check the latest version below, then try again."
)
RAG_REQUIRED = "Select a RAG rating"
RAG_REASON_REQUIRED = "Enter why the RAG rating is changing"
INFO_QUESTION_REQUIRED = "Enter what you would like the agency to tell you"
INFO_ORG_REQUIRED = "Choose the agency to ask"
INFO_PRACTITIONER_ORG = "That practitioner does not work for the agency you chose"
INFO_ANSWER_REQUIRED = "Enter what your agency knows – or that it knows nothing about them"
INFO_NOT_OPEN = "This request has already been answered or withdrawn"
RESUME_REASON_REQUIRED = "Enter why you are deciding without waiting for the answers"
LEVEL_REQUIRED = "Select the level on the continuum of need"
RATIONALE_REQUIRED = "Enter the rationale for the decision"
OUTCOME_DECISION_REQUIRED = "Select the outcome"
FEEDBACK_REQUIRED = "Enter what the referrer will be told"
SOURCE_REQUIRED = "Select the referral source (CIN census code)"
SOURCE_UNKNOWN = "Select a referral source from the list"
NEED_REQUIRED = "Select the primary need code – a referral to children's social care needs one"
NEED_UNKNOWN = "Select a primary need code from the list"
LOCALITY_REQUIRED = "Select the family's locality so early help can be routed"
TEAM_REQUIRED = "No routing rule matches: choose the team and say why"
OVERRIDE_REASON_REQUIRED = "Enter why the family is going to a different team from the rules"
OVERRIDE_NOT_MANAGER = "Only a front-door manager can send a family to a different team"
SIGN_OFF_NOT_PENDING = "This decision is not waiting for sign-off"
SIGN_OFF_NOTE_REQUIRED = "Enter why you are returning the decision"
SIGN_OFF_CHOICE_REQUIRED = "Select whether you agree with the decision"
FAMILY_SEALED = "This family cannot be linked here"
DISSENT_REASON_REQUIRED = "Enter why you disagree with the decision"
DISSENT_NOT_FINAL = "You can disagree once the decision has been made and you have been told it"
DISSENT_ALREADY = "You have already told us you disagree – a manager is looking at it"
RESOLUTION_REQUIRED = "Select the resolution"
RESOLUTION_NOTE_REQUIRED = "Enter the resolution – the partner will be told it"
DISSENT_NOT_OPEN = "This disagreement has already been resolved"

# Early warning
SIGNAL_KIND_UNKNOWN = "Choose a kind of signal from the list"
WARNING_DECISION_REQUIRED = "Select what will happen"
WARNING_REASON_REQUIRED = "Enter the reasons for your decision"
WARNING_NOT_OPEN = "This early warning has already been decided"

# Contact state machine: words for each status, for messages.
STATUS_WORDS = {
    "received": "received",
    "screening": "being screened",
    "awaiting_info": "waiting for partner information",
    "decided": "decided",
    "closed": "closed",
}
BAD_TRANSITION = "A contact that is {from_} cannot be {to}"
TRANSITION_VERBS = {
    "received": "received again",
    "screening": "screened",
    "awaiting_info": "sent for partner information",
    "decided": "decided",
    "closed": "closed",
}

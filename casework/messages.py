"""The messages casework's rules give, shared by the actions, the error summary and the tests."""

NOT_A_CHILD_OF_FAMILY = "Choose a child who is a current member of this family"
DATE_IN_FUTURE = "{label} must be today or in the past"
DATE_BEFORE_REFERRAL = "{label} must be on or after the referral date ({referral})"
DATE_AFTER_DEATH = "{label} must not be after the child's date of death ({died})"
DATE_BEFORE_BIRTH = "{label} must not be before the child's date of birth"
REQUIRED = "Enter {label}"
BAD_CODE = "Choose a {label} from the list"
OPEN_EPISODE_EXISTS = "{child} already has an open {kind} episode (since {since})"
CP_NEEDS_CIN = (
    "A child protection episode sits within a child in need episode: record the referral for "
    "{child} first"
)
STEP_NOT_ALLOWED = "‘{step}’ is not possible while the episode is at ‘{state}’"
STEP_UNKNOWN = "That step does not exist for this kind of episode"
CP_PLAN_ON_ICPC = "A child protection plan must start on the date of the initial conference"
NO_CIN_PLAN_WITH_CP = (
    "{child} is on a child protection plan: a child in need plan cannot run alongside it"
)
NO_CP_PLAN_WITH_CIN = (
    "{child} has a child in need plan running: end it (on or before the conference date) "
    "before the child protection plan starts"
)
CP_PLAN_SAME_DAY = "A child protection plan cannot start and end on the same day"
CP_REVIEW_AFTER_START = "The review conference must be after the plan started ({start})"
CLOSURE_NEEDS_REASON = "A closure date needs a reason for closure"
CLOSURE_NEEDS_DATE = "A reason for closure needs a closure date"
RC8_RC9_NEED_ASSESSMENT = "RC8 and RC9 are only for episodes closed after an assessment"
RC8_RC9_AFTER_PLAN = (
    "RC8 and RC9 are only for episodes closed straight after the assessment: this one had a "
    "child in need plan or child protection work, so choose another reason (for example RC7)"
)
FACTOR_21_ALONE = "‘No factors identified’ (21) cannot be chosen with other factors"
FACTOR_21_CLOSURE = "The assessment found no factors (21), so the closure reason must be RC8 or RC9"
FACTORS_REQUIRED = "Choose the factors identified at assessment, or ‘No factors identified’ (21)"
ASSESSMENT_LATE_REASON = (
    "The assessment is authorised after its due date ({due}): record why it took longer"
)
DATE_ORDER = "{label} must be on or after {other_label} ({other})"
STALE_EPISODE = (
    "Someone else changed this episode while you were working on it. Nothing has been saved: "
    "check the episode as it is now and try again."
)
STALE_PLAN = (
    "Someone else changed the family plan while you were editing. Your changes have not been "
    "saved – they are shown below beside the latest version."
)
STALE_ASSESSMENT = (
    "Someone else saved this assessment while you were editing. Your changes have not been "
    "saved – they are shown below beside the latest version."
)
STALE_NOTE = (
    "Someone else changed this case note while you were editing. Your text has not been saved "
    "– it is shown below beside the latest version."
)
COVER_IS_LEAD = "Choose a different person to cover for the lead practitioner"
HANDOVER_NEEDS = "Enter {label} for the handover"
ABSENCE_ENDS_BEFORE = "The last day of absence must be on or after the first day"
SEEN_ALONE_CHILD = "Only children can be recorded as seen alone"
NOT_FAMILY_MEMBER = "Choose someone who is a member of this family"
ONE_OWNER = "Choose either an agency or a family member to own the action, not both"
SCORE_RANGE = "Scores go from 0 (not at all) to 10 (fully met)"
PLAN_EXISTS = "The family already has a plan: change it instead"
NO_PLAN = "Agree the family plan first"
ASSESSMENT_INCOMPLETE = "Before completing the assessment, record {missing}"
ALREADY_AUTHORISED = "This assessment has already been authorised"
NOT_COMPLETED = "The assessment must be completed before a manager authorises it"
STEP_DOWN_FROM_CP = (
    "{child} is subject to a child protection plan: step down to early help goes through a "
    "child in need plan first"
)
STEP_DOWN_NEEDS_CIN = "Choose the open child in need episodes that are stepping down"
STEP_DOWN_AT_ASSESSMENT = (
    "A step-down at assessment closure (RC9) needs an authorised assessment for each child"
)
STEP_DOWN_AFTER_PLAN = (
    "{child}'s episode had a child in need plan or child protection work, so it did not close "
    "at assessment (RC9): record the step-down as agreed at a child in need review"
)
STEP_DOWN_SELF = "The receiving lead practitioner must be someone other than you"
STEP_DOWN_DECIDED = "This step-down has already been decided"
CONSENT_BY_ADULT = "Choose the parent or carer (or the young person) who consented"
STEP_UP_NEEDS_CHILD = "Choose the children the step-up is about"
STEP_UP_RISK = "Say whether a child is at immediate risk of significant harm"
STEP_UP_DISCLOSURE = "Say whether a child has disclosed harm"
STEP_UP_NO_EPISODE = (
    "The family has no open early help episode: open one, or enter why you are stepping up "
    "without one (for example, a new worry found on a first visit)"
)
ATTAINMENT_RANGE = (
    "Goal attainment scores go from −2 (much less than expected) to +2 (much more than expected)"
)
BAD_SCALE = "Choose how the goal will be scored"
SERVICE_NOT_ACTIVE = "Choose a service the hub runs now"
# Section 47 enquiries, MACPTs and the lead child protection practitioner (CA 2004 s16EA)
LCPP_REQUIRED = (
    "Name the lead child protection practitioner: every child protection case has one once a "
    "conference or plan is recorded"
)
LCPP_NOT_SOCIAL_WORKER = "The lead child protection practitioner must be a social worker"
LCPP_SAME = "{name} is already the lead child protection practitioner"
NOT_OPEN_CP = "Only an open child protection episode has a section 47 enquiry"
MACPT_INCOMPLETE = (
    "{team} is not complete: no member sits in the seat for {missing}. Allocate the enquiry to "
    "a complete team"
)
MACPT_ALREADY = "The section 47 enquiry is already allocated to {team}"
MACPT_REQUIRED = "Choose the multi-agency child protection team"

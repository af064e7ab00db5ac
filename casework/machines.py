"""The episode state machines of shared/docs/domain.md §3.3–3.7, as tables.

Each transition names the states it leaves from, the state it goes to, who may make it (a
duty: casework.policy says which roles hold it, and whether the family's lead practitioner
does) and the data it needs. casework.actions.episode_transition applies a row of these tables
and nothing else, so a test can walk every allowed and every refused step from the tables."""

from __future__ import annotations

from dataclasses import dataclass, field

# States -------------------------------------------------------------------------------------

EH_STATES = {
    "requested": "Requested",
    "consent_pending": "Asking the family for consent",
    "allocated": "Lead practitioner allocated",
    "assessing": "Whole-family assessment under way",
    "planned": "Family plan in place",
    "reviewing": "Reviewing the plan",
    "stepped_up": "Stepped up to children's social care",
    "closed": "Closed",
}
CIN_STATES = {
    "referral_open": "Referral open",
    "assessment": "Child and family assessment under way",
    "assessed": "Assessment authorised",
    "cin_plan": "Child in need plan",
    "closed": "Closed",
}
CP_STATES = {
    "strategy_discussion": "Strategy discussion held",
    "s47_enquiry": "Section 47 enquiry",
    "icpc_scheduled": "Initial conference arranged",
    "cp_plan": "Child protection plan",
    "closed": "Closed",
}
STATES = {"EH": EH_STATES, "CIN": CIN_STATES, "CP": CP_STATES}
INITIAL = {"EH": "requested", "CIN": "referral_open", "CP": "strategy_discussion"}
CLOSED = "closed"

# Early help closure reasons (Stockport; SSD earl_episode_end_reason) – local, not census.
EH_CLOSURE_REASONS = [
    ("needs_met", "Needs met: outcomes achieved"),
    ("step_up", "Stepped up to children's social care"),
    ("consent_withdrawn", "The family withdrew consent"),
    ("consent_declined", "The family did not consent"),
    ("moved_away", "Moved out of the area"),
    ("disengaged", "The family stopped engaging"),
    ("other", "Other"),
]
CP_CLOSURE_REASONS = [
    ("no_s47", "Strategy discussion: no section 47 enquiry"),
    ("s47_no_icpc", "Section 47 enquiry: no conference needed"),
    ("icpc_no_plan", "Initial conference: no child protection plan"),
    ("plan_ended", "Child protection plan ended"),
]

# Who may take each step, named by duty; casework.policy.STEP_DUTIES says which roles hold
# each duty ("the lead" is the family's current lead practitioner, whatever their agency).
SW = "social_work"
TM = "management"
EH = "early_help"
# Who may open an episode of each kind.
OPEN_DUTIES = {"EH": EH, "CIN": "cin_opening", "CP": SW}


@dataclass(frozen=True)
class Transition:
    kind: str
    event: str
    label: str
    sources: frozenset[str]
    target: str
    duty: str
    requires: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    closure_reason: str = ""  # set automatically when the transition closes the episode
    hint: str = ""
    sets: dict = field(default_factory=dict)


def _t(kind, event, label, sources, target, duty, requires=(), optional=(), **kw):
    return Transition(
        kind,
        event,
        label,
        frozenset([sources] if isinstance(sources, str) else sources),
        target,
        duty,
        tuple(requires),
        tuple(optional),
        **kw,
    )


# The steps that record a conference or a plan: each needs the lead child protection
# practitioner (the episode's, or one the step names), an optional field on the step's form.
LCPP = ("lead_cp_practitioner",)
LCPP_EVENTS = frozenset(
    {"schedule_icpc", "icpc_no_plan", "icpc_plan", "rcpc_continue", "rcpc_end_plan"}
)

# fmt: off
_EH_OPEN = ("requested", "consent_pending", "allocated", "assessing", "planned", "reviewing")
TRANSITIONS: tuple[Transition, ...] = (
    # --- Early help (§3.3) --------------------------------------------------------------------
    _t("EH", "seek_consent", "Ask the family for consent", "requested", "consent_pending",
       EH),
    _t("EH", "consent_declined", "Record that the family did not consent", "consent_pending",
       "closed", EH, ["closed_on"], closure_reason="consent_declined"),
    _t("EH", "consent_given", "Record consent and allocate the lead practitioner",
       "consent_pending", "allocated", EH, ["consent_given_on", "allocated_to"]),
    _t("EH", "start_assessment", "Start the whole-family assessment", "allocated", "assessing",
       EH, ["assessment_started_on"]),
    _t("EH", "complete_assessment", "Complete the assessment and agree the plan", "assessing",
       "planned", EH, ["assessment_completed_on", "plan_started_on"]),
    _t("EH", "start_review", "Start a review of the plan", "planned", "reviewing", EH),
    _t("EH", "continue_plan", "Review done: carry on with the plan", "reviewing", "planned",
       EH),
    _t("EH", "close_needs_met", "Review done: close, needs met", "reviewing", "closed",
       EH, ["closed_on"], closure_reason="needs_met"),
    _t("EH", "step_up", "Step up to children's social care",
       ("allocated", "assessing", "planned", "reviewing"), "stepped_up", EH),
    _t("EH", "resume", "Children's social care did not take it on: carry on", "stepped_up",
       "planned", EH),
    _t("EH", "close", "Close the early help episode", (*_EH_OPEN, "stepped_up"), "closed",
       EH, ["closed_on", "eh_closure_reason"]),
    # --- Child in need (§3.4, §3.6, §3.7) -----------------------------------------------------
    _t("CIN", "nfa_at_referral", "No further action at referral", "referral_open", "closed", TM,
       ["closed_on", "closure_reason"], sets={"referral_nfa": True}),
    _t("CIN", "start_assessment", "Start the child and family assessment", "referral_open",
       "assessment", SW, ["assessment_started_on"]),
    _t("CIN", "authorise_assessment", "Authorise the assessment", "assessment", "assessed", TM,
       ["assessment_authorised_on", "assessment_factors"], ["assessment_late_reason"],
       hint="A manager authorises the assessment. Record the factors identified."),
    _t("CIN", "start_cin_plan", "Start a child in need plan", "assessed", "cin_plan", SW,
       ["cin_plan_started_on"]),
    _t("CIN", "end_cin_plan", "End the child in need plan", "cin_plan", "assessed", SW,
       ["cin_plan_ended_on"]),
    _t("CIN", "close", "Close the child in need episode", ("assessment", "assessed", "cin_plan"),
       "closed", SW, ["closed_on", "closure_reason"]),
    # --- Child protection (§3.5) --------------------------------------------------------------
    _t("CP", "no_s47", "Strategy discussion: no section 47 enquiry", "strategy_discussion",
       "closed", SW, ["closed_on"], closure_reason="no_s47"),
    _t("CP", "start_s47", "Start the section 47 enquiry", "strategy_discussion", "s47_enquiry",
       SW, ["s47_started_on"]),
    _t("CP", "s47_no_conference", "Section 47 outcome: no conference needed", "s47_enquiry",
       "closed", TM, ["s47_ended_on"], closure_reason="s47_no_icpc",
       sets={"icpc_not_required": True}),
    _t("CP", "schedule_icpc", "Section 47 outcome: arrange an initial conference",
       "s47_enquiry", "icpc_scheduled", SW, ["s47_ended_on", "icpc_planned_on"], LCPP),
    _t("CP", "icpc_no_plan", "Initial conference held: no plan", "icpc_scheduled", "closed", SW,
       ["icpc_on"], LCPP, closure_reason="icpc_no_plan"),
    _t("CP", "icpc_plan", "Initial conference held: child protection plan", "icpc_scheduled",
       "cp_plan", SW, ["icpc_on", "cp_plan_started_on", "cp_category_initial"], LCPP,
       hint="The plan starts on the date of the initial conference."),
    _t("CP", "rcpc_continue", "Review conference held: plan continues", "cp_plan", "cp_plan",
       SW, ["rcpc_on"], ["cp_category_latest", *LCPP]),
    _t("CP", "rcpc_end_plan", "Review conference held: plan ends", "cp_plan", "closed", SW,
       ["rcpc_on", "cp_plan_ended_on"], LCPP, closure_reason="plan_ended"),
)
# fmt: on

BY_KEY = {(t.kind, t.event): t for t in TRANSITIONS}

# The date a transition is "on" (for the transition record and the chronology).
DATE_FIELDS = (
    "closed_on",
    "consent_given_on",
    "assessment_started_on",
    "assessment_completed_on",
    "assessment_authorised_on",
    "plan_started_on",
    "cin_plan_started_on",
    "cin_plan_ended_on",
    "s47_started_on",
    "s47_ended_on",
    "icpc_planned_on",
    "icpc_on",
    "cp_plan_started_on",
    "cp_plan_ended_on",
    "rcpc_on",
)


def transition(kind: str, event: str) -> Transition | None:
    return BY_KEY.get((kind, event))


def available(kind: str, state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.kind == kind and state in t.sources]


def state_label(kind: str, state: str) -> str:
    return STATES.get(kind, {}).get(state, state)


def closure_label(code: str) -> str:
    import codelists

    for options in (EH_CLOSURE_REASONS, CP_CLOSURE_REASONS):
        for value, label in options:
            if value == code:
                return label
    return f"{code}: {codelists.label('closure_reason', code)}" if code else ""

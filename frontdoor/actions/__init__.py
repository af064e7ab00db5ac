"""Writes at the front door. Every public action: keyword-only, `by` is the acting user (or a
named system process), checks the policy, validates, writes, records the audit event, the
family's chronology and any notice, all in one transaction."""

from .concerns import (
    concern_delete_draft,
    concern_problems,
    concern_save_what,
    concern_save_who,
    concern_submit,
    what_problems,
    who_problems,
)
from .consultations import (
    consultation_cancel,
    consultation_record_outcome,
    consultation_request,
    duty_slot_add,
    duty_slot_cancel,
    embedded_social_worker_for,
    embedded_social_workers,
)
from .contacts import (
    contact_link_family,
    contact_resume_screening,
    contact_set_rag,
    contact_start_screening,
    info_request_answer,
    info_request_send,
)
from .decisions import (
    decision_record,
    decision_sign_off,
    dissent_raise,
    dissent_resolve,
    proposed_route,
)
from .early_warning import (
    early_warning_decide,
    evaluate_family,
    rule_fires,
    signal_record,
    signal_record_attendance,
)

__all__ = [
    "concern_delete_draft",
    "concern_problems",
    "concern_save_what",
    "concern_save_who",
    "concern_submit",
    "consultation_cancel",
    "consultation_record_outcome",
    "consultation_request",
    "contact_link_family",
    "contact_resume_screening",
    "contact_set_rag",
    "contact_start_screening",
    "decision_record",
    "decision_sign_off",
    "dissent_raise",
    "dissent_resolve",
    "duty_slot_add",
    "duty_slot_cancel",
    "early_warning_decide",
    "embedded_social_worker_for",
    "embedded_social_workers",
    "evaluate_family",
    "info_request_answer",
    "info_request_send",
    "proposed_route",
    "rule_fires",
    "signal_record",
    "signal_record_attendance",
    "what_problems",
    "who_problems",
]

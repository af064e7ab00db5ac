"""Writes for working with the family. Every action: keyword-only, `by` is the acting user (or a
named system process for the daily reminders), checks its app's policy, validates, writes, records
the audit event and the chronology entry, all in one transaction.

One module per part of the work; `from casework import actions; actions.X` is the public way in."""

from ._common import FIELD_LABELS, SYSTEM
from .assessment import (
    ASSESSMENT_FIELDS,
    assessment_authorise,
    assessment_save,
    assessment_start,
)
from .drafts import draft_discard, draft_save
from .episodes import (
    episode_allocate,
    episode_mark_looked_after,
    episode_open,
    episode_transition,
    is_re_referral,
)
from .lead import absence_cancel, absence_record, lead_assign
from .meetings import meeting_record
from .notes import case_note_add, case_note_update
from .plan import (
    PLAN_FIELDS,
    current_plan,
    goal_add,
    plan_action_add,
    plan_action_set_status,
    plan_create,
    plan_update,
)
from .protection import lcpp_assign, s47_allocate
from .reminders import models_q_team, reminders_send
from .steps import step_down_accept, step_down_decline, step_down_propose, step_up

__all__ = [
    "ASSESSMENT_FIELDS",
    "FIELD_LABELS",
    "PLAN_FIELDS",
    "SYSTEM",
    "absence_cancel",
    "absence_record",
    "assessment_authorise",
    "assessment_save",
    "assessment_start",
    "case_note_add",
    "case_note_update",
    "current_plan",
    "draft_discard",
    "draft_save",
    "episode_allocate",
    "episode_mark_looked_after",
    "episode_open",
    "episode_transition",
    "goal_add",
    "is_re_referral",
    "lcpp_assign",
    "lead_assign",
    "meeting_record",
    "models_q_team",
    "plan_action_add",
    "plan_action_set_status",
    "plan_create",
    "plan_update",
    "reminders_send",
    "s47_allocate",
    "step_down_accept",
    "step_down_decline",
    "step_down_propose",
    "step_up",
]

"""Family hub writes: connection requests, sessions (creating, editing and cancelling them;
enrolment, waiting lists, offers, registers) and self-referrals from the public page."""

from .connections import connection_request_decide, connection_request_send
from .running import Schedule, session_cancel, session_create, session_update
from .self_referrals import (
    self_referral_decline,
    self_referral_enrol,
    self_referral_receive,
)
from .sessions import enrol, lapse_offers, mark_attendance, offer_answer, withdraw

__all__ = [
    "Schedule",
    "connection_request_decide",
    "connection_request_send",
    "enrol",
    "lapse_offers",
    "mark_attendance",
    "offer_answer",
    "self_referral_decline",
    "self_referral_enrol",
    "self_referral_receive",
    "session_cancel",
    "session_create",
    "session_update",
    "withdraw",
]

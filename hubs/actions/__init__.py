"""Family hub writes: connection requests, and sessions (enrolment, waiting lists, offers,
registers)."""

from .connections import connection_request_decide, connection_request_send
from .sessions import enrol, lapse_offers, mark_attendance, offer_answer, withdraw

__all__ = [
    "connection_request_decide",
    "connection_request_send",
    "enrol",
    "lapse_offers",
    "mark_attendance",
    "offer_answer",
    "withdraw",
]

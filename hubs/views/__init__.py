from .directory import (
    connection_request,
    connection_request_new,
    directory_search,
    directory_service,
    feed_import,
    public_hub,
    public_hubs,
    services,
)
from .reach import reach, reach_download
from .running import session_cancel, session_edit, session_new
from .self_referrals import ask, asked, self_referral, self_referrals
from .sessions import (
    enrol,
    enrolment_change,
    register,
    register_finish,
    register_marks,
    session_detail,
    sessions,
)

__all__ = [
    "ask",
    "reach",
    "reach_download",
    "asked",
    "self_referral",
    "self_referrals",
    "session_cancel",
    "session_edit",
    "session_new",
    "connection_request",
    "connection_request_new",
    "directory_search",
    "directory_service",
    "feed_import",
    "enrol",
    "enrolment_change",
    "public_hub",
    "public_hubs",
    "register",
    "register_finish",
    "register_marks",
    "services",
    "session_detail",
    "sessions",
]

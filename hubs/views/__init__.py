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

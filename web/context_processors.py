from django.conf import settings

from access import registry
from access.principals import principal_for
from notices import queries as notice_queries


def familyhub(request):
    principal = principal_for(getattr(request, "user", None))
    return {
        "principal": principal,
        "is_demo": settings.FAMILYHUB["DEMO"],
        "partnership_name": settings.FAMILYHUB["PARTNERSHIP_NAME"],
        "unread_notices": notice_queries.unread_count(getattr(request, "user", None)),
        # Navigation only (the views and queries enforce access): each app registers what a
        # principal may do at all from its policy module (access.registry.register_capability),
        # e.g. can_use_register, can_raise_concern, is_front_door, can_link_data.
        **registry.capabilities(principal),
    }

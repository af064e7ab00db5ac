from django.conf import settings

from access import policy
from notices import queries as notice_queries
from sharing import policy as sharing_policy


def familyhub(request):
    principal = policy.principal_for(getattr(request, "user", None))
    return {
        "principal": principal,
        "is_demo": settings.FAMILYHUB["DEMO"],
        "partnership_name": settings.FAMILYHUB["PARTNERSHIP_NAME"],
        "can_use_register": policy.can_use_register(principal),
        "can_view_audit": policy.can_view_audit(principal),
        "can_create_family": policy.can_create_family(principal),
        "sees_partner_notifications": sharing_policy.can_view_partner_notifications(principal),
        "can_review_break_glass": policy.can_review_break_glass(principal),
        "can_manage_access_list": policy.can_manage_access_list(principal),
        "can_manage_agreements": policy.can_manage_agreements(principal),
        "unread_notices": notice_queries.unread_count(getattr(request, "user", None)),
        # Front door (issue 4): navigation only; the views and queries enforce access.
        "can_raise_concern": policy.can_raise_concern(principal),
        "is_front_door": policy.is_front_door(principal),
        "can_view_early_warnings": policy.can_view_early_warnings(principal),
        "can_link_data": policy.can_link_data(principal),  # linkage (issue 7)
    }

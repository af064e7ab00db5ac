from django.utils import timezone

import audit
from access.doorway import action
from audit.models import Verb
from familyhub import errors, links

from .models import Notice


def notify(
    *, recipient, subject: str, body: str = "", link: str = "", kind: str = "", family=None
) -> Notice:
    """Send a notice. Call inside the action that decided something, so they commit together."""
    if link and not (link.startswith("/") or links.is_ref(link)):
        raise errors.RuleViolation("A notice links inside FamilyHub only")
    return Notice.objects.create(
        recipient=recipient,
        subject=subject[:200],
        body=body,
        link=link,
        kind=kind,
        family_id=family.pk if family is not None else None,
    )


@action
def notice_mark_read(*, by, notice: Notice) -> Notice:
    if notice.recipient_id != by.user_id:
        raise errors.NotPermitted("Not your notice")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        audit.record(by, Verb.VIEW, notice, reason="notice read")
    return notice

from django.db.models import QuerySet
from django.http import Http404

from .models import Notice


def notices_for(user) -> QuerySet[Notice]:
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    return notices_for(user).filter(read_at__isnull=True).count()


def get_notice_for(user, pk) -> Notice:
    notice = notices_for(user).filter(pk=pk).first() if str(pk).isdecimal() else None
    if notice is None:
        raise Http404("No notice")
    return notice

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from access.principals import principal_for
from people.identifiers import nhs_number
from people.models import Family, Person
from people.policy import (
    _open_break_glass,
    can_manage_access_list,
    can_review_break_glass,
    is_break_glass_access,
)

from .models import BreakGlass, BreakGlassReview, RecordAccessGrant


def find_family_by_identifier(identifier: str) -> Family | None:
    """Exact look-up for break-glass and access lists: family reference, LA child ID or NHS
    number. Never fuzzy: emergency access is for a record you can name precisely."""
    value = (identifier or "").strip().upper()
    if not value:
        return None
    family = Family.objects.filter(reference=value).first()
    if family:
        return family
    person = Person.objects.filter(la_child_id=value).first()
    if person is None and nhs_number.is_valid(value):
        person = Person.objects.filter(nhs_number=nhs_number.normalise(value)).first()
    if person is None:
        return None
    membership = person.memberships.filter(left_on__isnull=True).select_related("family").first()
    return membership.family if membership else None


def break_glass_queue(user) -> QuerySet[BreakGlass]:
    if not can_review_break_glass(user):
        raise Http404("Not found")
    qs = BreakGlass.objects.select_related(
        "family", "practitioner__user", "practitioner__organisation", "reviewed_by"
    )
    p = principal_for(user)
    if p.role != "ig_officer":  # managers review their own teams' break-glass
        qs = qs.filter(practitioner__team_id__in=p.managed_team_ids)
    return qs.exclude(practitioner__user=user)


def get_break_glass_for_review(user, pk) -> BreakGlass:
    glass = (
        break_glass_queue(user).filter(pk=pk, review=BreakGlassReview.PENDING).first()
        if str(pk).isdecimal()
        else None
    )
    if glass is None:
        raise Http404("Not found")
    return glass


def open_break_glass_for(user, family) -> BreakGlass | None:
    if not is_break_glass_access(user, family):
        return None
    p = principal_for(user)
    return _open_break_glass(p).filter(family=family).order_by("-expires_at").first()


def access_list(user, family) -> QuerySet[RecordAccessGrant]:
    if not can_manage_access_list(user):
        raise Http404("Not found")
    return RecordAccessGrant.objects.filter(family=family, revoked_at__isnull=True).select_related(
        "practitioner__user", "practitioner__organisation", "granted_by"
    )


def practitioners_for_access_list(user):
    from organisations.models import Practitioner

    if not can_manage_access_list(user):
        raise Http404("Not found")
    return Practitioner.objects.select_related("user", "organisation")

"""The rules still here while they move to their apps (issue 11), and a shim for the rest.

Every record type's rules now live with the record, in its app's policy.py, and each app
registers them with the access registry (access.registry) from its AppConfig.ready:
people.policy (families, people, sections, merge), casework.policy, frontdoor.policy,
sharing.policy, linkage.policy, organisations.policy (role sets, absences). The visibility
filters below move last (they are being rewritten for speed); the names at the end of this
module are re-exported, lazily, from their new homes so untouched callers keep working until
they import from the owning app.
"""

from __future__ import annotations

import importlib

from django.db.models import Q

from organisations.policy import CASE_ROLES, EDIT_ROLES

from .principals import (  # noqa: F401  (re-exported while the rules move to their apps)
    ANONYMOUS,
    Principal,
    PrincipalKind,
    Purpose,
    principal_for,
)


def _as_principal(actor) -> Principal:
    return principal_for(actor)


# --- Families -------------------------------------------------------------------------------
# A practitioner sees a family while they or their team are involved (plus a configurable
# grace period after the involvement ends). A sealed family (is_restricted) is seen only by its
# named access list. An open break-glass gives time-limited sight (never of a sealed family,
# never to change it).


def _grace_days() -> int:
    from django.conf import settings

    return int(settings.FAMILYHUB.get("ACCESS_GRACE_DAYS", 0))


def _active_involvement_q(prefix: str) -> Q:
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    since = today - dt.timedelta(days=_grace_days())
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": since})
    )


def _involvement_match_q(p: Principal, prefix: str) -> Q:
    """Involvements that give this principal sight of a family."""
    q = Q(**{f"{prefix}practitioner_id": p.practitioner_id})
    teams = p.team_ids | p.managed_team_ids
    if teams:
        q |= Q(**{f"{prefix}team_id__in": sorted(teams)})
    return q


def _involved(p: Principal):
    from organisations.models import Involvement

    return Involvement.objects.filter(_active_involvement_q("") & _involvement_match_q(p, ""))


def _grants(p: Principal):
    from access.models import RecordAccessGrant

    return RecordAccessGrant.objects.filter(
        practitioner_id=p.practitioner_id, revoked_at__isnull=True
    )


def _open_break_glass(p: Principal):
    from django.utils import timezone

    from access.models import BreakGlass

    return BreakGlass.objects.filter(
        practitioner_id=p.practitioner_id, expires_at__gt=timezone.now()
    )


# The principal's grants, answered once per request (Principal.remember): the named access
# lists it is on and its open break-glasses are a handful of families, read once and then
# written into every filter as literals; involvements may be thousands (a manager over several
# teams), so the filters keep them as an indexed sub-select instead.


def _granted_family_ids(p: Principal) -> frozenset[int]:
    if p.practitioner_id is None:
        return frozenset()
    return p.remember(
        ("granted_family_ids",),
        lambda: frozenset(_grants(p).values_list("family_id", flat=True)),
    )


def _break_glass_family_ids(p: Principal) -> frozenset[int]:
    if p.practitioner_id is None:
        return frozenset()
    return p.remember(
        ("break_glass_family_ids",),
        lambda: frozenset(_open_break_glass(p).values_list("family_id", flat=True)),
    )


def _is_involved(p: Principal, family_id) -> bool:
    if p.practitioner_id is None:
        return False
    return p.remember(
        ("involved", family_id),
        lambda: _involved(p).filter(family_id=family_id).exists(),
    )


def _visible_family_ids(p: Principal, purpose: Purpose):
    """The ids of the families this principal may see, as a sub-select that plans as index
    look-ups from the principal's side (a UNION of small arms: their own involvements, their
    teams', their access lists, their break-glasses), never as a scan of the families or the
    people: no OR across a sub-select. None when there is nothing to see."""
    from organisations.models import Involvement
    from people.models import Family

    active = Involvement.objects.filter(_active_involvement_q(""), family__is_restricted=False)
    arms = []
    if p.practitioner_id is not None:
        arms.append(active.filter(practitioner_id=p.practitioner_id))
    teams = p.team_ids | p.managed_team_ids
    if teams:
        arms.append(active.filter(team_id__in=sorted(teams)))
    arms = [arm.order_by().values("family_id") for arm in arms]
    families = Family.objects.order_by()
    granted = _granted_family_ids(p)
    if granted:
        arms.append(families.filter(pk__in=sorted(granted), is_restricted=True).values("pk"))
    glass = _break_glass_family_ids(p) if purpose == Purpose.VIEW else frozenset()
    if glass:
        arms.append(families.filter(pk__in=sorted(glass), is_restricted=False).values("pk"))
    if not arms:
        return None
    return arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0]


def _family_rule_applies(p: Principal, purpose: Purpose) -> bool:
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    return purpose != Purpose.EDIT or p.role in EDIT_ROLES


def visible_family_ids(actor, purpose: Purpose = Purpose.VIEW):
    """A sub-select of the ids of the families this principal may see (or edit), for
    `family_id__in=`; None when they see none."""
    p = _as_principal(actor)
    if not _family_rule_applies(p, purpose):
        return None
    return _visible_family_ids(p, purpose)


def family_visibility_q(actor, purpose: Purpose = Purpose.VIEW) -> Q:
    """Filter for Family querysets: the families this principal may see (or edit)."""
    ids = visible_family_ids(actor, purpose)
    return Q(pk__in=[]) if ids is None else Q(pk__in=ids)


def can_view_family(actor, family, purpose: Purpose = Purpose.VIEW) -> bool:
    p = _as_principal(actor)
    if not _family_rule_applies(p, purpose):
        return False
    if family.is_restricted:
        return family.pk in _granted_family_ids(p)
    if _is_involved(p, family.pk):
        return True
    return purpose == Purpose.VIEW and family.pk in _break_glass_family_ids(p)


def is_break_glass_access(actor, family) -> bool:
    """True when the only reason this principal sees the family is an open break-glass."""
    p = _as_principal(actor)
    if not p.is_practitioner or family.is_restricted:
        return False
    if _is_involved(p, family.pk):
        return False
    return family.pk in _break_glass_family_ids(p)


# --- People ---------------------------------------------------------------------------------
# People are seen through the families they belong to. A restricted person (e.g. a high-profile
# person, a staff member) is seen only by those on the named access list of one of their
# families.


def _visible_person_ids(p: Principal):
    """The ids of the people this principal may see, as a sub-select driven from the visible
    families (their memberships, by the indexed family_id), never a scan of the people: a
    UNION of the unrestricted members, the restricted members on one of the principal's access
    lists, and the records merged into either. None when there is nothing to see."""
    from people.models import Membership, Person

    families = _visible_family_ids(p, Purpose.VIEW)
    if families is None:
        return None
    members = Membership.objects.filter(family_id__in=families).order_by()
    arms = [members.filter(person__is_restricted=False).values("person_id")]
    granted = _granted_family_ids(p)
    if granted:
        on_list = Membership.objects.filter(family_id__in=sorted(granted)).values("person_id")
        arms.append(
            members.filter(person__is_restricted=True, person_id__in=on_list).values("person_id")
        )
    seen = arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0]
    # A record merged into another (people.merge) is seen by whoever sees the one it was
    # merged into (its memberships moved there); lists hide it (people.queries).
    merged = (
        Person.objects.filter(merged_into__isnull=False, merged_into_id__in=seen)
        .order_by()
        .values("pk")
    )
    return seen.union(merged)


def visible_person_ids(actor):
    """A sub-select of the ids of the people this principal may see, for `person_id__in=`;
    None when they see none."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return None
    return _visible_person_ids(p)


def person_visibility_q(actor) -> Q:
    ids = visible_person_ids(actor)
    return Q(pk__in=[]) if ids is None else Q(pk__in=ids)


def _on_access_list_for(p: Principal, person) -> bool:
    from people.models import Membership

    granted = _granted_family_ids(p)
    if not granted:
        return False
    return Membership.objects.filter(person=person, family_id__in=sorted(granted)).exists()


def _sealed_ok_for(p: Principal, person) -> bool:
    """Not sealed, or sealed and the principal is on the access list of every sealed family."""
    from people.models import Family

    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    sealed = Family.objects.filter(memberships__person=person, is_restricted=True)
    return not sealed.exclude(pk__in=sorted(_granted_family_ids(p))).exists()


def casework_visibility_q(actor, prefix: str = "family") -> Q:
    """Filter for casework records (anything with a family): those of families one may see
    (`family_id IN` the visible families' sub-select: an indexed semi-join)."""
    ids = visible_family_ids(actor)
    return Q(pk__in=[]) if ids is None else Q(**{f"{prefix}__in": ids})


def _not_sealed_q(p: Principal, path: str) -> Q:
    """Front-door records about no family, an open family, or a sealed family whose access list
    names the principal: a sealed record is invisible outside its access list, whoever raised or
    works it."""
    granted = sorted(_granted_family_ids(p))
    return (
        Q(**{f"{path}__isnull": True})
        | Q(**{f"{path}__is_restricted": False})
        | Q(**{f"{path}__in": granted})
    )


def _open_to(p: Principal, family) -> bool:
    if family is None or not family.is_restricted:
        return True
    return family.pk in _granted_family_ids(p)


def _linkage_hidden_people(p: Principal):
    """People a linker may not see in the review queue: restricted people and members of
    sealed families, unless the principal is on the access list."""
    from people.models import Membership, Person

    granted = sorted(_granted_family_ids(p))
    sealed = Membership.objects.filter(family__is_restricted=True).exclude(family_id__in=granted)
    granted_people = Membership.objects.filter(family_id__in=granted).values("person_id")
    restricted = Person.objects.filter(is_restricted=True).exclude(pk__in=granted_people)
    return sealed.values("person_id"), restricted.values("pk")


# --- Moved: old name -> new home (resolved on first use, PEP 562) -------------------------

_MOVED = {
    "can_authorise_assessment": "casework.policy",
    "can_correct_case_note": "casework.policy",
    "can_view_partner_notifications": "sharing.policy",
    "CASE_ROLES": "organisations.policy",
    "CREATE_FAMILY_ROLES": "organisations.policy",
    "EDIT_ROLES": "organisations.policy",
    "AUDIT_ROLES": "organisations.policy",
    "can_break_glass": "people.policy",
    "can_review_break_glass": "people.policy",
    "can_manage_access_list": "people.policy",
    "can_edit_family": "people.policy",
    "can_contribute_to_family": "people.policy",
    "can_create_family": "people.policy",
    "PARTNER_SECTIONS": "people.policy",
    "shared_sections": "sharing.policy",
    "can_view_section": "people.policy",
    "HANDOVER_SECTIONS": "people.policy",
    "can_view_handover": "people.policy",
    "can_view_person": "people.policy",
    "_can_view_person": "people.policy",
    "can_edit_person": "people.policy",
    "can_see_confidential_address": "people.policy",
    "MERGE_ROLES": "people.policy",
    "can_merge_people": "people.policy",
    "can_unmerge_people": "people.policy",
    "can_view_audit": "organisations.policy",
    "can_use_register": "people.policy",
    "can_view_sharing": "sharing.policy",
    "can_record_sharing": "sharing.policy",
    "can_manage_agreements": "sharing.policy",
    "can_view_agreements": "sharing.policy",
    "partner_notification_visibility_q": "sharing.policy",
    "can_view_partner_notification": "sharing.policy",
    "can_handle_subject_access": "sharing.policy",
    "can_manage_retention": "sharing.policy",
    "can_record_partner_notification": "sharing.policy",
    "is_lead_practitioner": "casework.policy",
    "can_view_casework": "casework.policy",
    "_works_with": "casework.policy",
    "can_record_casework": "casework.policy",
    "can_add_case_note": "casework.policy",
    "can_view_step_down": "casework.policy",
    "step_down_visibility_q": "casework.policy",
    "can_view_case_note": "casework.policy",
    "_families_sharing": "sharing.policy:families_sharing",
    "case_note_visibility_q": "casework.policy",
    "can_change_episode": "casework.policy",
    "can_view_caseloads": "casework.policy",
    "caseload_q": "casework.policy",
    "can_see_in_caseload": "casework.policy",
    "can_allocate_episode": "casework.policy",
    "can_record_absence": "organisations.policy",
    "absence_manageable_q": "organisations.policy",
    "front_door_team_ids": "frontdoor.policy",
    "is_front_door_manager": "frontdoor.policy",
    "is_front_door": "frontdoor.policy",
    "can_raise_concern": "frontdoor.policy",
    "concern_visibility_q": "frontdoor.policy",
    "can_view_concern": "frontdoor.policy",
    "can_edit_concern": "frontdoor.policy",
    "_routed_contact_teams": "frontdoor.policy",
    "contact_visibility_q": "frontdoor.policy",
    "can_view_contact": "frontdoor.policy",
    "can_work_contact": "frontdoor.policy",
    "referred_contact_q": "frontdoor.policy",
    "is_referrer_of": "frontdoor.policy",
    "can_sign_off_decision": "frontdoor.policy",
    "can_override_routing": "frontdoor.policy",
    "can_raise_dissent": "frontdoor.policy",
    "dissent_visibility_q": "frontdoor.policy",
    "can_view_dissent": "frontdoor.policy",
    "can_resolve_dissent": "frontdoor.policy",
    "can_request_consultation": "frontdoor.policy",
    "consultation_visibility_q": "frontdoor.policy",
    "can_view_consultation": "frontdoor.policy",
    "can_record_consultation": "frontdoor.policy",
    "can_offer_consultations": "frontdoor.policy",
    "info_request_visibility_q": "frontdoor.policy",
    "can_view_info_request": "frontdoor.policy",
    "can_answer_info_request": "frontdoor.policy",
    "early_warning_visibility_q": "frontdoor.policy",
    "can_view_early_warning": "frontdoor.policy",
    "can_decide_early_warning": "frontdoor.policy",
    "can_view_early_warnings": "frontdoor.policy",
    "can_record_signal": "frontdoor.policy",
    "can_view_front_door_metrics": "frontdoor.policy",
    "LINKAGE_ROLES": "linkage.policy",
    "can_link_data": "linkage.policy",
    "review_item_visibility_q": "linkage.policy",
    "can_review_match": "linkage.policy",
}


def __getattr__(name: str):
    target = _MOVED.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr or name)

"""The one place that decides who may see and do what.

Every rule has two shapes that must agree (a matrix test checks this):
- a predicate over one record, e.g. can_view_family(principal, family);
- a filter for querysets, e.g. family_visibility_q(principal).

Callers pass a *principal*: the acting party, resolved from a signed-in user by principal_for().
Practitioners are one kind; family members and partner-API clients are others still to come, and
a kind with no rule here sees nothing (deny by default).
"""

from __future__ import annotations

from django.db.models import Q

from organisations.models import Role

from .principals import (  # noqa: F401  (re-exported while the rules move to their apps)
    ANONYMOUS,
    Principal,
    PrincipalKind,
    Purpose,
    principal_for,
)

# Roles that work directly with families (see, create and edit records they are involved in).
CASE_ROLES = frozenset(
    {
        Role.PARTNER,
        Role.FAMILY_WORKER,
        Role.SOCIAL_WORKER,
        Role.FRONT_DOOR,
        Role.TEAM_MANAGER,
        Role.HUB_COORDINATOR,
    }
)
# Roles that may start a new family record (and become involved with it by doing so).
CREATE_FAMILY_ROLES = frozenset(
    {Role.FAMILY_WORKER, Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER}
)
# Partners may add what they know to families they are involved with, but not restructure them.
EDIT_ROLES = frozenset({Role.FAMILY_WORKER, Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER})
AUDIT_ROLES = frozenset({Role.IG_OFFICER})


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


def can_break_glass(actor, family) -> bool:
    """Anyone in a case role may open an unsealed family in an emergency, with a reason."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES and not family.is_restricted


def can_review_break_glass(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in (Role.IG_OFFICER, Role.TEAM_MANAGER)


def can_manage_access_list(actor) -> bool:
    """Seal a family and keep its named access list: information governance."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_edit_family(actor, family) -> bool:
    """Change the family's structure: members, relationships, involvements, details."""
    return can_view_family(actor, family, Purpose.EDIT)


def can_contribute_to_family(actor, family) -> bool:
    """Add what one knows (e.g. a partner recording their own involvement)."""
    return can_view_family(actor, family)


def can_create_family(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CREATE_FAMILY_ROLES


# --- Sections of a family's record ----------------------------------------------------------
# Practitioners who work for the family's lead agencies (everyone but partners) see every
# section of a family they may see. A partner agency (school, GP, police, …) sees the sections
# every partner needs — who the family are and who is involved (lead worker and cover) — plus
# what is shared with its agency by a sharing decision in force (sharing.SharingRecord), and its
# own contributions (each app filters those). Adults' own needs, case notes, assessments and the
# chronology are not seen by partners unless shared.

PARTNER_SECTIONS = frozenset({"members", "involvements"})


def shared_sections(p: Principal, family) -> set[str]:
    from django.db.models import Q as _Q
    from django.utils import timezone

    from sharing.models import SharingRecord

    records = SharingRecord.objects.filter(
        family=family, decision="shared", recipient_id=p.organisation_id
    ).filter(_Q(expires_on__isnull=True) | _Q(expires_on__gte=timezone.localdate()))
    return {section for record in records for section in record.sections}


def can_view_section(actor, family, section: str) -> bool:
    p = _as_principal(actor)
    if not can_view_family(p, family):
        return False
    if p.role != Role.PARTNER or section in PARTNER_SECTIONS:
        return True
    # A partner who leads the work with the family (a teacher, a health visitor) sees it all.
    return section in shared_sections(p, family) or is_lead_practitioner(p, family)


# What a step up or a step down hands over: the assessment, the plan and the chronology.
HANDOVER_SECTIONS = ("assessment", "plan", "chronology")


def can_view_handover(actor, family) -> bool:
    p = _as_principal(actor)
    return all(can_view_section(p, family, section) for section in HANDOVER_SECTIONS)


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
    merged = Person.objects.filter(merged_into_id__in=seen).order_by().values("pk")
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


def can_view_person(actor, person) -> bool:
    p = _as_principal(actor)
    if person.merged_into_id is not None and _can_view_person(p, person.merged_into):
        return True
    return _can_view_person(p, person)


def _can_view_person(p: Principal, person) -> bool:
    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    return any(can_view_family(p, m.family) for m in person.memberships.select_related("family"))


def can_edit_person(actor, person) -> bool:
    p = _as_principal(actor)
    if person.merged_into_id is not None:  # merged away: change the record it was merged into
        return False
    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    return any(can_edit_family(p, m.family) for m in person.memberships.select_related("family"))


def can_see_confidential_address(actor, person) -> bool:
    """Confidential addresses (e.g. a refuge) are masked everywhere except for the named
    access list of one of the person's families."""
    return _on_access_list_for(_as_principal(actor), person)


# --- Merging the records of one person (people.merge) -------------------------------------
# Data officers and administrators keep the register clean: they may merge any two records
# (they see identities, not case content) except across a sealed record whose access list they
# are not on. A team manager may merge two records they can both see. A restricted record is
# never merged with an unrestricted one (people.merge refuses it with a reason).

MERGE_ROLES = frozenset({Role.DATA_OFFICER, Role.ADMIN, Role.TEAM_MANAGER})


def _sealed_ok_for(p: Principal, person) -> bool:
    """Not sealed, or sealed and the principal is on the access list of every sealed family."""
    from people.models import Family

    if person.is_restricted and not _on_access_list_for(p, person):
        return False
    sealed = Family.objects.filter(memberships__person=person, is_restricted=True)
    return not sealed.exclude(pk__in=sorted(_granted_family_ids(p))).exists()


def can_merge_people(actor, keep, other) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in MERGE_ROLES:
        return False
    for person in (keep, other):
        if not _sealed_ok_for(p, person):
            return False
        if p.role == Role.TEAM_MANAGER and not can_view_person(p, person):
            return False
    return True


def can_unmerge_people(actor, merge) -> bool:
    return can_merge_people(actor, merge.keep, merge.other)


# --- Audit and governance -------------------------------------------------------------------


def can_view_audit(actor) -> bool:
    """Who has looked at a record: information governance, not case content."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in AUDIT_ROLES


def can_use_register(actor) -> bool:
    """Search and 'my families' pages (roles that work with families)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES


# --- Information sharing -------------------------------------------------------------------
# Consent and sharing decisions are part of working with a family: anyone who may see the
# family may see and record them. IG officers see sharing (not case content) for oversight.


def can_view_sharing(actor, family) -> bool:
    p = _as_principal(actor)
    return can_view_family(p, family) or (p.is_practitioner and p.role in AUDIT_ROLES)


def can_record_sharing(actor, family) -> bool:
    """Record consent and sharing decisions: those working with the family, not someone who
    can see it only through break-glass."""
    return can_view_family(actor, family) and not is_break_glass_access(actor, family)


def can_manage_agreements(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in (Role.IG_OFFICER, Role.ADMIN)


def can_view_agreements(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner


def partner_notification_visibility_q(actor) -> Q:
    """Operation Encompass and similar notices: the recipient organisation's designated
    safeguarding leads, and the front door. Nobody else (not by family involvement)."""
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if p.role == Role.FRONT_DOOR:
        return Q()
    if "dsl" in p.designations:
        return Q(recipient_id=p.organisation_id)
    return Q(pk__in=[])


def can_view_partner_notification(actor, notification) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if p.role == Role.FRONT_DOOR:
        return True
    return "dsl" in p.designations and notification.recipient_id == p.organisation_id


def can_handle_subject_access(actor) -> bool:
    """Subject access requests are handled by information governance."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_manage_retention(actor) -> bool:
    """Propose and approve destruction under the retention schedule (two different people)."""
    p = _as_principal(actor)
    return p.is_practitioner and p.role == Role.IG_OFFICER


def can_record_partner_notification(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and (
        p.role == Role.FRONT_DOOR or (p.role == Role.PARTNER and p.organisation_type == "police")
    )


# --- Casework -------------------------------------------------------------------------------
# Episodes, assessments, plans, meetings, case notes and step up/down belong to the family's
# record: whoever may see the family sees them (partners involved too, so the partner view shows
# the lead, cover and plan). Assessments, plans and reviews may be written by the editing roles
# and by the family's lead practitioner from any agency (a teacher or health visitor can lead).
# Episode steps also need the role named in casework.machines' tables ("lead" = the lead).
# Supervision notes are seen only by their author's organisation's editing roles.


def is_lead_practitioner(actor, family) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.practitioner_id is None:
        return False
    from casework.models import LeadArrangement

    return LeadArrangement.objects.filter(
        family=family, ended_on__isnull=True, lead_id=p.practitioner_id
    ).exists()


def can_view_casework(actor, family, section: str | None = None) -> bool:
    if section is not None:
        return can_view_section(actor, family, section)
    return can_view_family(actor, family)


def _works_with(p: Principal, family) -> bool:
    """Sees the family through work with it, not only through an emergency break-glass."""
    return can_view_family(p, family) and not is_break_glass_access(p, family)


def casework_visibility_q(actor, prefix: str = "family") -> Q:
    """Filter for casework records (anything with a family): those of families one may see
    (`family_id IN` the visible families' sub-select: an indexed semi-join)."""
    ids = visible_family_ids(actor)
    return Q(pk__in=[]) if ids is None else Q(**{f"{prefix}__in": ids})


def can_record_casework(actor, family) -> bool:
    p = _as_principal(actor)
    return can_edit_family(p, family) or (
        can_view_family(p, family) and is_lead_practitioner(p, family)
    )


def can_add_case_note(actor, family) -> bool:
    """Anyone working with the family records their own contact with it."""
    return _works_with(_as_principal(actor), family)


def can_view_step_down(actor, step_down) -> bool:
    """Those who see the family's casework, and the practitioner asked to lead (never a sealed
    family's, unless they are on its access list and so see its casework anyway)."""
    p = _as_principal(actor)
    if can_view_casework(p, step_down.family) and can_view_handover(p, step_down.family):
        return True
    return (
        p.is_practitioner
        and p.practitioner_id == step_down.receiving_lead_id
        and not step_down.family.is_restricted
    )


def step_down_visibility_q(actor) -> Q:
    """Filter for StepDown: the same rule as can_view_step_down."""
    p = _as_principal(actor)
    q = casework_visibility_q(p)
    if p.role == Role.PARTNER:  # the handover is seen by a partner who leads the family
        from casework.models import LeadArrangement

        leads = LeadArrangement.objects.filter(lead_id=p.practitioner_id, ended_on__isnull=True)
        q &= Q(family__in=leads.values("family_id"))
    if p.is_practitioner and p.practitioner_id is not None:
        q |= Q(receiving_lead_id=p.practitioner_id, family__is_restricted=False)
    return q


def can_view_case_note(actor, note) -> bool:
    p = _as_principal(actor)
    if not can_view_family(p, note.family):
        return False
    if (
        p.role == Role.PARTNER
        and note.agency_id != p.organisation_id
        and not can_view_section(p, note.family, "case_notes")
    ):
        return False
    if note.kind == "supervision":
        return p.role in EDIT_ROLES and (
            note.author_id == p.user_id or note.agency_id == p.organisation_id
        )
    return True


def _families_sharing(p: Principal, section: str) -> list[int]:
    """Families that have shared `section` with the principal's agency (in force today)."""
    from django.utils import timezone

    from sharing.models import SharingRecord

    rows = (
        SharingRecord.objects.filter(decision="shared", recipient_id=p.organisation_id)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
        .values_list("family_id", "sections")
    )
    return sorted({family_id for family_id, sections in rows if section in sections})


def case_note_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if p.role in EDIT_ROLES:
        private_ok = Q(author_id=p.user_id) | Q(agency_id=p.organisation_id)
    else:
        private_ok = Q(pk__in=[])
    q = casework_visibility_q(p) & (~Q(kind="supervision") | private_ok)
    if p.role == Role.PARTNER:  # a partner's own notes, or notes a family has shared with it
        q &= Q(agency_id=p.organisation_id) | Q(family_id__in=_families_sharing(p, "case_notes"))
    return q


def can_change_episode(actor, family, roles) -> bool:
    """Make an episode step whose table row allows `roles` (Role values and/or "lead")."""
    p = _as_principal(actor)
    if not p.is_practitioner or not _works_with(p, family):
        return False
    if p.role in roles:
        return True
    return "lead" in roles and is_lead_practitioner(p, family)


def can_view_caseloads(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES


def caseload_q(actor) -> Q:
    """Filter for Episode: one's own allocated work, and for a manager the work of the teams
    they manage (allocated or not)."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    q = Q(allocated_to_id=p.practitioner_id)
    if p.role == Role.TEAM_MANAGER and p.managed_team_ids:
        teams = sorted(p.managed_team_ids)
        q |= Q(team_id__in=teams) | Q(allocated_to__team_id__in=teams)
    return q & Q(family__is_restricted=False)


def can_see_in_caseload(actor, episode) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES or episode.family.is_restricted:
        return False
    if episode.allocated_to_id is not None and episode.allocated_to_id == p.practitioner_id:
        return True
    if p.role != Role.TEAM_MANAGER or not p.managed_team_ids:
        return False
    allocated_team = episode.allocated_to.team_id if episode.allocated_to_id else None
    return episode.team_id in p.managed_team_ids or allocated_team in p.managed_team_ids


def can_allocate_episode(actor, episode) -> bool:
    p = _as_principal(actor)
    return p.role == Role.TEAM_MANAGER and can_see_in_caseload(p, episode)


def can_record_absence(actor, practitioner) -> bool:
    """One's own leave and sickness, or that of someone in a team one manages."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if practitioner.pk == p.practitioner_id:
        return True
    return p.role == Role.TEAM_MANAGER and practitioner.team_id in p.managed_team_ids


def absence_manageable_q(actor) -> Q:
    """Filter for Practitioner: whose absences one may record."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    q = Q(pk=p.practitioner_id)
    if p.role == Role.TEAM_MANAGER and p.managed_team_ids:
        q |= Q(team_id__in=sorted(p.managed_team_ids))
    return q


# --- Front door -----------------------------------------------------------------------------
# Issue 4. The front door works across the whole borough: front-door practitioners and the
# managers of a front-door team see every contact and, for a contact they are deciding, the
# family details needed to decide it (through frontdoor.queries, never the family pages; never
# a sealed family). A referrer sees their own concerns and what became of them, not the rest of
# the record. An embedded social worker sees the consultations assigned to them (their manager
# too). A partner agency sees the information requests sent to it. Managers see the early
# warnings surfaced to their teams. The team a contact is routed to sees it once it is closed.


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


def front_door_team_ids() -> frozenset[int]:
    """Teams that work the front door: those with a front-door practitioner in them."""
    from organisations.models import Practitioner

    return frozenset(
        Practitioner.objects.filter(role=Role.FRONT_DOOR, team__isnull=False)
        .values_list("team_id", flat=True)
        .distinct()
    )


def is_front_door_manager(actor) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.role == Role.TEAM_MANAGER
        and bool(p.managed_team_ids & front_door_team_ids())
    )


def is_front_door(actor) -> bool:
    """Front-door practitioners and the managers of a front-door team."""
    p = _as_principal(actor)
    return p.is_practitioner and (p.role == Role.FRONT_DOOR or is_front_door_manager(p))


def can_raise_concern(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in CASE_ROLES


def concern_visibility_q(actor) -> Q:
    """Concerns (drafts included) are seen only by the person who raised them; the front door
    works from the contact a sent concern becomes."""
    p = _as_principal(actor)
    if not can_raise_concern(p):
        return Q(pk__in=[])
    return Q(raised_by_id=p.user_id) & _not_sealed_q(p, "family")


def can_view_concern(actor, concern) -> bool:
    p = _as_principal(actor)
    return (
        can_raise_concern(p) and concern.raised_by_id == p.user_id and _open_to(p, concern.family)
    )


def can_edit_concern(actor, concern) -> bool:
    return can_view_concern(actor, concern) and concern.status == "draft"


def _routed_contact_teams(p: Principal) -> list[int]:
    if not p.is_practitioner or p.role not in CASE_ROLES or p.role == Role.PARTNER:
        return []
    return sorted(p.team_ids | p.managed_team_ids)


def contact_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    if is_front_door(p):
        return _not_sealed_q(p, "family")
    teams = _routed_contact_teams(p)
    if not teams:
        return Q(pk__in=[])
    return Q(routed_team_id__in=teams, status="closed") & _not_sealed_q(p, "family")


def can_view_contact(actor, contact) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return False
    if not _open_to(p, contact.family):
        return False
    if is_front_door(p):
        return True
    return contact.routed_team_id in _routed_contact_teams(p) and contact.status == "closed"


def can_work_contact(actor, contact) -> bool:
    """Screen, check the register, ask partners, link to a family and decide: the front door."""
    p = _as_principal(actor)
    return is_front_door(p) and _open_to(p, contact.family)


def referred_contact_q(actor) -> Q:
    """Contacts the principal referred (what happened to them, not the family's record)."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.user_id is None:
        return Q(pk__in=[])
    return Q(referrer_id=p.user_id) & _not_sealed_q(p, "family")


def is_referrer_of(actor, contact) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.user_id is not None
        and contact.referrer_id == p.user_id
        and _open_to(p, contact.family)
    )


def can_sign_off_decision(actor, decision) -> bool:
    """A front-door manager, never the person who made the decision (four eyes)."""
    p = _as_principal(actor)
    return is_front_door_manager(p) and decision.decided_by_id != p.user_id


def can_override_routing(actor) -> bool:
    return is_front_door_manager(actor)


def can_raise_dissent(actor, decision) -> bool:
    return is_referrer_of(actor, decision.contact)


def dissent_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if not p.is_practitioner:
        return Q(pk__in=[])
    sealed = _not_sealed_q(p, "decision__contact__family")
    if is_front_door(p):
        return sealed
    return Q(raised_by_id=p.user_id) & sealed


def can_view_dissent(actor, dissent) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and (is_front_door(p) or dissent.raised_by_id == p.user_id)
        and _open_to(p, dissent.decision.contact.family)
    )


def can_resolve_dissent(actor, dissent) -> bool:
    return is_front_door_manager(actor)


def can_request_consultation(actor) -> bool:
    return can_raise_concern(actor)


def consultation_visibility_q(actor) -> Q:
    """The partner who asked, the social worker it is with and that worker's managers; the
    front door once the consultation has become a contact."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    q = Q(requested_by_id=p.user_id) | Q(social_worker_id=p.practitioner_id)
    if p.managed_team_ids:
        q |= Q(social_worker__team_id__in=sorted(p.managed_team_ids))
    if is_front_door(p):
        q |= Q(contact__isnull=False)
    return q & _not_sealed_q(p, "family")


def can_view_consultation(actor, consultation) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if not _open_to(p, consultation.family):
        return False
    if p.user_id == consultation.requested_by_id:
        return True
    if p.practitioner_id == consultation.social_worker_id:
        return True
    if consultation.social_worker.team_id in p.managed_team_ids:
        return True
    return is_front_door(p) and hasattr(consultation, "contact")


def can_record_consultation(actor, consultation) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.practitioner_id == consultation.social_worker_id


def can_offer_consultations(actor, social_worker) -> bool:
    """Publish duty slots: an embedded social worker for themselves, or their manager."""
    p = _as_principal(actor)
    if not p.is_practitioner or "embedded_sw" not in (social_worker.designations or []):
        return False
    return social_worker.pk == p.practitioner_id or (
        p.role == Role.TEAM_MANAGER and social_worker.team_id in p.managed_team_ids
    )


def info_request_visibility_q(actor) -> Q:
    """Partner information requests: the front door, and the agency each was sent to."""
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return Q(pk__in=[])
    sealed = _not_sealed_q(p, "contact__family")
    if is_front_door(p):
        return sealed
    if p.organisation_id is None:
        return Q(pk__in=[])
    return Q(organisation_id=p.organisation_id) & sealed


def can_view_info_request(actor, request) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.role not in CASE_ROLES:
        return False
    if not _open_to(p, request.contact.family):
        return False
    return is_front_door(p) or request.organisation_id == p.organisation_id


def can_answer_info_request(actor, request) -> bool:
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.role in CASE_ROLES
        and p.organisation_id is not None
        and request.organisation_id == p.organisation_id
        and _open_to(p, request.contact.family)
    )


def early_warning_visibility_q(actor) -> Q:
    """Front-door managers see every early warning; other team managers those surfaced to a
    team they manage (never about a sealed family)."""
    p = _as_principal(actor)
    if is_front_door_manager(p):
        return _not_sealed_q(p, "family")
    if not p.is_practitioner or p.role != Role.TEAM_MANAGER or not p.managed_team_ids:
        return Q(pk__in=[])
    return Q(team_id__in=sorted(p.managed_team_ids), family__is_restricted=False)


def can_view_early_warning(actor, warning) -> bool:
    p = _as_principal(actor)
    if is_front_door_manager(p):
        return _open_to(p, warning.family)
    return (
        p.is_practitioner
        and p.role == Role.TEAM_MANAGER
        and warning.team_id in p.managed_team_ids
        and not warning.family.is_restricted
    )


def can_decide_early_warning(actor, warning) -> bool:
    return can_view_early_warning(actor, warning)


def can_view_early_warnings(actor) -> bool:
    p = _as_principal(actor)
    return is_front_door_manager(p) or (
        p.is_practitioner and p.role == Role.TEAM_MANAGER and bool(p.managed_team_ids)
    )


def can_record_signal(actor, family) -> bool:
    """A structured notification about a family: from a named system process (a feed), the
    front door, or a practitioner who works with the family."""
    if isinstance(actor, str):
        return True
    return is_front_door(actor) or can_contribute_to_family(actor, family)


def can_view_front_door_metrics(actor) -> bool:
    p = _as_principal(actor)
    return is_front_door(p) or (p.is_practitioner and p.role == Role.TEAM_MANAGER)


# --- Linking partner data (linkage) ---------------------------------------------------------
# Data officers and administrators load partners' extracts and decide the possible matches in
# the clerical review queue. They see identities, not case content; a possible match involving
# a sealed family or a restricted person is seen only by those on its access list.

LINKAGE_ROLES = frozenset({Role.DATA_OFFICER, Role.ADMIN})


def can_link_data(actor) -> bool:
    p = _as_principal(actor)
    return p.is_practitioner and p.role in LINKAGE_ROLES


def _linkage_hidden_people(p: Principal):
    """People a linker may not see in the review queue: restricted people and members of
    sealed families, unless the principal is on the access list."""
    from people.models import Membership, Person

    granted = sorted(_granted_family_ids(p))
    sealed = Membership.objects.filter(family__is_restricted=True).exclude(family_id__in=granted)
    granted_people = Membership.objects.filter(family_id__in=granted).values("person_id")
    restricted = Person.objects.filter(is_restricted=True).exclude(pk__in=granted_people)
    return sealed.values("person_id"), restricted.values("pk")


def review_item_visibility_q(actor) -> Q:
    """Filter for linkage.ReviewItem: the possible matches this principal may decide."""
    p = _as_principal(actor)
    if not can_link_data(p):
        return Q(pk__in=[])
    sealed, restricted = _linkage_hidden_people(p)
    q = Q()
    for end in ("new_person_id", "candidate_id"):
        q &= ~Q(**{f"{end}__in": sealed}) & ~Q(**{f"{end}__in": restricted})
    return q


def can_review_match(actor, item) -> bool:
    p = _as_principal(actor)
    if not can_link_data(p):
        return False
    sealed, restricted = _linkage_hidden_people(p)
    ids = {item.new_person_id, item.candidate_id}
    return not (sealed.filter(person_id__in=ids).exists() or restricted.filter(pk__in=ids).exists())

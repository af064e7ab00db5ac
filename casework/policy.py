"""Who may see and do what in the work with a family: episodes, assessments, plans, meetings,
case notes, step up and step down, caseloads and the lead practitioner.

Episodes, assessments, plans, meetings, case notes and step up/down belong to the family's
record: whoever may see the family sees them (partners involved too, so the partner view shows
the lead, cover and plan). Assessments, plans and reviews may be written by the editing roles
and by the family's lead practitioner from any agency (a teacher or health visitor can lead).
Episode steps also need the duty named in casework.machines' tables (STEP_DUTIES below).
Supervision notes are seen only by their author's organisation's editing roles.
"""

from __future__ import annotations

from django.db.models import Q

from access import registry
from access.principals import Principal, PrincipalKind, Purpose, principal_for
from organisations.models import Role
from organisations.policy import (
    CASE_ROLES,
    EDIT_ROLES,
    absence_manageable_q,
    can_record_absence,
    macpt_team_ids,
    team_practitioners_under,
)
from outcomes import policy as outcome_rules
from people.policy import (
    can_edit_family,
    can_view_family,
    can_view_handover,
    can_view_section,
    is_break_glass_access,
    register_section_grant,
    section_q,
    visible_family_ids,
)
from people.record_rules import family_record_q

__all__ = [
    "can_add_case_note",
    "can_allocate_episode",
    "can_authorise_assessment",
    "can_change_episode",
    "can_correct_case_note",
    "can_record_casework",
    "can_see_in_caseload",
    "can_view_case_note",
    "can_view_caseloads",
    "can_view_casework",
    "can_view_step_down",
    "case_note_visibility_q",
    "caseload_q",
    "casework_visibility_q",
    "is_lead_practitioner",
    "lead_family_ids",
    "step_down_visibility_q",
    "unallocated_q",
    "S47_SECTIONS",
    "can_allocate_s47",
    "can_assign_lcpp",
    "can_view_s47",
    "is_macpt_member_for",
    "sits_on_a_macpt",
    "s47_access_reason",
    "s47_sections",
    "s47_visibility_q",
]


def _as_principal(actor) -> Principal:
    return principal_for(actor)


def casework_visibility_q(actor, prefix: str = "family") -> Q:
    """Filter for casework records (anything with a family): those of families one may see
    (`family_id IN` the visible families' sub-select: an indexed semi-join)."""
    ids = visible_family_ids(actor)
    return Q(pk__in=[]) if ids is None else Q(**{f"{prefix}__in": ids})


def lead_family_ids(actor):
    """A sub-select of the families this principal leads the work with today."""
    from .models import LeadArrangement

    p = _as_principal(actor)
    return LeadArrangement.objects.filter(lead_id=p.practitioner_id, ended_on__isnull=True).values(
        "family_id"
    )


def is_lead_practitioner(actor, family) -> bool:
    p = _as_principal(actor)
    if not p.is_practitioner or p.practitioner_id is None:
        return False
    from .models import LeadArrangement

    return p.remember(
        ("lead", family.pk),
        lambda: LeadArrangement.objects.filter(
            family=family, ended_on__isnull=True, lead_id=p.practitioner_id
        ).exists(),
    )


def can_view_casework(actor, family, section: str | None = None) -> bool:
    if section is not None:
        return can_view_section(actor, family, section)
    return can_view_family(actor, family)


def _works_with(p: Principal, family) -> bool:
    """Sees the family through work with it, not only through an emergency break-glass."""
    return can_view_family(p, family) and not is_break_glass_access(p, family)


def can_record_casework(actor, family) -> bool:
    p = _as_principal(actor)
    return can_edit_family(p, family) or (
        can_view_family(p, family) and is_lead_practitioner(p, family)
    )


def can_add_case_note(actor, family) -> bool:
    """Anyone working with the family records their own contact with it."""
    return _works_with(_as_principal(actor), family)


def can_authorise_assessment(actor, assessment) -> bool:
    """A manager's approval of an assessment of a family they see."""
    p = _as_principal(actor)
    return (
        p.is_practitioner
        and p.role == Role.TEAM_MANAGER
        and can_view_casework(p, assessment.family)
    )


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
        from .models import LeadArrangement

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


def can_correct_case_note(actor, note) -> bool:
    """Only the author corrects a note (a correction keeps the original in the history)."""
    p = _as_principal(actor)
    return p.user_id is not None and note.author_id == p.user_id and can_view_case_note(p, note)


def case_note_visibility_q(actor) -> Q:
    p = _as_principal(actor)
    if p.role in EDIT_ROLES:
        private_ok = Q(author_id=p.user_id) | Q(agency_id=p.organisation_id)
    else:
        private_ok = Q(pk__in=[])
    q = casework_visibility_q(p) & (~Q(kind="supervision") | private_ok)
    if p.role == Role.PARTNER:  # a partner's own notes, or the section granted to it (shared
        # with its agency, or it leads the work): the same grants as can_view_section
        sections = section_q(p, "case_notes")
        if sections == Q():
            return q
        q &= Q(agency_id=p.organisation_id) | sections
    return q


# The duties casework.machines names on each step, and who holds them: the roles, and (where
# LEAD is in the set) the family's current lead practitioner, whatever their agency.
LEAD = "lead"
STEP_DUTIES: dict[str, frozenset[str]] = {
    "social_work": frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    "management": frozenset({Role.TEAM_MANAGER}),
    "early_help": frozenset(
        {Role.FAMILY_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HUB_COORDINATOR, LEAD}
    ),
    "cin_opening": frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR}),
}


def can_change_episode(actor, family, duty: str) -> bool:
    """Make an episode step (or open an episode) whose table row names `duty`."""
    holders = STEP_DUTIES[duty]
    p = _as_principal(actor)
    if not p.is_practitioner or not _works_with(p, family):
        return False
    if p.role in holders:
        return True
    return LEAD in holders and is_lead_practitioner(p, family)


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
        # The teams' work, and the work allocated to anyone in the teams: by the workers' ids
        # (read once per request), not by a join to their team, so that both halves are index
        # look-ups of the episodes (a join inside the OR scanned every open episode).
        theirs = {w.pk for w in team_practitioners_under(p)} | {p.practitioner_id}
        teams = sorted(p.managed_team_ids)
        q = Q(allocated_to_id__in=sorted(theirs - {None})) | Q(team_id__in=teams)
    return q & ~Q(family__in=_sealed_families())


def unallocated_q(actor) -> Q:
    """Filter for Episode: a manager's teams' work with no worker (for anyone else, nothing).
    The teams alone, not caseload_q's OR of workers and teams: work allocated to no one is
    allocated to none of the workers, and one arm reads it by episode_unallocated_page in the
    caseload's order (the OR planned a bitmap scan of every open episode of the teams, then a
    sort, with a parallel worker at 1,000,000 people)."""
    p = _as_principal(actor)
    if p.role != Role.TEAM_MANAGER or not p.managed_team_ids or not p.is_practitioner:
        return Q(pk__in=[])
    teams = sorted(p.managed_team_ids)
    return Q(team_id__in=teams, allocated_to__isnull=True) & ~Q(family__in=_sealed_families())


def _sealed_families():
    """The sealed families' ids, as a subquery: few (a partial index finds them), so the
    caseload's episodes are read by their own indexes and never joined to every family (a join
    for `family__is_restricted=False` scanned all of them, 20-40 ms at 1,000,000 people)."""
    from people.models import Family

    return Family.objects.filter(is_restricted=True).values("pk")


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


# --- Section 47 enquiries and multi-agency child protection teams (CA 2004 s16EA) ----------
# A MACPT member's relation is to the section 47 enquiries allocated to their team, not to the
# family: while the allocation is current, the child protection episode open and the family
# not sealed, they see the enquiry (S47Allocation: the child, the strategy discussion and the
# enquiry's dates and notes, its clocks, the team, the lead child protection practitioner and
# the allocated social worker) and these sections of the family's record, shown on the
# enquiry's page. Everything else of the family (its page, its people's pages, the episodes,
# chronology, assessments, plan, case notes) stays a 404 unless they see the family anyway.
S47_SECTIONS = ("members", "involvements", "addresses")
# Not: "chronology", "child_needs", "adult_needs", "plan", "assessment" (factors at assessment,
# categories of abuse), "case_notes" (tests/test_authorisation_macpt.py: MACPT x sections).


def _macpt_allocations(p: Principal):
    from .models import S47Allocation

    return S47Allocation.objects.filter(
        team_id__in=sorted(macpt_team_ids(p)),
        ended_on__isnull=True,
        episode__closed_on__isnull=True,
        family__is_restricted=False,
    )


def sits_on_a_macpt(actor) -> bool:
    return bool(macpt_team_ids(actor))


def is_macpt_member_for(actor, allocation) -> bool:
    """Sits today on the MACPT this current enquiry of an unsealed family is allocated to."""
    p = _as_principal(actor)
    return (
        allocation.ended_on is None
        and allocation.team_id in macpt_team_ids(p)
        and allocation.episode.closed_on is None
        and not allocation.family.is_restricted
    )


def can_view_s47(actor, allocation) -> bool:
    p = _as_principal(actor)
    return can_view_casework(p, allocation.family) or is_macpt_member_for(p, allocation)


def s47_visibility_q(actor) -> Q:
    """Filter for S47Allocation (can_view_s47): those of the families one sees, and those of
    one's MACPTs, as a UNION of the two arms (no OR across a sub-select)."""
    from .models import S47Allocation

    p = _as_principal(actor)
    arms = []
    families = visible_family_ids(p)
    if families is not None:
        arms.append(S47Allocation.objects.filter(family__in=families).order_by().values("pk"))
    if macpt_team_ids(p):
        arms.append(_macpt_allocations(p).order_by().values("pk"))
    if not arms:
        return Q(pk__in=[])
    return Q(pk__in=arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0])


def macpt_allocation_q(actor) -> Q:
    """Filter for S47Allocation: the current enquiries of one's own MACPTs (their list)."""
    p = _as_principal(actor)
    if not macpt_team_ids(p):
        return Q(pk__in=[])
    return Q(pk__in=_macpt_allocations(p).order_by().values("pk"))


def s47_sections(actor, allocation) -> frozenset[str]:
    """The sections of the family's record the enquiry's page shows this principal."""
    p = _as_principal(actor)
    shown: set[str] = set()
    if can_view_family(p, allocation.family):
        shown |= {s for s in S47_SECTIONS if can_view_section(p, allocation.family, s)}
    if is_macpt_member_for(p, allocation):
        shown |= set(S47_SECTIONS)
    return frozenset(shown)


def s47_sees_notes(actor, allocation) -> bool:
    """The strategy discussion's and the enquiry's notes: the enquiry's own team, and those who
    see the family's assessment (as on the episode page)."""
    p = _as_principal(actor)
    return is_macpt_member_for(p, allocation) or can_view_casework(
        p, allocation.family, "assessment"
    )


def s47_access_reason(actor, allocation) -> str:
    """Why this principal sees the enquiry, for the audit trail: empty when they see the family
    anyway; the team when they see it only as one of its members."""
    p = _as_principal(actor)
    if can_view_family(p, allocation.family):
        return ""
    if is_macpt_member_for(p, allocation):
        return f"Member of {allocation.team.name}, the MACPT the section 47 enquiry is allocated to"
    return ""


def _open_cp(episode) -> bool:
    return episode.kind == "CP" and episode.closed_on is None


def can_allocate_s47(actor, episode) -> bool:
    """Allocate a child protection episode's enquiry to a MACPT: social work duty."""
    return _open_cp(episode) and can_change_episode(actor, episode.family, "social_work")


def can_assign_lcpp(actor, episode) -> bool:
    """Name the lead child protection practitioner: social work duty."""
    return _open_cp(episode) and can_change_episode(actor, episode.family, "social_work")


# --- The record rules -----------------------------------------------------------------------


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def casework_record_q(actor, path: str = "family", purpose=Purpose.VIEW, section=None) -> Q:
    """Filter for casework records with a family at `path`: VIEW agrees with
    can_view_casework(family, section), EDIT with can_record_casework(family)."""
    p = _as_principal(actor)
    if purpose == Purpose.EDIT:
        return family_record_q(p, path, Purpose.EDIT) | (
            family_record_q(p, path, Purpose.VIEW) & Q(**{f"{path}__in": lead_family_ids(p)})
        )
    return family_record_q(p, path, Purpose.VIEW) & section_q(p, section, path)


def register_casework_record(model, path: str = "family", section: str | None = None) -> None:
    def predicate(p, obj, purpose):
        family = _follow(obj, path)
        if purpose == Purpose.EDIT:
            return can_record_casework(p, family)
        return can_view_casework(p, family, section)

    registry.register(
        model,
        kinds=[PrincipalKind.PRACTITIONER],
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: casework_record_q(p, path, purpose, section),
        predicate=predicate,
        description=f"part of the family's casework ({section or 'any section'})",
    )


def _step_up_q(p: Principal, purpose: Purpose) -> Q:
    q = family_record_q(p, "family", Purpose.VIEW)
    for section in ("assessment", "plan", "chronology"):
        q &= section_q(p, section)
    return q


def register_rules() -> None:
    from .models import (
        Absence,
        Assessment,
        AssessmentNeed,
        AssessmentPersonNote,
        CaseNote,
        Episode,
        FamilyPlan,
        Goal,
        LeadArrangement,
        Meeting,
        PlanAction,
        S47Allocation,
        StatutoryClock,
        StepDown,
        StepUp,
    )

    register_section_grant(
        "the partner leads the work with the family",
        lambda p, family, section: is_lead_practitioner(p, family),
        lambda p, section: lead_family_ids(p),
    )
    practitioner = [PrincipalKind.PRACTITIONER]
    for model in (Episode, StatutoryClock, LeadArrangement, Meeting):
        register_casework_record(model)
    register_casework_record(Assessment, section="assessment")
    register_casework_record(AssessmentNeed, "assessment__family", section="assessment")
    register_casework_record(AssessmentPersonNote, "assessment__family", section="assessment")
    outcome_rules.register_rules(register_casework_record)
    register_casework_record(FamilyPlan, section="plan")
    register_casework_record(Goal, "plan__family", section="plan")
    register_casework_record(PlanAction, "plan__family", section="plan")
    registry.register(
        CaseNote,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: case_note_visibility_q(p),
        predicate=lambda p, note, purpose: can_view_case_note(p, note),
        description="with the family; partners their own agency's unless shared; "
        "supervision notes: the author's organisation's editing roles",
    )
    registry.register(
        StepDown,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: step_down_visibility_q(p),
        predicate=lambda p, record, purpose: can_view_step_down(p, record),
        description="the family's casework and handover, and the practitioner asked to lead",
    )
    registry.register(
        StepUp,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=_step_up_q,
        predicate=lambda p, record, purpose: (
            can_view_casework(p, record.family) and can_view_handover(p, record.family)
        ),
        description="the family's casework and its handover sections",
    )
    registry.register(
        S47Allocation,
        kinds=practitioner,
        purposes=[Purpose.VIEW],
        q=lambda p, purpose: s47_visibility_q(p),
        predicate=lambda p, allocation, purpose: can_view_s47(p, allocation),
        description="those who see the family's casework, and the members of the MACPT it "
        "is allocated to (while current, the episode open, the family not sealed)",
    )
    registry.register(
        Absence,
        kinds=practitioner,
        purposes=[Purpose.VIEW, Purpose.EDIT],
        q=lambda p, purpose: Q(practitioner_id__in=_absence_practitioners(p)),
        predicate=lambda p, absence, purpose: can_record_absence(p, absence.practitioner),
        description="one's own, and those of the teams one manages",
    )


def _absence_practitioners(p: Principal):
    from organisations.models import Practitioner

    return Practitioner.objects.filter(absence_manageable_q(p)).values("pk")

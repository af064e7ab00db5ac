"""From a DfE finding to the record and field to fix: the census module and item a rule
points at, mapped back to the child's person record or the episode it was written from."""

from __future__ import annotations

from dataclasses import dataclass

from casework.queries.census import CensusChild, census_child

from . import cin_census
from .validator import Finding
from .years import CollectionYear

PERSON_ITEMS = {
    "LAchildID": "la_child_id",
    "UPN": "upn",
    "FormerUPN": "former_upn",
    "UPNunknown": "upn_unknown_reason",
    "PersonBirthDate": "date_of_birth",
    "ExpectedPersonBirthDate": "expected_date_of_birth",
    "Sex": "sex",
    "GenderCurrent": "sex",
    "PersonDeathDate": "date_of_death",
    "Ethnicity": "ethnicity",
    "Disability": "disabilities",
}
EPISODE_ITEMS = {
    "CINreferralDate": "referral_date",
    "ReferralSource": "referral_source",
    "PrimaryNeedCode": "primary_need",
    "CINclosureDate": "closed_on",
    "ReasonForClosure": "closure_reason",
    "ReferralNFA": "referral_nfa",
    "DateOfInitialCPC": "icpc_on",
    "AssessmentActualStartDate": "assessment_started_on",
    "AssessmentInternalReviewDate": "assessment_completed_on",
    "AssessmentAuthorisationDate": "assessment_authorised_on",
    "AssessmentFactors": "assessment_factors",
    "CINPlanStartDate": "cin_plan_started_on",
    "CINPlanEndDate": "cin_plan_ended_on",
    "S47ActualStartDate": "s47_started_on",
    "InitialCPCtarget": "icpc_planned_on",
    "ICPCnotRequired": "icpc_not_required",
    "CPPstartDate": "cp_plan_started_on",
    "CPPendDate": "cp_plan_ended_on",
    "InitialCategoryOfAbuse": "cp_category_initial",
    "LatestCategoryOfAbuse": "cp_category_latest",
    "NumberOfPreviousCPP": "previous_cp_plans",
    "CPPreviewDate": "rcpc_on",
}
PERSON_TABLES = {"ChildIdentifiers", "ChildCharacteristics", "Disabilities"}
PROTECTION_TABLES = {"Section47", "ChildProtectionPlans", "Reviews"}


@dataclass(frozen=True)
class Target:
    person_id: int | None = None
    episode_id: int | None = None
    field: str = ""


def _protection_episode(child: CensusChild, f: Finding, year: CollectionYear) -> int | None:
    index = (f.cin_details or 1) - 1
    if not 0 <= index < len(child.episodes):
        return None
    episode = child.episodes[index]
    if f.table == "Section47":
        cps = [cp for cp in episode.protection if cin_census.s47_in_year(cp, year)]
        nth = (f.position or 1) - 1
    else:
        cps = [cp for cp in episode.protection if cin_census.plan_in_year(cp, year)]
        nth = (f.plan or 1) - 1
    return cps[nth]["pk"] if 0 <= nth < len(cps) else episode.values["pk"]


def target(f: Finding, person_id: int | None, year: CollectionYear) -> Target:
    """The record (person or episode) and field a finding asks to be fixed."""
    if person_id is None:
        return Target()
    if not f.table or f.table in PERSON_TABLES:
        return Target(person_id, None, PERSON_ITEMS.get(f.field, ""))
    child = census_child(person_id, year.start, year.reference_date)
    field = EPISODE_ITEMS.get(f.field, "")
    if child is None:
        return Target(person_id, None, "")
    if f.table in PROTECTION_TABLES:
        return Target(person_id, _protection_episode(child, f, year), field)
    index = (f.cin_details or 1) - 1
    if 0 <= index < len(child.episodes):
        return Target(person_id, child.episodes[index].values["pk"], field)
    return Target(person_id, None, field)

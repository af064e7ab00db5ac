"""Find a Record and Fetch a Record x the agreements: none, existence only, content, expired,
not yet in force, the wrong purpose, another organisation's; and sealed, not held, merged and
adult records, which all read as "not held". Every decision is in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent, Verb
from casework.factories import EpisodeFactory
from custodian.models import Mode
from organisations.factories import InvolvementFactory, OrganisationFactory
from organisations.models import InvolvementRole, OrganisationType
from people.factories import FamilyFactory, MembershipFactory, PersonFactory, valid_nhs_number

from .conftest import CSC, PERSONAL, agree, fetch, find

pytestmark = pytest.mark.django_db

UNKNOWN = valid_nhs_number(999)


def _decisions():
    return list(
        AuditEvent.objects.filter(changes__has_key="custodian")
        .order_by("pk")
        .values_list("verb", "changes")
    )


def test_no_agreement_refuses_find_and_fetch_before_looking_at_the_child(jaden, school_api):
    for answer in (find(school_api, jaden.nhs_number), find(school_api, UNKNOWN)):
        assert answer.status_code == 403, answer.content
        assert answer.headers["Content-Type"] == "application/problem+json"
        assert answer.json()["type"].endswith("/problems/no-agreement")
    known, unknown = find(school_api, jaden.nhs_number).json(), find(school_api, UNKNOWN).json()
    assert known == unknown  # nothing said about whether the child is held
    assert fetch(school_api, jaden.nhs_number).status_code == 403
    decisions = _decisions()
    assert decisions
    assert all(verb == Verb.DENIED for verb, _ in decisions)
    assert all(c["decision"] == "deny" and c["agreement"] is None for _, c in decisions)
    assert {c["outcome"] for _, c in decisions} == {"no agreement"}


def test_existence_only_gives_a_pointer_and_no_content(admin, jaden, school_api):
    agreement = agree(admin, mode=Mode.EXISTENCE)
    found = find(school_api, jaden.nhs_number)
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["nhs_number"] == jaden.nhs_number
    assert body["purpose"] == "safeguarding"
    assert body["records"] == [
        {
            "record_type": "childrens-services.details",
            "schema": "childrens-services.details/1",
            "mode": "existence",
            "agreement": {"reference": agreement.reference, "version": 1},
            "fetch": None,
        }
    ]
    refused = fetch(school_api, jaden.nhs_number)
    assert refused.status_code == 403, refused.content
    assert "Jaden" not in refused.content.decode()
    assert fetch(school_api, jaden.nhs_number, record_type=PERSONAL).status_code == 403


def test_content_agreements_find_both_record_types_and_fetch_them(admin, jaden, school_api):
    csc = agree(admin, record_type=CSC)
    agree(admin, record_type=PERSONAL)
    EpisodeFactory(
        family=jaden.memberships.get().family,
        child=jaden,
        kind="CIN",
        state="plan",
        referral_date=timezone.localdate() - dt.timedelta(days=90),
        cin_plan_started_on=timezone.localdate() - dt.timedelta(days=30),
        closed_on=None,
        closure_reason="",
    )
    found = find(
        school_api, f"{jaden.nhs_number[:3]} {jaden.nhs_number[3:6]} {jaden.nhs_number[6:]}"
    )
    assert found.status_code == 200, found.content
    records = {r["record_type"]: r for r in found.json()["records"]}
    assert set(records) == {"personal.details", "childrens-services.details"}
    assert records["childrens-services.details"]["fetch"] == "/api/v1/custodian/fetch/"

    personal = fetch(school_api, jaden.nhs_number, record_type=PERSONAL)
    assert personal.status_code == 200, personal.content
    content = personal.json()["content"]
    assert personal.json()["schema"] == "personal.details/1"
    assert (content["givenName"], content["familyName"], content["dateOfBirth"]) == (
        "Jaden",
        "Smith",
        "2016-03-07",
    )

    details = fetch(school_api, jaden.nhs_number)
    assert details.status_code == 200, details.content
    body = details.json()
    assert body["agreement"] == {"reference": csc.reference, "version": 1}
    content = body["content"]
    statuses = {s["status"] for s in content["cscActiveStatusesAndPlans"]}
    assert statuses == {"child-in-need", "child-in-need-plan"}
    assert content["childrensServicesReferrals"] == [
        {
            "date": (timezone.localdate() - dt.timedelta(days=90)).isoformat(),
            "type": "child-in-need",
        }
    ]
    assert [t["role"] for t in content["teamInvolvement"]] == ["Family worker"]
    assert content["dutyContactDetails"]["outOfHours"]["phone"]

    allowed = [c for verb, c in _decisions() if c["custodian"] == "fetch"]
    assert [c["decision"] for c in allowed] == ["allow", "allow"]
    assert allowed[-1]["agreement"] == csc.reference
    assert allowed[-1]["agreement_version"] == 1
    assert allowed[-1]["purpose"] == "safeguarding"
    assert allowed[-1]["outcome"] == "disclosed"
    event = AuditEvent.objects.filter(changes__custodian="fetch").last()
    assert event.actor_organisation == "Southfields Primary"
    assert event.person_id == jaden.pk
    assert event.verb == Verb.VIEW


@pytest.mark.parametrize(
    "window",
    [(-30, -1), (1, 30)],
    ids=["expired", "not yet in force"],
)
def test_an_agreement_out_of_its_dates_is_no_agreement(admin, jaden, school_api, window):
    today = timezone.localdate()
    start, end = (today + dt.timedelta(days=d) for d in window)
    agree(admin, valid_from=start, valid_until=end)
    assert find(school_api, jaden.nhs_number).status_code == 403
    assert fetch(school_api, jaden.nhs_number).status_code == 403


def test_the_wrong_purpose_is_no_agreement(admin, jaden, school_api):
    agree(admin)  # safeguarding
    assert find(school_api, jaden.nhs_number, purpose="education").status_code == 403
    assert fetch(school_api, jaden.nhs_number, purpose="education").status_code == 403
    assert fetch(school_api, jaden.nhs_number).status_code == 200
    denied = [c for verb, c in _decisions() if c["decision"] == "deny"]
    assert {c["purpose"] for c in denied} == {"education"}


def test_another_organisation_or_type_is_no_agreement(admin, jaden, school_api, police_api):
    other_school = OrganisationFactory(name="Eastfield", org_type=OrganisationType.SCHOOL)
    agree(admin, destination_type="", destination_organisation=other_school)
    assert fetch(school_api, jaden.nhs_number).status_code == 403  # a different school
    agree(admin)  # any school
    assert fetch(school_api, jaden.nhs_number).status_code == 200
    assert fetch(police_api, jaden.nhs_number).status_code == 403  # not a school


def _same_as_not_held(api, number):
    found = find(api, number)
    assert found.status_code == 200, found.content
    assert found.json()["records"] == []
    assert found.json() == {**find(api, UNKNOWN).json(), "nhs_number": number}
    fetched = fetch(api, number)
    assert fetched.status_code == 404, fetched.content
    assert fetched.json() == fetch(api, UNKNOWN).json()


def test_a_sealed_family_is_answered_as_not_held(admin, jaden, school_api):
    agree(admin)
    agree(admin, record_type=PERSONAL)
    family = jaden.memberships.get().family
    family.is_restricted = True
    family.save()
    _same_as_not_held(school_api, jaden.nhs_number)
    withheld = [c for _, c in _decisions() if c["outcome"] == "withheld: sealed"]
    assert withheld
    assert all(c["decision"] == "allow" for c in withheld)


def test_a_sealed_person_and_their_duplicate_are_answered_as_not_held(admin, jaden, school_api):
    agree(admin)
    duplicate = PersonFactory(
        given_name="Jayden", family_name="Smith", is_restricted=True, nhs_number=jaden.nhs_number
    )
    MembershipFactory(family=FamilyFactory(), person=duplicate, role="child")
    _same_as_not_held(school_api, jaden.nhs_number)


def test_adults_merged_records_and_children_without_casework(admin, smith_family, school_api):
    agree(admin)
    agree(admin, record_type=PERSONAL)
    kelly = smith_family.kelly
    kelly.nhs_number = valid_nhs_number(302)
    kelly.save()
    _same_as_not_held(school_api, kelly.nhs_number)  # an adult: no child's record

    # A child whose family only a school works with: personal details, no children's services.
    family = FamilyFactory()
    child = PersonFactory(nhs_number=valid_nhs_number(303))
    MembershipFactory(family=family, person=child, role="child")
    InvolvementFactory(
        family=family,
        organisation=OrganisationFactory(org_type=OrganisationType.SCHOOL),
        role=InvolvementRole.DSL,
    )
    found = find(school_api, child.nhs_number).json()["records"]
    assert [r["record_type"] for r in found] == ["personal.details"]
    assert fetch(school_api, child.nhs_number).status_code == 404

    merged = PersonFactory(nhs_number=valid_nhs_number(304), merged_into=child)
    MembershipFactory(family=FamilyFactory(), person=merged, role="child")
    _same_as_not_held(school_api, merged.nhs_number)


def test_a_revision_is_the_version_decisions_name(admin, jaden, school_api):
    from custodian import actions

    first = agree(admin)
    data = {f: getattr(first, f) for f in actions.FIELDS}
    revised = actions.agreement_revise(
        by=admin.user,
        agreement=first,
        expected_version=1,
        data={**data, "mode": Mode.EXISTENCE, "change_note": "Existence only from now"},
    )
    assert revised.version == 2
    assert fetch(school_api, jaden.nhs_number).status_code == 403
    found = find(school_api, jaden.nhs_number).json()["records"]
    assert found[0]["agreement"] == {"reference": first.reference, "version": 2}
    last = [c for _, c in _decisions()][-1]
    assert (last["agreement_id"], last["agreement_version"]) == (revised.pk, 2)


def test_bad_requests_get_problem_details(admin, jaden, school_api):
    agree(admin)
    bad = find(school_api, "123")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "nhs_number", "detail": "Enter a valid 10-digit NHS number"}
    ]
    wrong = fetch(school_api, jaden.nhs_number, record_type="education.details")
    assert wrong.status_code == 422
    assert not _decisions()  # refused at the edge, before any decision

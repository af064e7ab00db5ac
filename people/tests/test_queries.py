"""people.queries: reads check the policy, are audited, and never show what is not allowed."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from access.principals import Purpose, principal_for
from audit.context import RequestContext, current
from audit.models import AuditEvent
from matching import register
from organisations.factories import InvolvementFactory, PractitionerFactory
from people import actions, queries
from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory
from people.models import Person
from people.search import SearchTerms

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_context():
    token = current.set(
        RequestContext(
            ip_address="203.0.113.9", user_agent="pytest-agent/1.0", request_id="req-abc-123"
        )
    )
    yield
    current.reset(token)


# --- Single-record fetches -------------------------------------------------------------------


@pytest.mark.parametrize("fetch", [queries.get_family_for, queries.get_person_for])
@pytest.mark.parametrize("pk", [987654, "987654", "abc", "", "1 OR 1=1", "-1", "1.0", None])
def test_fetch_missing_or_malformed_pk_is_404(family_worker, smith_family, fetch, pk):
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        fetch(family_worker.user, pk)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("fetch", [queries.get_family_for, queries.get_person_for])
def test_fetch_superscript_digit_pk_is_404(family_worker, fetch):
    with pytest.raises(Http404):
        fetch(family_worker.user, "²")


def test_unrelated_family_and_person_are_404_and_not_audited(family_worker, other_family):
    jones = other_family.memberships.get().person
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        queries.get_family_for(family_worker.user, other_family.pk)
    with pytest.raises(Http404):
        queries.get_person_for(family_worker.user, jones.pk)
    with pytest.raises(Http404):
        queries.get_family_for(family_worker.user, str(other_family.pk))
    assert AuditEvent.objects.count() == before


def test_edit_purpose_refuses_partner_who_can_view(smith_family, school_dsl):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    assert queries.get_family_for(school_dsl.user, smith_family.pk) == smith_family
    with pytest.raises(Http404):
        queries.get_family_for(school_dsl.user, smith_family.pk, purpose=Purpose.EDIT)
    with pytest.raises(Http404):
        queries.get_person_for(school_dsl.user, smith_family.jaden.pk, purpose=Purpose.EDIT)


def test_get_family_for_records_a_view_event_with_request_context(
    family_worker, smith_family, request_context
):
    family = queries.get_family_for(family_worker.user, str(smith_family.pk))
    assert family == smith_family
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.verb == "view"
    assert event.actor_id == family_worker.user.pk
    assert event.actor_label == "Fola Worker"
    assert event.actor_role == "family_worker"
    assert event.actor_organisation == family_worker.organisation.name
    assert event.object_type == "people.family"
    assert event.object_id == str(smith_family.pk)
    assert event.family_id == smith_family.pk
    assert event.ip_address == "203.0.113.9"
    assert event.user_agent == "pytest-agent/1.0"
    assert event.request_id == "req-abc-123"


def test_get_person_for_records_a_view_event(family_worker, smith_family, request_context):
    person = queries.get_person_for(family_worker.user, smith_family.jaden.pk)
    assert person == smith_family.jaden
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.verb, event.object_type, event.person_id, event.actor_id) == (
        "view",
        "people.person",
        smith_family.jaden.pk,
        family_worker.user.pk,
    )
    assert event.request_id == "req-abc-123"


def test_record_view_false_writes_nothing(family_worker, smith_family):
    before = AuditEvent.objects.count()
    queries.get_family_for(family_worker.user, smith_family.pk, record_view=False)
    assert AuditEvent.objects.count() == before


# --- Search ----------------------------------------------------------------------------------


def test_search_finds_misspelt_name_with_swapped_date(
    family_worker, smith_family, other_family, request_context
):
    terms = SearchTerms(name="Jayden Smyth", date_of_birth=dt.date(2016, 7, 3))
    results = queries.search_people(family_worker.user, terms)
    people = [r.hit.person for r in results]
    assert people[0] == smith_family.jaden
    top = results[0]
    assert top.families == [smith_family]
    reasons = "; ".join(top.hit.reasons)
    assert "first name Jayden ≈ Jaden (sounds alike)" in reasons
    assert "surname Smyth ≈ Smith (sounds alike)" in reasons
    assert "day and month swapped" in reasons
    assert top.hit.band in ("certain", "likely")

    # other_family's Jaden Jones (born 3 July 2016, exactly the date searched) is not visible.
    jones = other_family.memberships.get().person
    assert jones.date_of_birth == dt.date(2016, 7, 3)
    assert jones not in people
    assert all(p.pk != jones.pk for p in people)

    event = AuditEvent.objects.filter(verb="search").get()
    assert event.actor_id == family_worker.user.pk
    assert event.changes["terms"]["name"] == "Jayden Smyth"
    assert event.changes["results"] == [p.pk for p in people]
    assert jones.pk not in event.changes["results"]
    assert event.request_id == "req-abc-123"


def test_stranger_search_does_not_find_smith_family(stranger, smith_family, other_family):
    results = queries.search_people(stranger.user, SearchTerms(name="Jaden"))
    names = {r.hit.person.full_name for r in results}
    assert names == {"Jaden Jones"}


def test_search_by_identifiers(family_worker, smith_family):
    kelly = smith_family.kelly
    Person.objects.filter(pk=kelly.pk).update(nhs_number="9434765919", upn="R801200101001")
    register.refresh([kelly.pk])  # a raw update: keep the matching keys in step by hand
    for terms in (SearchTerms(nhs_number="943 476 5919"), SearchTerms(upn="r801200101001")):
        results = queries.search_people(family_worker.user, terms)
        assert [r.hit.person.pk for r in results] == [kelly.pk]


def test_search_by_postcode(family_worker, smith_family):
    AddressFactory(person=smith_family.kelly, postcode="E17 4AB")
    results = queries.search_people(family_worker.user, SearchTerms(postcode="e174ab"))
    assert [r.hit.person for r in results] == [smith_family.kelly]
    assert "same postcode" in results[0].hit.reasons


def test_search_by_postcode_ignores_confidential_addresses(family_worker, smith_family):
    AddressFactory(person=smith_family.kelly, postcode="E17 4AB", is_confidential=True)
    results = queries.search_people(family_worker.user, SearchTerms(postcode="E17 4AB"))
    assert all("same postcode" not in r.hit.reasons for r in results)
    assert smith_family.kelly not in [r.hit.person for r in results]


def test_search_with_no_terms_returns_nothing_and_is_not_audited(family_worker, smith_family):
    before = AuditEvent.objects.count()
    assert queries.search_people(family_worker.user, SearchTerms()) == []
    assert AuditEvent.objects.count() == before


def test_search_only_lists_visible_families_of_a_shared_person(
    family_worker, smith_family, other_family
):
    MembershipFactory(family=other_family, person=smith_family.kelly, role="wider_family")
    results = queries.search_people(family_worker.user, SearchTerms(name="Kelly Smith"))
    assert results[0].hit.person == smith_family.kelly
    assert results[0].families == [smith_family]
    assert other_family.memberships.filter(person=smith_family.kelly).exists()


# --- My families and counts ------------------------------------------------------------------


def test_a_front_door_practitioners_role_reads_as_front_door_not_other(smith_family):
    """Issue 17: involvements the front door makes are recorded as 'Other'; the home page says
    what the practitioner does."""
    from organisations.factories import InvolvementFactory, PractitionerFactory
    from organisations.models import Role

    fd = PractitionerFactory(role=Role.FRONT_DOOR)
    InvolvementFactory(family=smith_family, practitioner=fd, role="other")
    (row,) = queries.my_families(fd.user)
    assert row.my_roles == ["Front-door practitioner"]


def test_my_families_lists_only_my_current_families(
    family_worker, colleague, smith_family, other_family
):
    rows = queries.my_families(family_worker.user)
    assert [r.family for r in rows] == [smith_family]
    row = rows[0]
    assert row.members == 2
    assert row.children == 1
    assert row.my_roles == ["Family worker"]
    assert AuditEvent.objects.filter(verb="list", actor_id=family_worker.user.pk).count() == 1
    # The colleague sees the family through the team but is not personally involved.
    assert queries.my_families(colleague.user) == []
    assert smith_family in queries.families_visible_to(colleague.user)


def test_my_families_for_non_practitioner_is_empty(ig_officer, smith_family):
    assert queries.my_families(ig_officer.user) == []
    assert queries.register_counts(ig_officer.user) == {"families": 0, "people": 0}


def test_register_counts(family_worker, smith_family, other_family):
    assert queries.register_counts(family_worker.user) == {"families": 1, "people": 2}


# --- Presenters and query counts -------------------------------------------------------------


def _big_family(family_worker, members=8):
    family = actions.family_create(by=family_worker.user, name="Big family")
    people = []
    for i in range(members):
        m = actions.family_add_new_person(
            by=family_worker.user,
            family=family,
            role="child" if i > 1 else "parent_carer",
            data={
                "given_name": f"Person{i}",
                "family_name": "Large",
                "date_of_birth": dt.date(1980 + i * 3, 1 + i, 10),
            },
        )
        people.append(m.person)
    for child in people[2:]:
        actions.relationship_add(
            by=family_worker.user,
            family=family,
            from_person=people[0],
            to_person=child,
            kind="parent",
            parental_responsibility=True,
        )
    for _ in range(3):
        partner = PractitionerFactory(role="partner")
        actions.involvement_add(
            by=family_worker.user,
            family=family,
            organisation=partner.organisation,
            practitioner=partner,
            role="other",
            person=people[-1],
        )
    return family, people


def test_family_page_shows_members_relationships_and_involvements(family_worker):
    family, people = _big_family(family_worker)
    page = queries.family_page(family_worker.user, family)
    assert page.can_edit
    assert len(page.members) == 8
    assert [r.membership.role for r in page.members[:2]] == ["parent_carer", "parent_carer"]
    parent_row = next(r for r in page.members if r.person == people[0])
    assert len(parent_row.relationships) == 6
    child_row = next(r for r in page.members if r.person == people[5])
    assert child_row.relationships == ["Child of Person0 Large"]
    assert len(page.involvements) == 4
    assert page.chronology.count() >= 1 + 8 + 6 + 3


def test_family_page_and_search_queries_are_bounded(family_worker, django_assert_max_num_queries):
    family, _ = _big_family(family_worker, members=10)
    user = type(family_worker.user).objects.get(pk=family_worker.user.pk)
    with django_assert_max_num_queries(25):
        fetched = queries.get_family_for(user, family.pk)
        page = queries.family_page(user, fetched)
        for row in page.members:
            _ = (row.person.full_name, row.relationships, row.age)
        for inv in page.involvements:
            _ = (inv.practitioner.name, inv.organisation.name, inv.team)
        _ = [(e.summary, e.recorded_by, e.agency) for e in page.chronology[:20]]
    with django_assert_max_num_queries(25):
        results = queries.search_people(user, SearchTerms(name="Large", postcode="E17 4AB"))
        assert len(results) == 10
        for r in results:
            _ = [f.name for f in r.families]


def _count_page_and_search_queries(user, family):
    with CaptureQueriesContext(connection) as ctx:
        page = queries.family_page(user, queries.get_family_for(user, family.pk))
        for row in page.members:
            _ = (row.person.full_name, row.relationships, row.age)
        for inv in page.involvements + page.past_involvements:
            _ = (inv.practitioner and inv.practitioner.name, inv.organisation.name, inv.person)
        _ = [(e.summary, e.recorded_by, e.agency, e.person) for e in page.chronology[:20]]
        for r in queries.search_people(user, SearchTerms(name="Large")):
            _ = [f.name for f in r.families]
    return len(ctx.captured_queries)


def test_family_page_and_search_query_count_does_not_grow_with_members(family_worker):
    user = type(family_worker.user).objects.get(pk=family_worker.user.pk)
    small, _ = _big_family(family_worker, members=3)
    large, _ = _big_family(family_worker, members=12)
    principal_for(user)
    assert _count_page_and_search_queries(user, small) == _count_page_and_search_queries(
        user, large
    )


def _queries_for_my_families(user):
    with CaptureQueriesContext(connection) as ctx:
        queries.my_families(user)
    return len(ctx.captured_queries)


def test_my_families_query_count_does_not_grow_with_families(family_worker):
    """No N+1: the same number of queries for 2 families as for 10."""
    user = type(family_worker.user).objects.get(pk=family_worker.user.pk)
    principal_for(user)  # resolve (and cache) the principal outside the comparison

    def add_families(n):
        for _ in range(n):
            family = FamilyFactory()
            InvolvementFactory(family=family, practitioner=family_worker)
            MembershipFactory(family=family, person=PersonFactory())

    add_families(2)
    few = _queries_for_my_families(user)
    assert len(queries.my_families(user)) == 2
    add_families(8)
    many = _queries_for_my_families(user)
    assert len(queries.my_families(user)) == 10
    assert many == few

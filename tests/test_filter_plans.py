"""The visibility filters stay indexed at any size (issue 11): they are semi-joins driven from
the principal's side (their involvements, teams and access lists), never an OR across a
sub-select that makes the database read the whole people (or families) table."""

import re

import pytest
from django.db import connection
from django.utils import timezone

from access.principals import Purpose
from casework.models import Episode
from casework.policy import casework_visibility_q
from ig.models import BreakGlass, RecordAccessGrant
from people.factories import PersonFactory
from people.models import Family, Person
from people.policy import family_visibility_q, person_visibility_q, person_visible_each_q

pytestmark = pytest.mark.django_db

# "... OR x IN (SELECT ...": the shape that forced a scan of the people table.
OR_ACROSS_SUBSELECT = re.compile(r"\bOR\b[^()]*\bIN\s*\(+\s*SELECT\b", re.IGNORECASE)
LARGE = ("people_person", "people_family", "people_membership", "organisations_involvement")


@pytest.fixture
def every_arm(family_worker, smith_family, other_family, ig_officer):
    """A worker with an involvement, a team, an access list entry and a break-glass, so that
    every arm of the filters is present."""
    other_family.is_restricted = True
    other_family.save()
    RecordAccessGrant.objects.create(
        family=other_family, practitioner=family_worker, reason="Named", granted_by=ig_officer.user
    )
    third = Family.objects.create(name="Glass family", reference="FH-T0003")
    BreakGlass.objects.create(
        family=third,
        practitioner=family_worker,
        reason="Emergency",
        expires_at=timezone.now() + timezone.timedelta(minutes=30),
    )
    return family_worker


def _querysets(user):
    return {
        "families": Family.objects.filter(family_visibility_q(user)),
        "people": Person.objects.filter(person_visibility_q(user)),
        "episodes": Episode.objects.filter(casework_visibility_q(user)),
    }


@pytest.mark.parametrize("who", ["every_arm", "manager", "school_dsl"])
def test_no_filter_ors_across_a_subselect(who, request, smith_family):
    user = request.getfixturevalue(who).user
    for name, qs in _querysets(user).items():
        sql = str(qs.query)
        assert not OR_ACROSS_SUBSELECT.search(sql), (name, sql)


def _plan(qs) -> list[str]:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _scans(plan: list[str]) -> list[str]:
    """Lines of the plan that read a large table whole."""
    out = []
    for line in plan:
        text = line.strip()
        for table in LARGE:
            # SQLite: "SCAN people_person" (a SEARCH ... USING INDEX is a look-up);
            # PostgreSQL: "Seq Scan on people_person".
            if re.match(rf"(->\s*)?(SCAN {table}\b|Seq Scan on {table}\b)", text):
                out.append(text)
    return out


@pytest.mark.parametrize("who", ["every_arm", "manager"])
def test_filters_plan_as_index_lookups(who, request, smith_family):
    user = request.getfixturevalue(who).user
    for name, qs in _querysets(user).items():
        plan = _plan(qs)
        assert not _scans(plan), (name, "\n".join(plan))


def test_the_filters_still_find_every_arm(every_arm, smith_family, other_family):
    """The restructured filter keeps each way of seeing a family (the matrix tests check
    filter and predicate agree case by case; this checks the arms combine)."""
    user = every_arm.user
    families = set(Family.objects.filter(family_visibility_q(user)).values_list("name"))
    assert {("Smith family",), (other_family.name,), ("Glass family",)} <= families
    editable = Family.objects.filter(family_visibility_q(user, Purpose.EDIT))
    assert "Glass family" not in set(editable.values_list("name", flat=True))


def test_the_person_rule_s_two_forms_agree(every_arm, manager, school_dsl, stranger, ig_officer):
    """person_visibility_q (the visible set, for lists) and person_visible_each_q (an EXISTS per
    person, for checking search candidates) give one answer for every person: restricted ones
    on and off an access list, a merged-away record, someone in no family."""
    sealed = Family.objects.get(is_restricted=True)
    seen_family = Family.objects.filter(is_restricted=False).order_by("pk").first()
    on_list = PersonFactory(is_restricted=True)
    off_list = PersonFactory(is_restricted=True)
    sealed.memberships.create(person=on_list, role="adult")
    seen_family.memberships.create(person=on_list, role="adult")
    seen_family.memberships.create(person=off_list, role="adult")
    keep = seen_family.memberships.order_by("pk").first().person
    PersonFactory(merged_into=keep)
    PersonFactory()  # in no family

    everyone = set(Person.objects.values_list("pk", flat=True))
    assert len(everyone) >= 7
    for who in (every_arm, manager, school_dsl, stranger, ig_officer):
        user = who.user
        as_set = set(Person.objects.filter(person_visibility_q(user)).values_list("pk", flat=True))
        each = set(Person.objects.filter(person_visible_each_q(user)).values_list("pk", flat=True))
        unmerged = set(
            Person.objects.filter(person_visible_each_q(user, merged=False)).values_list(
                "pk", flat=True
            )
        )
        assert each == as_set, who
        assert unmerged == {
            pk for pk in as_set if Person.objects.get(pk=pk).merged_into_id is None
        }, who
    worker_sees = set(
        Person.objects.filter(person_visible_each_q(every_arm.user)).values_list("pk", flat=True)
    )
    assert on_list.pk in worker_sees
    assert off_list.pk not in worker_sees

"""matching.register.reindex: `only_missing` is an anti-join walked by primary-key ranges, so
the demo's last step (`reindex --missing`) stays linear on a council-sized register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching import register
from matching.models import PersonKey
from people.factories import AddressFactory, PersonFactory
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_of_nine():
    people = [
        PersonFactory(given_name=f"Amelia{'x' * i}", family_name="Smith", nhs_number="")
        for i in range(9)
    ]
    for p in people:
        AddressFactory(person=p, postcode="E17 4AB", line_1="12 High Street")
    register.reindex()
    return people


def _selects_of_people(queries) -> list[str]:
    table = connection.ops.quote_name(Person._meta.db_table)
    return [q["sql"] for q in queries if f"FROM {table}" in q["sql"] and "SELECT" in q["sql"]]


def test_only_missing_is_an_anti_join_not_a_not_in(register_of_nine):
    gone = register_of_nine[3:6]
    PersonKey.objects.filter(person__in=gone).delete()
    with CaptureQueriesContext(connection) as ctx:
        counts = register.reindex(only_missing=True, batch_size=4)
    assert counts["people"] == 3
    assert set(PersonKey.objects.values_list("person_id", flat=True)) == {
        p.pk for p in register_of_nine
    }
    keyed = [sql for sql in _selects_of_people(ctx.captured_queries) if "matching_personkey" in sql]
    assert keyed, "the missing people are read with the key table in the same query"
    for sql in keyed:
        assert "NOT EXISTS" in sql.upper()
        assert "NOT (" not in sql.upper().replace('"', "")  # Django's NOT (id IN (SELECT …))


def test_only_missing_walks_primary_key_ranges(register_of_nine):
    """One query per range of `batch_size` ids, bounded on both sides, however many people
    already have keys (the old loop re-read from the last id found)."""
    PersonKey.objects.filter(person=register_of_nine[-1]).delete()
    with CaptureQueriesContext(connection) as ctx:
        register.reindex(only_missing=True, batch_size=3)
    batches = [sql for sql in _selects_of_people(ctx.captured_queries) if "ORDER BY" in sql]
    span = max(p.pk for p in register_of_nine) - min(p.pk for p in register_of_nine) + 1
    assert len(batches) == -(-span // 3)
    assert all(">=" in sql and "<=" in sql for sql in batches)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_plans_an_anti_join(register_of_nine):
    plan = register._missing_keys(Person.objects.all()).explain()
    assert "Anti Join" in plan
    assert "SubPlan" not in plan

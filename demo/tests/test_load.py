"""How the loader writes the borough: the people's matching keys with them, and on PostgreSQL a
large borough with its indexes and foreign keys built after the rows."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from demo import borough, households
from matching import register
from matching.models import PersonKey
from people.models import Address, Person
from people.search import index_keys

TODAY = dt.date(2026, 11, 23)


def stored_keys() -> set[tuple[int, int, int]]:
    return set(PersonKey.objects.values_list("person_id", "pass_code", "key"))


def rebuilt_keys() -> set[tuple[int, int, int]]:
    register.reindex()  # every person's keys built again from what the database holds
    return stored_keys()


@pytest.mark.django_db
def test_keys_are_written_with_the_people():
    """The keys stored by the load are exactly those a full reindex makes from the rows
    (address chosen as `register.refresh` does), and the search keys those the app writes."""
    borough.load(families=40, seed=3, today=TODAY, defer_indexes=False)
    loaded = stored_keys()
    people = Person.objects.count()
    assert people > 100
    assert {pid for pid, _code, _key in loaded} == set(Person.objects.values_list("pk", flat=True))
    # Someone with a confidential current address is placed by no postcode.
    assert Address.objects.filter(is_confidential=True).exists()
    assert loaded == rebuilt_keys()
    for person in Person.objects.order_by("pk")[:200]:
        stored = (person.given_key, person.family_key, person.given_sound, person.family_sound)
        index_keys(person)
        assert stored == (
            person.given_key,
            person.family_key,
            person.given_sound,
            person.family_sound,
        )


def schema() -> tuple[set, set]:
    """The loaded tables' indexes and foreign keys, as PostgreSQL describes them."""
    tables = [m._meta.db_table for m in borough.LOADED]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [tables],
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])",
            [tables],
        )
        constraints = set(cursor.fetchall())
    return indexes, constraints


@pytest.mark.django_db(transaction=True)
def test_postgresql_builds_the_indexes_after_a_large_load():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere the indexes are kept up to date as rows go in")
    indexes, constraints = schema()
    assert any("gin_trgm_ops" in definition for _name, definition in indexes)
    assert any("FOREIGN KEY" in definition for *_names, definition in constraints)
    dropped = []

    def progress(done, total, elapsed):
        if done == 20:  # mid-load: the plain indexes and foreign keys are gone
            now_indexes, now_constraints = schema()
            dropped.append((len(indexes - now_indexes), len(constraints - now_constraints)))

    borough.load(
        families=40, seed=3, today=TODAY, batch_size=20, defer_indexes=True, progress=progress
    )
    [(indexes_gone, keys_gone)] = dropped
    assert indexes_gone > 30  # a person's sound keys, trigrams… among them
    assert keys_gone > 10
    assert schema() == (indexes, constraints)
    with connection.cursor() as cursor:  # and the planner has the tables' statistics
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_person'")
        assert cursor.fetchone()[0] == Person.objects.count()
    assert stored_keys() == rebuilt_keys()
    borough.reset()
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_postgresql_a_failed_large_load_leaves_the_indexes(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    before = schema()

    def fail(done, total, elapsed):
        if done == 20:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        borough.load(
            families=40, seed=3, today=TODAY, batch_size=20, defer_indexes=True, progress=fail
        )
    assert schema() == before
    assert not Person.objects.exists()
    assert borough.status() == borough.PARTIAL
    borough.reset()


@pytest.mark.django_db
def test_every_nhs_number_has_its_provenance():
    """Written by the loader with the person on PostgreSQL, by sharing's demo data elsewhere
    and for the people other demo data added: the same rule either way."""
    call_command("demo", families=30, seed=1, stdout=io.StringIO(), stderr=io.StringIO())
    today = timezone.localdate()
    people = Person.objects.exclude(nhs_number="")
    assert people.count() > 100
    for pk, *provenance in people.values_list(
        "pk", "nhs_number_source", "nhs_number_status", "nhs_number_verified_on"
    ):
        assert tuple(provenance) == households.nhs_number_provenance(pk, today)
    assert not Person.objects.filter(nhs_number="").exclude(nhs_number_source="").exists()

"""familyhub/bench.py, what the benchmarks share: rows copied in take the fields' defaults (and
their own ids when told), and a timed page reports its percentiles and its queries. Runs on
SQLite (the INSERT path) and on PostgreSQL (COPY) as the suite's database is."""

import pytest
from django.urls import reverse

from familyhub import bench
from people.models import Family

pytestmark = pytest.mark.django_db


def test_copied_rows_take_the_fields_defaults_and_the_tables_ids():
    copied = bench.copy_rows(
        Family,
        [
            {"name": "Bench family A", "reference": "BENCH-1"},
            {"name": "Bench family B", "reference": "BENCH-2", "is_synthetic": True},
        ],
    )
    assert copied == 2
    families = {f.reference: f for f in Family.objects.filter(reference__startswith="BENCH-")}
    assert (families["BENCH-1"].is_synthetic, families["BENCH-2"].is_synthetic) == (False, True)
    assert families["BENCH-1"].version == 1  # the field's default
    assert families["BENCH-1"].pk != families["BENCH-2"].pk


def test_rows_that_carry_their_ids_keep_them():
    bench.copy_rows(
        Family, (r for r in [{"id": 9001, "name": "C", "reference": "BENCH-3"}]), ids=True
    )
    assert Family.objects.get(pk=9001).reference == "BENCH-3"


def test_a_timed_page_gives_its_percentiles_and_the_queries_of_one_request(family_worker_client):
    figures = bench.time_page(family_worker_client, reverse("web:home"), runs=3, warm=1)
    assert set(figures) == {"p50_ms", "p95_ms", "queries"}
    assert 0 <= figures["p50_ms"] <= figures["p95_ms"]
    assert figures["queries"] > 0  # the signed-in home page reads the database


def test_a_page_that_is_not_a_200_stops_the_bench(client):
    with pytest.raises(AssertionError):
        bench.time_page(client, reverse("web:home"), runs=1, warm=1)  # 302 to sign in

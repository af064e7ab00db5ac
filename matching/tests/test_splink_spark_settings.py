"""`make bench-link-spark` runs Splink on Spark with the settings the DuckDB runner uses (one
definition, matching.bench.splink_runner.settings): the same blocking rules, comparisons and
levels in each backend's SQL dialect. Spark itself is not started here (too slow for CI)."""

import re

import pytest

# Splink is in the `bench` dependency group (`make bench-match` and `make bench-link-spark`
# install it); `make test` does not, so on a plain test install this module is skipped.
pytest.importorskip("splink")

from matching.bench import splink_spark  # noqa: E402
from matching.bench.splink_runner import link, settings  # noqa: E402


def _shape(dialect: str) -> dict:
    d = settings().create_settings_dict(dialect)
    return {
        "link_type": d["link_type"],
        "unique_id": d["unique_id_column_name"],
        "blocking": [
            re.sub(r'[`"]', "", rule["blocking_rule"])
            for rule in d["blocking_rules_to_generate_predictions"]
        ],
        "comparisons": [
            (
                c["output_column_name"],
                [
                    (
                        level.get("label_for_charts"),
                        level.get("is_null_level", False),
                        level.get("tf_adjustment_column"),
                    )
                    for level in c["comparison_levels"]
                ],
            )
            for c in d["comparisons"]
        ],
    }


def test_the_spark_settings_are_the_duckdb_settings():
    duckdb, spark = _shape("duckdb"), _shape("spark")
    assert len(duckdb["blocking"]) == 8
    assert [name for name, _ in duckdb["comparisons"]] == [
        "first_name_surname",
        "dob",
        "postcode",
        "nhs_number",
        "sex",
    ]
    assert spark == duckdb


def test_the_spark_bench_links_through_the_shared_pipeline():
    assert splink_spark.link is link

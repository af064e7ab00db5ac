"""The synthetic benchmark is deterministic, labelled, and scored correctly; the engine does
well on a small generated population (fitted without labels)."""

import pandas as pd
import pytest

from matching.bench import generate, score
from matching.engine import dedupe


@pytest.fixture(scope="module")
def population():
    records, truth = generate.generate(5000, seed=3)
    return pd.DataFrame(records), pd.DataFrame(truth)


def test_generator_is_deterministic():
    assert generate.generate(400, seed=11) == generate.generate(400, seed=11)
    assert generate.generate(400, seed=11) != generate.generate(400, seed=12)


def test_generator_output_columns_and_labels(population):
    records, truth = population
    assert list(records.columns) == generate.RECORD_COLUMNS
    assert list(truth.columns) == generate.TRUTH_COLUMNS
    assert records["record_id"].is_unique
    labels = {e for value in truth["error_type"] for e in value.split("+") if e}
    assert labels == set(generate.ERRORS)
    tags = set(truth["tags"])
    assert {"twin", "junior", "senior"} <= tags


def test_scorer_on_perfect_and_on_merged_twins(population):
    _, truth = population
    perfect = truth[["record_id"]].assign(cluster_id=truth["entity_id"])
    result = score.score(truth, perfect)
    assert result["f1"] == 1.0
    assert all(v["recall"] == 1.0 for v in result["recall_by_error"].values())
    twins = truth[truth["tags"] == "twin"]
    household = twins["household_id"].iloc[0]
    merged = perfect.copy()
    merged.loc[truth["household_id"] == household, "cluster_id"] = "one"
    fp = score.score(truth, merged)["household_false_positives"]
    assert fp["twins"] >= 1
    assert score.score(truth, merged)["precision"] < 1.0


def test_engine_on_a_generated_population(population):
    records, truth = population
    result = dedupe(records)
    assert len(result.clusters) == len(records)
    scored = score.score(truth, result.clusters)
    assert scored["f1"] > 0.97
    assert scored["household_false_positives"]["father_son_same_name"] == 0

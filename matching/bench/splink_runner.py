"""Splink 5 on DuckDB with the same input/output contract as `familyhub dedupe`.

    python -m matching.bench.splink_runner --input records.csv --output-dir DIR

A conventional unsupervised Splink set-up, following Splink's own worked examples for people
data: the same cleaning as our engine gets (lower case, no punctuation, NHS digits only, a
postcode with one space); forename/surname comparison with a swapped-names level and term
frequencies on the full name and each part; Splink's date-of-birth, postcode and
Damerau-Levenshtein NHS number comparisons; exact sex. (The address line is left out: with
the postcode it would count one fact twice and link whole households.)
u from 10 million random pairs, the prior from deterministic rules, m by EM on two blocking
rules, predictions from eight blocking rules, clusters at probability 0.9. The settings and
the training are shared with the Spark variant (matching.bench.splink_spark).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from matching import normalise
from matching.records import read_csv

THRESHOLD = 0.9


def clean(frame: pd.DataFrame) -> pd.DataFrame:
    def via_uniques(series: pd.Series, fn) -> pd.Series:
        codes, uniques = pd.factorize(series.fillna(""))
        converted = np.array([fn(v) for v in uniques], dtype=object)
        out = converted[codes] if len(converted) else np.array([], dtype=object)
        return pd.Series(out, index=series.index).replace("", None)

    def dob(value):
        parsed = normalise.date_of_birth(value)
        return f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}" if parsed else ""

    def postcode(value):
        full, sector, district = normalise.postcode(value)
        return f"{district} {full[len(district) :]}" if district else full

    out = pd.DataFrame({"record_id": frame["record_id"].astype(str)})
    out["first_name"] = via_uniques(frame["first_name"], normalise.first_name)
    out["surname"] = via_uniques(frame["surname"], lambda v: normalise.surname(v)[0])
    out["first_name_surname_concat"] = (
        (out["first_name"].fillna("") + " " + out["surname"].fillna(""))
        .str.strip()
        .replace("", None)
    )
    out["dob"] = via_uniques(frame["dob"], dob)
    out["sex"] = via_uniques(frame["sex"], lambda v: {1: "m", 2: "f"}.get(normalise.sex(v), ""))
    out["postcode"] = via_uniques(frame["postcode"], postcode)
    out["nhs_number"] = via_uniques(frame["nhs_number"], lambda v: normalise.nhs_number(v)[0])
    return out


def settings():
    """The Splink settings, the same on every backend (DuckDB here, Spark in splink_spark)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=[
            block_on("nhs_number"),
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode", "first_name"),
            block_on("postcode", "surname"),
            block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
            "l.first_name = r.surname and l.surname = r.first_name",
        ],
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.DamerauLevenshteinAtThresholds("nhs_number", [1, 2]),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link(frame: pd.DataFrame, db_api, out_dir: Path) -> dict:
    """Clean, train, predict and cluster on `db_api`'s backend; write pairs.csv, clusters.csv
    and the model to `out_dir`. Returns the counts of pairs and clusters."""
    from splink import Linker, block_on

    started = time.monotonic()
    data = clean(frame)
    logging.info("splink: cleaned %d records (%.1fs)", len(data), time.monotonic() - started)
    table = db_api.register(data)
    linker = Linker(table, settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("nhs_number")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"), max_pairs=5e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), max_pairs=5e6
    )
    logging.info("splink: trained (%.1fs)", time.monotonic() - started)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD
    )
    logging.info("splink: predicted and clustered (%.1fs)", time.monotonic() - started)
    out_dir.mkdir(parents=True, exist_ok=True)
    linker.misc.save_model_to_json(str(out_dir / "splink_model.json"), overwrite=True)
    pairs = predictions.as_pandas_dataframe()[["record_id_l", "record_id_r", "match_probability"]]
    pairs.to_csv(out_dir / "pairs.csv", index=False)
    cl_frame = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]
    cl_frame.to_csv(out_dir / "clusters.csv", index=False)
    logging.info("splink: wrote %d pairs (%.1fs)", len(pairs), time.monotonic() - started)
    return {"pairs": len(pairs), "clusters": int(cl_frame["cluster_id"].nunique())}


def run(frame: pd.DataFrame, out_dir: Path) -> dict:
    from splink import DuckDBAPI

    return link(frame, DuckDBAPI(), out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Splink 5 (DuckDB) dedupe, same contract")
    parser.add_argument("--input", required=True, type=Path)
    parser.add_argument("--output-dir", required=True, type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    run(read_csv(args.input), args.output_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

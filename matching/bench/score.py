"""Score a clustering against the generator's truth.

    python -m matching.bench.score --truth truth.csv --clusters clusters.csv

Pairwise precision/recall/F1 count every pair of records put in one cluster (the links the
clustering implies, for either engine); B-cubed and the adjusted Rand index judge the
clusters; recall per error type asks whether each duplicate ended in the cluster of its
person's first record; household false positives count pairs of different people from one
household that were put together (twins, same-named father and son, others).
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations

import numpy as np
import pandas as pd


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1) / 2).sum())


def pairwise(pred: np.ndarray, true: np.ndarray) -> dict:
    frame = pd.DataFrame({"p": pred, "t": true})
    joint = frame.groupby(["p", "t"]).size().to_numpy()
    tp = _pairs(joint)
    pp = _pairs(frame.groupby("p").size().to_numpy())
    tt = _pairs(frame.groupby("t").size().to_numpy())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(frame)
    total = n * (n - 1) / 2
    expected = pp * tt / total if total else 0.0
    maximum = (pp + tt) / 2
    ari = (tp - expected) / (maximum - expected) if maximum != expected else 1.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": tt,
        "predicted_pairs": pp,
        "true_positive_pairs": tp,
        "adjusted_rand": ari,
    }


def bcubed(pred: np.ndarray, true: np.ndarray) -> dict:
    frame = pd.DataFrame({"p": pred, "t": true})
    joint = frame.groupby(["p", "t"])["p"].transform("size").to_numpy(np.float64)
    psize = frame.groupby("p")["p"].transform("size").to_numpy(np.float64)
    tsize = frame.groupby("t")["t"].transform("size").to_numpy(np.float64)
    precision = float((joint / psize).mean())
    recall = float((joint / tsize).mean())
    return {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / (precision + recall),
    }


def score(truth: pd.DataFrame, clusters: pd.DataFrame) -> dict:
    merged = truth.merge(clusters[["record_id", "cluster_id"]], on="record_id", how="left")
    missing = int(merged["cluster_id"].isna().sum())
    merged["cluster_id"] = merged["cluster_id"].astype(str)
    if missing:
        merged.loc[merged["cluster_id"] == "nan", "cluster_id"] = "missing-" + merged["record_id"]
    pred = merged["cluster_id"].to_numpy()
    true = merged["entity_id"].to_numpy()
    out = {"records": len(merged), "records_missing_from_output": missing}
    out.update(pairwise(pred, true))
    out.update(bcubed(pred, true))
    # recall per error type: is each later record in the cluster of its person's first record?
    errors = merged["error_type"].fillna("")
    first = merged[errors == ""].drop_duplicates("entity_id").set_index("entity_id")["cluster_id"]
    dups = merged[errors != ""].copy()
    dups["found"] = dups["cluster_id"].to_numpy() == dups["entity_id"].map(first).to_numpy()
    per_type: dict[str, dict] = {}
    for err, found in zip(dups["error_type"], dups["found"], strict=True):
        keys = err.split("+")
        if len(keys) > 1:
            keys = [*keys, "two errors"]
        for key in keys:
            bucket = per_type.setdefault(key, {"n": 0, "found": 0})
            bucket["n"] += 1
            bucket["found"] += int(found)
    out["recall_by_error"] = {
        k: {"n": v["n"], "recall": v["found"] / v["n"]} for k, v in sorted(per_type.items())
    }
    out["household_false_positives"] = household_false_positives(merged)
    return out


def household_false_positives(merged: pd.DataFrame) -> dict:
    """Pairs of records of different people from one household put in one cluster."""
    counts = {"twins": 0, "father_son_same_name": 0, "other_household": 0}
    groups = merged.groupby(["cluster_id", "household_id"])
    sizes = groups["entity_id"].transform("nunique")
    suspect = merged[sizes > 1]
    for _, group in suspect.groupby(["cluster_id", "household_id"]):
        rows = group[["entity_id", "tags"]].to_numpy()
        for (ea, ta), (eb, tb) in combinations(rows, 2):
            if ea == eb:
                continue
            tags = {str(ta), str(tb)}
            if tags == {"twin"}:
                counts["twins"] += 1
            elif tags == {"junior", "senior"}:
                counts["father_son_same_name"] += 1
            else:
                counts["other_household"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score clusters.csv against truth.csv")
    parser.add_argument("--truth", required=True)
    parser.add_argument("--clusters", required=True)
    args = parser.parse_args(argv)
    truth = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
    clusters = pd.read_csv(args.clusters, dtype=str, keep_default_na=False)
    json.dump(score(truth, clusters), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

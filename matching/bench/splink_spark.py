"""`make bench-link-spark`: the same Splink comparisons on Splink's Spark backend, for regional
linkage across councils (tens of millions of records on a Spark cluster), exercised here in
local mode on a generated file — and the same file on DuckDB beside it.

    BENCH_SPARK_RECORDS=200000 python -m matching.bench.splink_spark

Generates the population (matching.bench.generate, seed 7) once into
var/bench/spark-n<records>/, runs Splink 5 on Spark `local[2]` and then on DuckDB with the
same settings and training (matching.bench.splink_runner.settings / link), each in its own
process, and prints for each: pairs, clusters, pairwise precision/recall/F1 against the truth
and the wall time, with the load average. Spark needs Java 17 (/usr/bin/java) and the bench
dependency group (pyspark). On a cluster, point `spark_session()` at the cluster's master
instead of local[2] and read the extract from shared storage; nothing else changes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from matching.records import read_csv

from . import generate, score
from .splink_runner import link

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("BENCH_DIR", ROOT / "var" / "bench"))
SEED = 7


def spark_session(folder: Path, cores: int = 2):
    """A local Spark with Splink's similarity functions (its jar) and a checkpoint folder."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("familyhub-splink-bench")
        .config("spark.driver.memory", os.environ.get("BENCH_SPARK_MEMORY", "4g"))
        .config("spark.sql.shuffle.partitions", str(cores * 4))
        .config("spark.default.parallelism", str(cores * 4))
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.local.dir", str(folder / "spark-tmp"))
        .config("spark.sql.warehouse.dir", str(folder / "spark-warehouse"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(str(folder / "spark-checkpoints"))
    return spark


def run_backend(backend: str, records: Path, out_dir: Path) -> dict:
    """One backend in this process: Splink with the shared settings; its counts and time."""
    frame = read_csv(records)
    started = time.monotonic()
    if backend == "spark":
        from splink import SparkAPI

        spark = spark_session(out_dir)
        try:
            counts = link(frame, SparkAPI(spark_session=spark), out_dir)
        finally:
            spark.stop()
    else:
        from splink import DuckDBAPI

        counts = link(frame, DuckDBAPI(), out_dir)
    return {**counts, "seconds": round(time.monotonic() - started, 1)}


def _in_own_process(backend: str, records: Path, out_dir: Path) -> dict:
    cmd = [sys.executable, "-m", "matching.bench.splink_spark", "--backend", backend]
    cmd += ["--input", str(records), "--output-dir", str(out_dir)]
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir.parent / f"{backend}.log", "w") as log:
        done = subprocess.run(  # noqa: S603 - fixed argv
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"{backend} failed ({done.returncode}); see {log.name}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(size: int) -> dict:
    folder = OUT / f"spark-n{size}"
    records, truth = folder / "records.csv", folder / "truth.csv"
    if not (records.exists() and truth.exists()):
        print(f"generating {size:,} records…", file=sys.stderr, flush=True)
        rows, labels = generate.generate(size, SEED)
        generate.write(rows, labels, folder)
    truth_frame = pd.read_csv(truth, dtype=str, keep_default_na=False)
    results = {}
    for backend in ("spark", "duckdb"):
        print(f"{size:,}: Splink on {backend}…", file=sys.stderr, flush=True)
        load_before = os.getloadavg()[0]
        result = _in_own_process(backend, records, folder / backend)
        clusters = pd.read_csv(folder / backend / "clusters.csv", dtype=str, keep_default_na=False)
        scored = score.score(truth_frame, clusters)
        keys = ("precision", "recall", "f1")
        results[backend] = {
            **result,
            **{k: scored[k] for k in keys},
            "load": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        }
    (folder / "results.json").write_text(json.dumps(results, indent=2))
    return results


def table(size: int, results: dict) -> str:
    lines = [
        f"Splink 5, the same settings, {size:,} generated records (seed {SEED}); "
        f"load average before/after each run",
        f"{'backend':<16}{'pairs':>10}{'clusters':>10}{'precision':>11}{'recall':>8}"
        f"{'F1':>8}{'seconds':>9}  load",
    ]
    names = {"spark": "Spark local[2]", "duckdb": "DuckDB"}
    for backend, r in results.items():
        lines.append(
            f"{names[backend]:<16}{r['pairs']:>10,}{r['clusters']:>10,}{r['precision']:>11.4f}"
            f"{r['recall']:>8.4f}{r['f1']:>8.4f}{r['seconds']:>9}  {r['load'][0]}/{r['load'][1]}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Splink on Spark (local) beside DuckDB")
    parser.add_argument("--backend", choices=["spark", "duckdb"])
    parser.add_argument("--input", type=Path)
    parser.add_argument("--output-dir", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    if args.backend:  # one backend, in this process (the bench starts one per backend)
        print(json.dumps(run_backend(args.backend, args.input, args.output_dir)))
        return 0
    size = int(os.environ.get("BENCH_SPARK_RECORDS", "200000"))
    print(table(size, bench(size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

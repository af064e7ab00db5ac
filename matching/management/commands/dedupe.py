"""familyhub dedupe --input records.csv --output-dir DIR

Finds the records in a file that are the same person (unsupervised: the model is fitted to
the file itself; nothing leaves the machine). Writes DIR/clusters.csv (record_id,
cluster_id: one row per input record) and DIR/pairs.csv (record_id_l, record_id_r,
match_probability: the linked pairs). Progress goes to stderr.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from matching.engine import dedupe
from matching.records import read_csv


class Command(BaseCommand):
    help = "Find duplicate people in a CSV file (clusters.csv and pairs.csv)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="records CSV")
        parser.add_argument("--output-dir", required=True, help="folder for the two CSVs")
        parser.add_argument(
            "--threshold", type=float, default=None, help="match probability to link at"
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s dedupe: %(message)s", "%H:%M:%S"))
        logger = logging.getLogger("matching")
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO if options["verbosity"] >= 1 else logging.WARNING)
        source = Path(options["input"])
        if not source.is_file():
            raise CommandError(f"No such input file: {source}")
        try:
            frame = read_csv(source)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Could not read {source}: {exc}") from exc
        result = dedupe(frame, threshold=options["threshold"], seed=options["seed"])
        out = Path(options["output_dir"])
        out.mkdir(parents=True, exist_ok=True)
        result.clusters.to_csv(out / "clusters.csv", index=False)
        result.pairs.to_csv(out / "pairs.csv", index=False)
        logger.info(
            "wrote %s and %s (%d records, %d linked pairs)",
            out / "clusters.csv",
            out / "pairs.csv",
            len(result.clusters),
            len(result.pairs),
        )

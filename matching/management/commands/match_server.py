"""familyhub match-server --stdio: the engine as a long-running process speaking JSON lines.

    {"op": "load", "records": "/abs/path.csv"}       -> {"ok": true, "records": 1000000}
    {"op": "query", "record": {...input columns...}}  -> {"matches": [{"record_id": "R1",
                                                          "score": 0.99}, ...]}
    {"op": "quit"}                                     -> (exits)

Matches are the records the engine would link, best first. Add "explain": true to a query
for each match's score band and reasons. A bad request gets {"error": "..."} and the server
keeps serving. Logs go to stderr; stdout carries only the replies, one per line, flushed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from matching import model as mdl
from matching.engine import Index
from matching.explain import assess
from matching.records import read_csv

log = logging.getLogger("matching.server")


class Server:
    def __init__(self) -> None:
        self.index: Index | None = None
        self.rows: dict[str, dict] | None = None
        self.frame = None

    def handle(self, line: str) -> dict | None:
        try:
            request = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"error": f"not valid JSON: {exc.msg}"}
        if not isinstance(request, dict):
            return {"error": "a request must be a JSON object"}
        op = request.get("op")
        if op == "quit":
            return None
        if op == "load":
            return self.load(request)
        if op == "query":
            return self.query(request)
        return {"error": f"unknown op {op!r}: use load, query or quit"}

    def load(self, request: dict) -> dict:
        path = request.get("records")
        if not isinstance(path, str) or not path:
            return {"error": "load needs 'records': the path of a CSV file"}
        if not Path(path).is_file():
            return {"error": f"no such file: {path}"}
        try:
            frame = read_csv(path)
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            return {"error": f"could not read {path}: {exc}"}
        self.index = Index(frame)
        self.frame = frame
        return {"ok": True, "records": len(frame)}

    def query(self, request: dict) -> dict:
        if self.index is None:
            return {"error": "no register loaded: send a load request first"}
        record = request.get("record")
        if not isinstance(record, dict):
            return {"error": "query needs 'record': an object with the input columns"}
        record = {str(k): "" if v is None else str(v) for k, v in record.items()}
        limit = request.get("limit", 20)
        if not isinstance(limit, int) or limit < 1:
            return {"error": "'limit' must be a positive whole number"}
        matches = self.index.query(record, limit=limit)
        reply = []
        for m in matches:
            item = {"record_id": m.record_id, "score": round(m.score, 6)}
            if request.get("explain"):
                other = self.frame.iloc[m.row].to_dict()
                verdict = assess(record, other, self.index.model)
                item["band"] = mdl.band(m.score)
                item["reasons"] = verdict.reasons
            reply.append(item)
        return {"matches": reply}


class Command(BaseCommand):
    help = "Serve real-time matching as JSON lines on stdin/stdout."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--stdio", action="store_true", help="speak JSON lines on stdio")

    def handle(self, *args, **options):
        if not options["stdio"]:
            raise CommandError("only --stdio is supported")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s match-server: %(message)s", "%H:%M:%S"))
        logger = logging.getLogger("matching")
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO if options["verbosity"] >= 1 else logging.WARNING)
        out = sys.stdout
        server = Server()
        for line in sys.stdin:
            if not line.strip():
                continue
            # nothing but replies may reach stdout, whatever a library prints
            with contextlib.redirect_stdout(sys.stderr):
                try:
                    reply = server.handle(line)
                except Exception as exc:  # keep serving whatever one request does
                    log.exception("request failed")
                    reply = {"error": f"internal error: {type(exc).__name__}: {exc}"}
            if reply is None:
                break
            try:
                out.write(json.dumps(reply) + "\n")
                out.flush()
            except BrokenPipeError:
                break

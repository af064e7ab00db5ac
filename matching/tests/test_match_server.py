"""`match-server --stdio` (the match_server command) speaks JSON lines and only JSON lines."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_dedupe_command import ROOT, ROWS, _write


def test_protocol_round_trip(tmp_path: Path):
    _write(tmp_path / "register.csv", ROWS)
    requests = [
        {"op": "query", "record": {"first_name": "Jayden"}},  # nothing loaded yet
        {"op": "load", "records": str(tmp_path / "register.csv")},
        {
            "op": "query",
            "record": {
                "first_name": "Jaden",
                "surname": "Smith",
                "dob": "2016-07-03",
                "postcode": "E17 4AB",
            },
        },
        {"op": "query", "record": {"first_name": "Zebedee", "surname": "Quist"}},
        {
            "op": "query",
            "record": {"first_name": "Kate", "surname": "Jones", "dob": "1990-05-17"},
            "explain": True,
        },
        {"op": "frobnicate"},
        {"op": "load", "records": str(tmp_path / "missing.csv")},
    ]
    lines = [json.dumps(r) for r in requests]
    lines.insert(3, "this is not json")
    lines.append(json.dumps({"op": "quit"}))
    lines.append(json.dumps({"op": "query", "record": {}}))  # after quit: never answered
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "familyhub.settings.test"}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "match_server", "--stdio"],
        cwd=ROOT,
        env=env,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]  # JSON only
    assert len(replies) == 8
    assert "error" in replies[0]
    assert replies[1] == {"ok": True, "records": len(ROWS)}
    best = replies[2]["matches"]
    assert best[0]["record_id"] == "a2"  # the exact copy first
    assert {m["record_id"] for m in best} == {"a1", "a2"}  # not the twin a3
    assert best == sorted(best, key=lambda m: -m["score"])
    assert "error" in replies[3]  # not JSON
    assert replies[4] == {"matches": []}
    kate = replies[5]["matches"]
    assert {m["record_id"] for m in kate} >= {"c1"}
    assert any("short form" in r for m in kate for r in m["reasons"])
    assert "error" in replies[6]
    assert "frobnicate" in replies[6]["error"]
    assert "error" in replies[7]
    assert "missing.csv" in replies[7]["error"]

"""The `familyhub dedupe` contract, run as a separate process with the network cut off."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [
    "record_id",
    "source_system",
    "first_name",
    "surname",
    "dob",
    "sex",
    "postcode",
    "address_line_1",
    "nhs_number",
]
# (record_id, first, surname, dob, sex, postcode, address, nhs) – all invented
ROWS = [
    ("a1", "Jayden", "Smyth", "2016-03-07", "M", "E17 4AB", "12 High Street", "943 476 5919"),
    ("a2", "JADEN", "SMITH", "2016-07-03", "M", "E174AB", "12 HIGH ST", ""),
    ("a3", "Kyle", "Smyth", "2016-03-07", "M", "E17 4AB", "12 High Street", ""),  # twin
    ("b1", "Robert", "Okafor", "1980-11-02", "M", "M1 1AA", "3 Oak Road", ""),
    ("b2", "Robert", "Okafor", "2009-05-14", "M", "M1 1AA", "3 Oak Road", ""),  # junior
    ("b3", "BOB", "OKAFOR", "1980-11-02", "M", "M11AA", "3 OAK ROAD", ""),
    ("c1", "Katherine", "Jones", "1990-05-17", "F", "LS1 2CD", "5 Elm Close", "401 023 2137"),
    ("c2", "Kate", "Patel-Jones", "1990-05-17", "F", "B2 3EF", "9 Mill Lane", "4010232137"),
    ("c3", "Jones", "Katherine", "", "F", "LS12CD", "5 Elm Close", ""),
    ("d1", "Amelia", "Brown", "2001-01-30", "F", "N1 9ZZ", "1 Park Road", ""),
]
SAME = [{"a1", "a2"}, {"b1", "b3"}, {"c1", "c2", "c3"}]
APART = [("a1", "a3"), ("a2", "a3"), ("b1", "b2"), ("b3", "b2")]

# Any attempt to open a network connection fails the run.
NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network use is not allowed in dedupe")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
from django.core.management import execute_from_command_line
execute_from_command_line(["familyhub", *sys.argv[1:]])
"""


def _write(path: Path, rows) -> None:
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.upper() if c == "dob" else c for c in COLUMNS])
        for rid, first, sur, dob, sex, pc, addr, nhs in rows:
            writer.writerow([rid, "test", first, sur, dob, sex, pc, addr, nhs])


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "familyhub.settings.test",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", NO_NETWORK, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dedupe")
    _write(folder / "records.csv", ROWS)
    result = _run(
        "dedupe", "--input", str(folder / "records.csv"), "--output-dir", str(folder / "out")
    )
    assert result.returncode == 0, result.stderr
    return folder / "out", result


def test_nothing_on_stdout_and_progress_on_stderr(outputs):
    _, result = outputs
    assert result.stdout == ""
    assert "clusters.csv" in result.stderr


def test_clusters_file_has_one_row_per_input_record(outputs):
    out, _ = outputs
    columns, rows = _read(out / "clusters.csv")
    assert columns == ["record_id", "cluster_id"]
    assert sorted(r["record_id"] for r in rows) == sorted(r[0] for r in ROWS)


def test_duplicates_share_a_cluster_and_household_members_do_not(outputs):
    out, _ = outputs
    _, rows = _read(out / "clusters.csv")
    cluster = {r["record_id"]: r["cluster_id"] for r in rows}
    for group in SAME:
        assert len({cluster[r] for r in group}) == 1, group
    for a, b in APART:
        assert cluster[a] != cluster[b], (a, b)
    assert cluster["d1"] not in {cluster[r] for r in cluster if r != "d1"}


def test_pairs_file(outputs):
    out, _ = outputs
    columns, rows = _read(out / "pairs.csv")
    assert columns == ["record_id_l", "record_id_r", "match_probability"]
    linked = {frozenset((r["record_id_l"], r["record_id_r"])) for r in rows}
    assert frozenset(("a1", "a2")) in linked
    assert frozenset(("a1", "a3")) not in linked
    assert all(0.0 <= float(r["match_probability"]) <= 1.0 for r in rows)


def test_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such input file"):
        call_command("dedupe", "--input", str(tmp_path / "nope.csv"), "--output-dir", str(tmp_path))

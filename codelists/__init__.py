"""Code lists as versioned data files (rules are data).

Each file under codelists/data/ names its list, version and source. A code is never deleted:
it gains a `disabled_from` date, so records made before keep their meaning. Forms offer only
codes in force today; validation accepts codes in force on the record's date.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(list_name: str) -> dict:
    return json.loads((DATA_DIR / f"{list_name}.json").read_text(encoding="utf-8"))


def version(list_name: str) -> str:
    return load(list_name)["version"]


def _in_force(entry: dict, on: dt.date | None) -> bool:
    disabled = entry.get("disabled_from")
    return not disabled or (on is not None and on < dt.date.fromisoformat(disabled))


def choices(list_name: str, *, on: dt.date | None = None) -> list[tuple[str, str]]:
    on = on or dt.date.today()  # noqa: DTZ011 - a calendar date in the partnership's zone
    return [(e["code"], e["label"]) for e in load(list_name)["codes"] if _in_force(e, on)]


def label(list_name: str, code: str | None) -> str:
    if not code:
        return ""
    for entry in load(list_name)["codes"]:
        if entry["code"] == code:
            return entry["label"]
    return code


def is_valid(list_name: str, code: str) -> bool:
    return any(e["code"] == code for e in load(list_name)["codes"])

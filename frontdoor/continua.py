"""The continuum of need, as versioned data files under frontdoor/data/.

Each file (continuum-<partnership>-<version>.json) is loaded into the Continuum table: one row
per version, never edited in place. A decision points at the row it was made under, so it
keeps its meaning after a new version is loaded. (The front door's other rules - its clocks
and settings, routing, early warning - are rule sets in the `rules` package.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from familyhub import errors

DATA_DIR = Path(__file__).parent / "data"

CONTINUUM_CHANGED = (
    "Continuum {partnership} version {version} is already loaded with different content. "
    "A continuum is never changed in place: give the new text a new version."
)


# --- Continuum of need ------------------------------------------------------------------------


def continuum_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("continuum-*.json"))


def read_continuum_file(path: Path) -> dict:
    raw = path.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    levels = sorted(int(level["level"]) for level in data["levels"])
    if not levels or levels != list(range(1, len(levels) + 1)):
        raise errors.RuleViolation(f"{path.name}: levels must be numbered 1, 2, 3 …")
    codes = [i["code"] for g in data["indicator_groups"] for i in g["indicators"]]
    if len(codes) != len(set(codes)):
        raise errors.RuleViolation(f"{path.name}: indicator codes must be unique")
    sign_off = data.get("manager_sign_off") or {}
    return {
        "partnership": data["partnership"],
        "version": data["version"],
        "title": data["title"],
        "effective_from": dt.date.fromisoformat(data["effective_from"]),
        "source": data.get("source", ""),
        "levels": data["levels"],
        "indicator_groups": data["indicator_groups"],
        "sign_off_from_level": sign_off.get("from_level") if sign_off.get("required") else None,
        "source_file": path.name,
        "content_hash": hashlib.sha256(raw).hexdigest(),
    }


def load_continuum_file(continuum_model, path: Path) -> tuple[object, bool]:
    """Load one file into the Continuum table. Returns (row, created). Loading the same
    version again is a no-op; the same version with different content is refused."""
    fields = read_continuum_file(path)
    existing = continuum_model.objects.filter(
        partnership=fields["partnership"], version=fields["version"]
    ).first()
    if existing is not None:
        if existing.content_hash != fields["content_hash"]:
            raise errors.RuleViolation(
                CONTINUUM_CHANGED.format(
                    partnership=fields["partnership"], version=fields["version"]
                )
            )
        return existing, False
    return continuum_model.objects.create(**fields), True


def load_all_continua(continuum_model, data_dir: Path = DATA_DIR) -> list[tuple[object, bool]]:
    return [load_continuum_file(continuum_model, p) for p in continuum_files(data_dir)]

"""Backups and the restore drill (`familyhub backup`, `familyhub drill-restore`, `make
drill-restore`). See deploy/README.md, "Backups and the restore drill".

- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot while the service runs), restored
  with `pg_restore` into a new, empty database.
- SQLite (the laptop): Python's online backup API (`sqlite3.Connection.backup`), a consistent
  copy while FamilyHub keeps writing (WAL mode), restored the same way into a new file.

The drill takes a backup now (or uses `--from FILE`), restores it into a fresh database that
nothing else uses, runs `familyhub audit verify` against the restored copy in a separate
process, prints what the copy holds, and drops it (`--keep` keeps it). Exit status 0 only when
the restored audit chain and anchors verify.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

COUNTED = ("audit_auditevent", "people_family", "people_person")


@dataclass
class DrillResult:
    backup: Path
    backup_seconds: float
    restore_seconds: float
    verify_seconds: float
    restored_url: str
    verified: bool
    verify_output: str
    counts: dict[str, int]


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client tool (pg_dump, pg_restore, psql)."""
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is not installed: install the PostgreSQL client tools")
    return path


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def database_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{db.get('HOST') or ''}{port}/{db['NAME']}"


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:")


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///").removeprefix("sqlite://")


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)  # the online backup API: consistent while others write
    finally:
        dest.close()


def backup(url: str, target: Path, *, connection: sqlite3.Connection | None = None) -> Path:
    """Write a backup of the database at `url` to `target` (a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(url):
        source = connection or sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
        try:
            _sqlite_copy(source, target)
        finally:
            if connection is None:
                source.close()
        return target
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            url,
        ],
        check=True,
        capture_output=True,
    )
    return target


def restore_fresh(url: str, backup_file: Path, *, workdir: Path) -> str:
    """Restore `backup_file` into a new database beside `url`'s; its URL."""
    if _is_sqlite(url):
        fresh = workdir / f"restored-{_stamp()}.sqlite3"
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            _sqlite_copy(source, fresh)
        finally:
            source.close()
        return f"sqlite:///{fresh}"
    name = f"{urlsplit(url).path.lstrip('/')}_drill_{_stamp().lower()}"[:63]
    admin = _with_db(url, "postgres")
    subprocess.run(  # noqa: S603
        [_tool("psql"), admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'],
        check=True,
        capture_output=True,
    )
    fresh = _with_db(url, name)
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={fresh}",
        ]
        + [str(backup_file)],
        check=True,
        capture_output=True,
    )
    return fresh


def drop(url: str) -> None:
    if _is_sqlite(url):
        Path(_sqlite_path(url)).unlink(missing_ok=True)
        return
    name = urlsplit(url).path.lstrip("/")
    subprocess.run(  # noqa: S603
        [_tool("psql"), _with_db(url, "postgres"), "-q", "-c", f'DROP DATABASE IF EXISTS "{name}"'],
        check=False,
        capture_output=True,
    )


def _familyhub(url: str, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    code = "import sys; from familyhub.cli import main; sys.exit(main())"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, check=False
    )


def counts(url: str) -> dict[str, int]:
    """Rows in a few tables of the restored copy (what it holds, for the drill's report)."""
    if _is_sqlite(url):
        with sqlite3.connect(_sqlite_path(url)) as conn:
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}  # noqa: S608
    sql = " UNION ALL ".join(f"SELECT count(*) FROM {t}" for t in COUNTED)  # noqa: S608
    out = subprocess.run(  # noqa: S603
        [_tool("psql"), url, "-At", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return dict(zip(COUNTED, map(int, out), strict=True))


def drill(
    url: str,
    *,
    from_file: Path | None,
    backup_dir: Path,
    keep: bool = False,
    connection: sqlite3.Connection | None = None,
) -> DrillResult:
    workdir = Path(tempfile.mkdtemp(prefix="familyhub-drill-"))
    started = time.perf_counter()
    suffix = "sqlite3" if _is_sqlite(url) else "dump"
    target = backup_dir / f"familyhub-{_stamp()}.{suffix}"
    made = from_file or backup(url, target, connection=connection)
    backed_up = time.perf_counter()
    restored = restore_fresh(url, made, workdir=workdir)
    restored_at = time.perf_counter()
    try:
        verify = _familyhub(restored, "audit", "verify")
        verified_at = time.perf_counter()
        held = counts(restored)
    finally:
        if not keep:
            drop(restored)
            shutil.rmtree(workdir, ignore_errors=True)
    return DrillResult(
        backup=made,
        backup_seconds=0.0 if from_file else backed_up - started,
        restore_seconds=restored_at - backed_up,
        verify_seconds=verified_at - restored_at,
        restored_url=restored,
        verified=verify.returncode == 0,
        verify_output=(verify.stdout + verify.stderr).strip(),
        counts=held,
    )


def report(result: DrillResult) -> str:
    size = result.backup.stat().st_size if result.backup.exists() else 0
    lines = [
        f"Backup:   {result.backup} ({size / 1e6:.1f} MB, {result.backup_seconds:.1f} s)",
        f"Restored: into a fresh database in {result.restore_seconds:.1f} s",
        f"Verify:   {result.verify_seconds:.1f} s: {result.verify_output}",
        "Holds:    " + ", ".join(f"{n} {t.split('_', 1)[1]}" for t, n in result.counts.items()),
        "Drill "
        + ("PASSED: the restored copy's audit trail verifies" if result.verified else "FAILED"),
    ]
    return "\n".join(lines)


def _nothing_to_back_up(url: str) -> str | None:
    """Why there is nothing to back up here (no database yet, or one never migrated), said
    plainly before a backup of nothing is made and restored."""
    if _is_sqlite(url) and not Path(_sqlite_path(url)).exists():
        return (
            f"there is no database at {_sqlite_path(url)} to back up. Load one first "
            "(`make run`, or `familyhub migrate`), or set DATABASE_URL to the live database."
        )
    from django.db import DatabaseError
    from django.db import connection as db

    try:
        tables = db.introspection.table_names()
    except DatabaseError as exc:
        return f"the database cannot be reached ({exc}). Is DATABASE_URL right?"
    if "audit_auditevent" not in tables:
        return (
            "the database holds no FamilyHub tables (never migrated): nothing to back up. "
            "Run `familyhub migrate` first, or set DATABASE_URL to the live database."
        )
    return None


def main(argv: list[str], *, command: str) -> int:
    import django

    django.setup()
    from django.conf import settings

    parser = argparse.ArgumentParser(prog=f"familyhub {command}")
    default_dir = Path(os.environ.get("FAMILYHUB_BACKUP_DIR", settings.VAR_DIR / "backups"))
    parser.add_argument("--to", type=Path, default=None, help="backup: the file to write")
    parser.add_argument("--dir", type=Path, default=default_dir, help="where backups go")
    parser.add_argument("--from", dest="from_file", type=Path, help="drill: restore this backup")
    parser.add_argument("--keep", action="store_true", help="drill: keep the restored copy")
    args = parser.parse_args(argv)
    url = database_url()
    nothing = None if args.from_file else _nothing_to_back_up(url)
    if nothing:
        print(f"familyhub {command}: {nothing}", file=sys.stderr)
        return 2
    if command == "backup":
        suffix = "sqlite3" if _is_sqlite(url) else "dump"
        target = backup(url, args.to or args.dir / f"familyhub-{_stamp()}.{suffix}")
        print(f"Backup written: {target} ({target.stat().st_size / 1e6:.1f} MB)")
        return 0
    result = drill(url, from_file=args.from_file, backup_dir=args.dir, keep=args.keep)
    print(report(result))
    if args.keep:
        print(f"Restored copy kept: DATABASE_URL={result.restored_url}")
    return 0 if result.verified else 1

"""`make bench-link`: `familyhub link` at the size of a GP list against a council's register.

Builds a register (BENCH_LINK_SIZE people, 1,000,000 on PostgreSQL and 100,000 on SQLite by
default; web.bench.build's families, people and addresses, written with COPY, and their
matching keys) once, and an extract drawn from it (BENCH_LINK_ROWS rows, 500,000 and 20,000
by default): 70% register people with a partner's errors (a letter swapped, day and month of
birth swapped, moved house, no NHS number, capitals and postcodes without a space), 25% new
people, 5% new twins and siblings of register children (same surname, date of birth and
address, another first name). Each run links the extract into a fresh copy of the register
(PostgreSQL: `familyhub_bench_link`, made from the register's own database as a template;
SQLite: var/bench_link.sqlite3, a copy of the register's file) and prints rows a second, the
peak memory of the linking process (getrusage maxrss) and the linked, queued and new counts,
with the load average. BENCH_LINK_DB=postgresql or sqlite runs one database;
BENCH_LINK_REBUILD=1 builds the register and extract again; another BENCH_LINK_ROWS against a
register already built only draws a new extract from it (seconds, not the register's minutes).
BENCH_LINK_ONLY=build builds the register and extract and links nothing.

Everything is invented (web.bench.build's names); nothing here is a test (no assertion on time).
"""

from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from matching.normalise import COLUMNS
from web.bench import machine

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
VENDOR = os.environ.get("BENCH_LINK_DB", "postgresql")
DEFAULTS = {"postgresql": (1_000_000, 500_000), "sqlite": (100_000, 20_000)}
SIZE = int(os.environ.get("BENCH_LINK_SIZE") or DEFAULTS[VENDOR][0])
ROWS = int(os.environ.get("BENCH_LINK_ROWS") or DEFAULTS[VENDOR][1])
REBUILD = os.environ.get("BENCH_LINK_REBUILD") == "1"
ADMIN = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "familyhub_bench_link"
SEED = 23
HEADER = [*COLUMNS, "upn"]  # the dedupe contract and a UPN


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _register_name() -> str:
    return f"{DATABASE}_register_{SIZE}"


def _url(name: str) -> str:
    return ADMIN.rsplit("/", 1)[0] + f"/{name}"


def _register_file() -> Path:
    return VAR / f"bench_link_register_{SIZE}.sqlite3"


def _extract() -> Path:
    """The extract drawn from this database's register (SQLite's register is not
    PostgreSQL's: each has its own)."""
    return VAR / f"bench_link_extract_{VENDOR}_{SIZE}_{ROWS}.csv"


def _register_url() -> str:
    return f"sqlite:///{_register_file()}" if VENDOR == "sqlite" else _url(_register_name())


# --- Building (in a process of its own, so the linking process's memory is the link's) -------


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.test")
    import django

    django.setup()


def build() -> None:
    """The register (people, families, addresses, keys) and the extract drawn from it."""
    _setup(_register_url())
    if os.environ.get("BENCH_LINK_EXTRACT_ONLY") == "1":  # the register is there already
        write_extract()
        return
    from django.core.management import call_command
    from django.db import connection

    from matching import register
    from web.bench import build as wb

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    say(f"Building a register of {SIZE:,} people (once; kept for later runs)")
    wb.build_register(SIZE)
    register.reindex(progress=lambda d, t, e: say(f"  keys {d:,}/{t:,} ({e:.0f} s)"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A register at rest, as autovacuum leaves one: hint bits and the visibility map
            # set (index-only look-ups of the keys), statistics gathered.
            cursor.execute("VACUUM (ANALYZE)")
    say(f"  built in {time.monotonic() - started:.0f} s")
    _built_mark().touch()
    write_extract()


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    k = rng.randrange(1, len(name) - 2)
    return name[:k] + name[k + 1] + name[k] + name[k + 2 :]


def _existing(row: dict, rng: random.Random, names) -> dict:
    """A register person as a partner holds them, with a partner's errors."""
    out = dict(row)
    roll = rng.random()
    if roll < 0.10:
        name = "surname" if rng.random() < 0.5 else "first_name"
        out[name] = _typo(out[name], rng)
    elif roll < 0.15 and int(out["dob"][8:]) <= 12:
        out["dob"] = f"{out['dob'][:4]}-{out['dob'][8:]}-{out['dob'][5:7]}"
    elif roll < 0.25:
        out["address_line_1"], out["postcode"] = names.address()
    if rng.random() < 0.2:
        out["nhs_number"] = ""
    if rng.random() < 0.1:
        out["first_name"], out["surname"] = out["first_name"].upper(), out["surname"].upper()
        out["postcode"] = out["postcode"].replace(" ", "")
    return out


def _people(ids: list[int]) -> list[dict]:
    """These register people with their address, in the order given."""
    from django.db import connection

    found: dict[int, dict] = {}
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, "  # noqa: S608
                "p.nhs_number, p.upn, a.line_1, a.postcode FROM people_person p "
                f"JOIN people_address a ON a.person_id = p.id WHERE p.id IN ({marks})",
                chunk,
            )
            for pid, given, family, dob, sex, nhs, upn, line, postcode in cursor.fetchall():
                found[pid] = {
                    "first_name": given,
                    "surname": family,
                    "dob": str(dob),
                    "sex": sex,
                    "nhs_number": nhs,
                    "upn": upn,
                    "address_line_1": line,
                    "postcode": postcode,
                }
    return [found[pid] for pid in ids if pid in found]


def write_extract() -> None:
    """BENCH_LINK_ROWS rows drawn from the register: see the module docstring."""
    from web.bench.build import Names

    rng = random.Random(SEED)
    names = Names(rng)
    known = int(ROWS * 0.70)
    twins = int(ROWS * 0.05)
    people = _people(rng.sample(range(1, SIZE + 1), min(known, SIZE)))
    rows = [_existing(r, rng, names) for r in people]
    children = [
        r for r in _people(rng.sample(range(1, SIZE + 1), min(4 * twins, SIZE))) if r["upn"]
    ]
    for r in children[:twins]:
        sex = rng.choice("MF")
        first = names.given(sex)
        while first == r["first_name"]:
            first = names.given(sex)
        rows.append({**r, "first_name": first, "sex": sex, "nhs_number": "", "upn": ""})
    while len(rows) < ROWS:
        sex = rng.choice("MF")
        line, postcode = names.address()
        born = f"{rng.randint(1950, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append(
            {
                "first_name": names.given(sex),
                "surname": names.surname(),
                "dob": born,
                "sex": sex,
                "nhs_number": "",
                "upn": "",
                "address_line_1": line,
                "postcode": postcode,
            }
        )
    rng.shuffle(rows)
    path = _extract()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        for n, row in enumerate(rows, start=1):
            writer.writerow({**row, "record_id": f"GP{n:07d}", "source_system": "Bench GP"})
    say(f"  extract of {len(rows):,} rows: {path}")


# --- Each run -----------------------------------------------------------------------------


def _built_mark() -> Path:
    """Written once the register is built: a build killed part-way is built again."""
    return VAR / f"bench_link_register_{VENDOR}_{SIZE}.built"


def _is_built() -> bool:
    """Whether the register is built (the extract of this many rows may not be)."""
    if VENDOR == "sqlite":
        return _register_file().exists() and _built_mark().exists()
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_register_name()])
        return found.fetchone() is not None and _built_mark().exists()


def _fresh_copy() -> str:
    """A fresh copy of the register to link into; returns its URL."""
    if VENDOR == "sqlite":
        target = VAR / "bench_link.sqlite3"
        for extra in ("-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
        shutil.copyfile(_register_file(), target)
        return f"sqlite:///{target}"
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{_register_name()}"')
    return _url(DATABASE)


def _drop_register() -> None:
    _built_mark().unlink(missing_ok=True)
    _register_file().unlink(missing_ok=True)
    _extract().unlink(missing_ok=True)
    if VENDOR == "postgresql":
        import psycopg

        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_register_name()}"')
            conn.execute(f'CREATE DATABASE "{_register_name()}"')


def link() -> None:
    """Link the extract into the fresh copy, in this process, and print the figures."""
    _setup(_fresh_copy())
    from django.db import connection

    from linkage import actions

    run = actions.run_create(
        by=actions.system_actor("gp"),
        source="gp",
        file_name=_extract().name,
        sha256=actions.file_sha256(_extract()),
    )
    ahead, matchers = _count_ahead()
    backend, server = _backend(), _server_cpu()
    started, cpu = time.monotonic(), time.process_time()
    run = actions.run_file(run=run, path=_extract())
    took, cpu = time.monotonic() - started, time.process_time() - cpu
    # (Matching ahead closes this connection as it starts: a new server process then served
    # the whole run.)
    writing = _server_cpu() - (server if _backend() == backend else 0.0)
    server = writing + sum(ahead)
    # The linking process and its matcher processes (if it had them): CPU and peaks added (the
    # peak of them all together is at most the sum).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    own = cpu
    cpu += sum(used for used, _peak in matchers)
    matcher_peak = sum(p for _used, p in matchers)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nbench-link on {connection.vendor}: {run.rows_done:,} rows against a register of "
        f"{SIZE:,} people (batches of {os.environ.get('FAMILYHUB_LINK_BATCH') or 2000})"
    )
    print("| database | rows | seconds | rows/s | peak MiB | linked | queued | new | unreadable |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {connection.vendor} | {run.rows_done:,} | {took:.0f} | {run.rows_done / took:,.0f} | "
        f"{peak + matcher_peak:,.0f} | {run.linked:,} | {run.to_review:,} | {run.created:,} | "
        f"{run.unreadable:,} |"
    )
    both = cpu + server
    serving = (
        f" and its PostgreSQL server processes {server:.0f} s (the writing connection's "
        f"{writing:.0f} s"
        + "".join(f", a matcher's {used:.0f} s" for used in ahead)
        + f"): {run.rows_done / both:,.0f} rows per CPU second of them all (on an idle machine "
        "of two cores or more they work at once)"
        if server
        else ""
    )
    print(
        f"status {run.status}; the linking process"
        + (
            f" ({own:.0f} s) and its {len(matchers)} matcher processes ("
            + ", ".join(f"{used:.0f} s, peak {p:,.0f} MiB" for used, p in matchers)
            + ")"
            if matchers
            else ""
        )
        + f" used {cpu:.0f} s of CPU "
        f"({run.rows_done / max(cpu, 1e-9):,.0f} rows per CPU second){serving}; "
        f"load average {load} (1, 5, 15 min); {os.cpu_count()} cores; {machine.describe()}"
    )


def _count_ahead() -> tuple[list[float], list[tuple[float, float]]]:
    """The CPU seconds of the server process of each connection the link's matching ahead
    opens (`linkage.prefetch.Prefetch`), and the CPU seconds and peak MiB of each matcher's own
    process (not a thread of this one), each read there just before it closes."""
    from linkage import prefetch

    servers: list[float] = []
    matchers: list[tuple[float, float]] = []
    close = prefetch.Prefetch.close

    def counted(self) -> None:
        for pool in self.pools:
            servers.append(pool.submit(_server_cpu).result())
            pid, cpu, peak = pool.submit(_own_use).result()
            if pid != os.getpid():
                matchers.append((cpu, peak))
        close(self)

    prefetch.Prefetch.close = counted  # type: ignore[method-assign]
    return servers, matchers


def _own_use() -> tuple[int, float, float]:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), use.ru_utime + use.ru_stime, use.ru_maxrss / 1024


def _backend() -> int:
    """This connection's PostgreSQL server process (0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL server process (0 elsewhere,
    or when the server is on another machine)."""
    pid = _backend()
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        build()
        return 0
    VAR.mkdir(exist_ok=True)
    built = not REBUILD and _is_built()
    if not built or not _extract().exists():
        if not built:
            _drop_register()  # (on PostgreSQL, an empty database for the child to build)
        env = {**os.environ, "BENCH_LINK_EXTRACT_ONLY": "1" if built else "0"}
        child = subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, "-m", "web.bench.link", "build"], cwd=ROOT, env=env, check=False
        )
        if child.returncode:
            return child.returncode
    if os.environ.get("BENCH_LINK_ONLY") != "build":
        link()
    return 0


if __name__ == "__main__":
    sys.exit(main())

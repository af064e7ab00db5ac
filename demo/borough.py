"""Build the synthetic Demo Borough in the database: its partnership (demo.structure) and its
families (demo.households, generated without the database and written here in batches).

    from demo import borough
    borough.status()                      # "empty", "partial" or "loaded"
    borough.load(families=500, seed=2026)  # organisations, sign-ins, families, one audit event
    borough.reset()                        # remove everything the loader made

Each batch of families is written in one transaction (on PostgreSQL, a large borough is one
transaction, its indexes built after the rows: `_indexes_built_after`), so an interrupted load
never leaves half a family. People are written with their search keys and matching keys
(`matching.register.key_rows`), each name's keys made once. The demo admin user is created
last, in the same transaction as the audit event: its existence means the load finished.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

import audit
from access.models import User
from audit.models import Verb
from matching import register
from matching.models import PersonKey
from organisations.models import Hub, Involvement, Organisation, Practitioner, Role, Team
from people.models import (
    Address,
    ChronologyEntry,
    Family,
    Membership,
    Person,
    PersonIdentifier,
    PersonMerge,
    Relationship,
    Significance,
)
from people.search import index_keys

from . import households, staff, structure
from .structure import ADMIN_EMAIL, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD

BATCH_SIZE = 1000  # families per transaction
AUDIT_ACTOR = "demo loader"

EMPTY, PARTIAL, LOADED = "empty", "partial", "loaded"


class ResetBlocked(Exception):
    """Other records refer to the demo borough, so it cannot be removed on its own."""


@dataclass
class Ids:
    """Primary keys of the partnership, by structure key."""

    orgs: dict[str, int]
    hubs: dict[str, int]
    teams: dict[str, int]
    practitioners: dict[str, int]
    users: dict[str, int]


@dataclass
class SignIn:
    email: str
    name: str
    role: str
    organisation: str
    team: str


def _demo_users():
    return User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")


def _demo_orgs():
    return Organisation.objects.filter(name__in=[o.name for o in structure.ORGANISATIONS])


def status() -> str:
    """'loaded' when a load finished, 'partial' when one started but did not, else 'empty'."""
    if User.objects.filter(email=ADMIN_EMAIL).exists():
        return LOADED
    if _demo_users().exists() or _demo_orgs().exists():
        return PARTIAL
    return EMPTY


def sign_ins() -> list[SignIn]:
    """The well-known demo accounts as they are in the database, in the documented order."""
    emails = [p.email for p in structure.WELL_KNOWN]
    found = {
        p.user.email: p
        for p in Practitioner.objects.filter(user__email__in=emails).select_related(
            "user", "organisation", "team"
        )
    }
    return [
        SignIn(
            email,
            p.user.full_name,
            Role(p.role).label,
            p.organisation.name,
            p.team.name if p.team else "",
        )
        for email in emails
        if (p := found.get(email))
    ]


# --- Load -----------------------------------------------------------------------------------


def load(
    *,
    families: int,
    seed: int,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int, float], None] | None = None,
    defer_indexes: bool | None = None,
    step: Callable[[str, float], None] | None = None,
) -> dict[str, int]:
    """Load the borough into an empty database and return row counts.

    On PostgreSQL a large borough (`DEFER_INDEXES_FROM` families or more, or `defer_indexes`)
    is written in one transaction with the loaded tables' plain indexes and foreign keys
    dropped, and built again at its end (`_indexes_built_after`). `step` is told how long
    that took (and the tables' ANALYZE), as "borough.indexes"."""
    today = today or timezone.localdate()
    started = time.monotonic()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo account
    with transaction.atomic():
        ids = _create_partnership(password)
        _create_staff(staff.for_families(families), ids, password)
    counts = dict.fromkeys(COUNTED, 0)
    if defer_indexes is None:
        defer_indexes = families >= DEFER_INDEXES_FROM
    defer_indexes = defer_indexes and connection.vendor == "postgresql"
    with contextlib.ExitStack() as stack:
        stack.enter_context(_large_page_cache())
        if defer_indexes:  # one transaction: the indexes come back with the families or neither
            stack.enter_context(transaction.atomic())
            _no_commit_wait()
            stack.enter_context(_indexes_built_after(LOADED))
        for batch in _batches(families, seed, today, batch_size):
            with transaction.atomic():  # (a savepoint when the indexes are built after)
                _no_commit_wait()
                for key, n in _write_families(batch, ids).items():
                    counts[key] += n
            if progress:
                progress(counts["families"], families, time.monotonic() - started)
        indexed = time.monotonic()
    _analyze(LOADED)
    if step:
        step("borough.indexes", time.monotonic() - indexed)
    with transaction.atomic():
        _create_practitioner(structure.PRACTITIONER_BY_KEY["admin"], ids, password)
        audit.record(
            AUDIT_ACTOR, Verb.DEMO_LOAD, None, changes={"families": families, "seed": seed}
        )
    return counts


COUNTED = (
    "families",
    "people",
    "memberships",
    "addresses",
    "relationships",
    "involvements",
    "chronology",
)


def _batches(families: int, seed: int, today: dt.date, batch_size: int):
    """The borough's families in lists of `batch_size`, in order, generated by a helper
    thread one batch ahead while the database writes the last one (the database's own work
    runs in its server process, so the two overlap). A helper process was tried: pickling a
    batch across costs as much as generating it."""
    plans = households.generate(families=families, seed=seed, today=today)
    ahead: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            while not stop.is_set() and (batch := list(itertools.islice(plans, batch_size))):
                ahead.put(batch)
            ahead.put(None)
        except BaseException as exc:  # handed to the loader, which raises it
            ahead.put(exc)

    helper = threading.Thread(target=produce, name="demo-borough-plans", daemon=True)
    helper.start()
    try:
        while (batch := ahead.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield batch
    finally:
        stop.set()
        while helper.is_alive():  # take what it hands over, so it is never left blocked
            with contextlib.suppress(queue.Empty):
                ahead.get(timeout=0.1)


# The tables the loader fills (matching keys are written with the people).
LOADED = (
    Family,
    Person,
    PersonKey,
    Membership,
    Address,
    Relationship,
    Involvement,
    ChronologyEntry,
)
# From this many families, PostgreSQL builds the loaded tables' indexes faster in one pass at
# the end than it keeps them up to date row by row (a person has 22: sound keys, trigrams…).
DEFER_INDEXES_FROM = 5_000


@contextlib.contextmanager
def _indexes_built_after(models_: tuple):
    """PostgreSQL, inside the caller's transaction: drop these tables' plain (non-unique)
    indexes and their foreign keys, and build them again when the block ends: each index in
    one sorted pass and each foreign key checked by one join, instead of an index update and
    a queued check per row. The unique indexes stay (the loader reads its new rows' ids by
    them, and they keep their guard). DDL is transactional there: if the load fails, its
    transaction rolls back and the indexes and keys are as they were."""
    tables = [m._meta.db_table for m in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem TO '512MB'")  # sorts in memory
        for _name, definition in indexes:
            cursor.execute(definition)
    _analyze(models_)  # the foreign keys' checks are planned with the tables' statistics
    with connection.cursor() as cursor:
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def _analyze(models_: tuple) -> None:
    """PostgreSQL: fresh statistics for the tables just filled, so the demo data loaded next
    (and the first pages served) are planned for their real size, not for empty tables."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _no_commit_wait() -> None:
    """On PostgreSQL, commit the batch without waiting for its WAL to reach the disk (this
    transaction only): a crash could lose the last batches, never half of one, and an unfinished
    load is reported and rebuilt anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


@contextlib.contextmanager
def _large_page_cache(kib: int = 256 * 1024):
    """SQLite's default page cache (2 MB) makes index updates slow once the database is large;
    use a bigger one for the load and put it back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _create_partnership(password: str) -> Ids:
    orgs = {
        o.key: Organisation.objects.create(
            name=o.name,
            org_type=o.org_type,
            code=o.code,
            phone=o.phone,
            email=o.email,
            address=o.address,
            locality=o.locality,
        ).pk
        for o in structure.ORGANISATIONS
    }
    hubs: dict[str, int] = {}
    for h in sorted(structure.HUBS, key=lambda h: h.main is not None):  # main sites first
        hubs[h.key] = Hub.objects.create(
            name=h.name,
            organisation_id=orgs["eh"],
            locality=h.locality,
            address=h.address,
            phone=h.phone,
            evening_weekend_phone=structure.EVENING_WEEKEND_PHONE,
            main_site_id=hubs[h.main] if h.main else None,
        ).pk
    teams = {
        t.key: Team.objects.create(
            name=t.name,
            organisation_id=orgs[t.org],
            hub_id=hubs.get(t.hub) if t.hub else None,
            locality=t.locality,
        ).pk
        for t in structure.TEAMS
    }
    ids = Ids(orgs, hubs, teams, {}, {})
    for spec in structure.PRACTITIONERS:
        if spec.key != "admin":  # the admin is created last: it marks a finished load
            _create_practitioner(spec, ids, password)
    return ids


def _create_staff(extra: staff.Staff, ids: Ids, password: str) -> None:
    """The teams a large borough adds (demo.staff), their managers and workers, in bulk."""
    teams = Team.objects.bulk_create(
        Team(
            name=t.name,
            organisation_id=ids.orgs[t.org],
            hub_id=ids.hubs[t.hub] if t.hub else None,
            locality=t.locality,
        )
        for t in extra.teams
    )
    ids.teams.update((t.key, team.pk) for t, team in zip(extra.teams, teams, strict=True))
    users = User.objects.bulk_create(
        User(email=p.email, full_name=p.full_name, password=password) for p in extra.practitioners
    )
    practitioners = Practitioner.objects.bulk_create(
        Practitioner(
            user_id=user.pk,
            organisation_id=ids.orgs[p.org],
            team_id=ids.teams[p.team] if p.team else None,
            role=p.role,
            job_title=p.job_title,
            designations=list(p.designations),
        )
        for p, user in zip(extra.practitioners, users, strict=True)
    )
    manages = Practitioner.manages.through
    manages.objects.bulk_create(
        manages(practitioner_id=pr.pk, team_id=ids.teams[team])
        for p, pr in zip(extra.practitioners, practitioners, strict=True)
        for team in p.manages
    )
    for p, user, pr in zip(extra.practitioners, users, practitioners, strict=True):
        ids.users[p.key], ids.practitioners[p.key] = user.pk, pr.pk


def _create_practitioner(spec: structure.PractitionerSpec, ids: Ids, password: str) -> None:
    user = User.objects.create_user(
        spec.email, None, full_name=spec.full_name, is_staff=spec.is_staff
    )
    User.objects.filter(pk=user.pk).update(password=password)
    index = [p.key for p in structure.PRACTITIONERS].index(spec.key)
    phone, mobile = structure.practitioner_phones(index)
    practitioner = Practitioner.objects.create(
        user=user,
        organisation_id=ids.orgs[spec.org],
        team_id=ids.teams[spec.team] if spec.team else None,
        role=spec.role,
        job_title=spec.job_title,
        designations=[str(d) for d in spec.designations],
        phone=phone,
        mobile=mobile,
    )
    if spec.manages:
        practitioner.manages.set([ids.teams[k] for k in spec.manages])
    ids.practitioners[spec.key] = practitioner.pk
    ids.users[spec.key] = user.pk


def _at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=households.LONDON)


class _Inserter:
    """Insert many rows of one model with one executemany(). At 100,000 families the ORM's
    per-field value preparation in bulk_create() dominated the load (about half of it for
    Person alone), so the loader prepares values itself:

    - columns come from the model's _meta, so a field added later with a default is still
      filled (with its default, evaluated once per batch);
    - dates, datetimes and JSON are adapted by the database backend's own adapters; strings,
      numbers, booleans and foreign keys go to the driver as they are.
    """

    def __init__(self, model, attnames: tuple[str, ...]):
        fields = [
            f for f in model._meta.concrete_fields if not f.primary_key or f.attname in attnames
        ]
        known = {f.attname for f in fields}
        missing = [a for a in attnames if a not in known]
        if missing:
            raise ValueError(f"{model.__name__} has no fields {missing}")
        position = {a: i for i, a in enumerate(attnames)}
        self.fields = fields
        self.positions = [position.get(f.attname) for f in fields]
        self.adapters = [self._adapter(f) for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    @staticmethod
    def _adapter(field):
        ops = connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        plain = (
            models.CharField,
            models.TextField,
            models.BooleanField,
            models.IntegerField,
            models.ForeignKey,
        )
        if isinstance(field, plain):
            return None  # the driver takes these Python values as they are
        return lambda value: field.get_db_prep_save(value, connection)

    def insert(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        columns = []
        for field, pos, adapt in zip(self.fields, self.positions, self.adapters, strict=True):
            if pos is None:  # not supplied: the field's default, the same for every row
                value = field.get_default()
                value = adapt(value) if adapt and value is not None else value
                columns.append(itertools.repeat(value, len(rows)))
            elif adapt is None:
                columns.append([row[pos] for row in rows])
            else:
                memo: dict = {}  # e.g. an entry's occurred_at and recorded_at are one object
                column = []
                for row in rows:
                    value = row[pos]
                    if value is None:
                        column.append(None)
                        continue
                    key = id(value)
                    if key not in memo:
                        memo[key] = adapt(value)
                    column.append(memo[key])
                columns.append(column)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in zip(*columns, strict=True):
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, list(zip(*columns, strict=True)))
        return len(rows)


def _next_ids(model, n: int) -> list[int]:
    """PostgreSQL: the next `n` ids of the model's sequence, the ids its rows would get."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _write_families(plans: list[households.FamilyPlan], ids: Ids) -> dict[str, int]:
    """One batch. On PostgreSQL the families' and people's ids are taken from their sequences
    first (the same ids they would get) and written with them, so nothing is read back, and
    each NHS number is written with its provenance (`households.nhs_number_provenance`)."""
    with_ids = connection.vendor == "postgresql"
    inserters = _inserters(with_ids)
    family_ids = _next_ids(Family, len(plans)) if with_ids else []
    inserters["families"].insert(
        [
            (
                *family_ids[n : n + 1],
                p.reference,
                p.name,
                ids.hubs[p.hub],
                p.locality,
                p.summary,
                True,
                p.created_at,
                p.updated_at,
            )
            for n, p in enumerate(plans)
        ]
    )
    if with_ids:
        family_pks = {p.reference: pk for p, pk in zip(plans, family_ids, strict=True)}
        person_ids = iter(_next_ids(Person, sum(len(p.people) for p in plans)))
        today = timezone.localdate()  # (as sharing's demo data's own provenance)
    else:
        family_pks = _pks(Family, "reference", [p.reference for p in plans])

    rows = []
    for plan in plans:
        for pp in plan.people:
            keys = _search_keys(pp.given_name, pp.family_name)
            extra: tuple = ()
            if with_ids:
                pk = next(person_ids)
                extra = (pk, *_provenance(pk, pp.nhs_number, today))
            rows.append(
                (
                    *extra,
                    pp.given_name,
                    pp.family_name,
                    pp.other_names,
                    pp.preferred_name,
                    pp.date_of_birth,
                    pp.expected_date_of_birth,
                    pp.sex,
                    pp.ethnicity,
                    pp.first_language,
                    pp.interpreter_needed,
                    pp.disabilities,
                    pp.nhs_number,
                    pp.upn,
                    pp.upn_unknown_reason,
                    pp.la_child_id,
                    keys.given_key,
                    keys.family_key,
                    keys.given_sound,
                    keys.family_sound,
                    True,
                    plan.created_at,
                    plan.created_at,
                )
            )
    inserters["people"].insert(rows)
    if with_ids:
        person_pks = {row[18]: row[0] for row in rows}
    else:
        person_pks = _pks(Person, "la_child_id", [row[14] for row in rows])
    register.insert_keys(register.key_rows(_matching_rows(plans, person_pks)))

    memberships, addresses, relationships, involvements, entries = [], [], [], [], []
    users, practitioners, orgs, teams = ids.users, ids.practitioners, ids.orgs, ids.teams
    routine, significant = Significance.ROUTINE.value, Significance.SIGNIFICANT.value
    for plan in plans:
        pks = [person_pks[pp.la_child_id] for pp in plan.people]
        fid, created = family_pks[plan.reference], plan.created_at
        for pk, pp in zip(pks, plan.people, strict=True):
            memberships.append((fid, pk, pp.role, pp.in_household, pp.joined_on, pp.left_on))
            addresses.extend(
                (
                    pk,
                    a.line_1,
                    a.line_2,
                    a.town,
                    a.postcode,
                    a.uprn,
                    a.moved_in_on,
                    a.moved_out_on,
                    a.is_confidential,
                    created,
                )
                for a in pp.addresses
            )
        relationships.extend(
            (
                pks[r.from_index],
                pks[r.to_index],
                str(r.kind),
                r.parental_responsibility,
                r.notes,
                created,
            )
            for r in plan.relationships
        )
        involvements.extend(
            (
                fid,
                None if i.person is None else pks[i.person],
                orgs[i.organisation],
                practitioners[i.practitioner] if i.practitioner else None,
                teams[i.team] if i.team else None,
                str(i.role),
                i.started_on,
                i.ended_on,
                i.end_reason,
                i.notes,
                _at_nine(i.started_on),
            )
            for i in plan.involvements
        )
        entries.extend(
            (
                fid,
                None if e.person is None else pks[e.person],
                e.occurred_at,
                e.kind,
                e.summary,
                significant if e.significant else routine,
                users[e.author] if e.author else None,
                orgs[e.agency] if e.agency else None,
                e.occurred_at,
            )
            for e in plan.chronology
        )
    return {
        "families": len(plans),
        "people": len(rows),
        "memberships": inserters["memberships"].insert(memberships),
        "addresses": inserters["addresses"].insert(addresses),
        "relationships": inserters["relationships"].insert(relationships),
        "involvements": inserters["involvements"].insert(involvements),
        "chronology": inserters["chronology"].insert(entries),
    }


_NO_PROVENANCE = ("", "", None)


def _provenance(pk: int, nhs_number: str, today: dt.date) -> tuple[str, str, dt.date | None]:
    return households.nhs_number_provenance(pk, today) if nhs_number else _NO_PROVENANCE


def _matching_rows(plans: list[households.FamilyPlan], person_pks: dict[str, int]):
    """The people as `matching.register.key_rows` reads them, each with the address that may
    place them as `register.refresh` chooses it (current, not confidential, the latest moved
    into), so their matching keys are stored with them: no later pass reads them back."""
    today = timezone.localdate()
    for plan in plans:
        for pp in plan.people:
            where, latest = ("", ""), None
            for n, a in enumerate(pp.addresses):  # in the order they are written (their ids)
                if a.is_confidential or (a.moved_out_on is not None and a.moved_out_on <= today):
                    continue
                order = (a.moved_in_on is not None, a.moved_in_on or dt.date.min, n)
                if latest is None or order > latest:
                    where, latest = (a.postcode, a.line_1), order
            yield {
                "pk": person_pks[pp.la_child_id],
                "given_name": pp.given_name,
                "family_name": pp.family_name,
                "date_of_birth": pp.date_of_birth,
                "sex": pp.sex,
                "nhs_number": pp.nhs_number,
                "upn": pp.upn,
                "m_postcode": where[0],
                "m_line_1": where[1],
            }


@functools.lru_cache(maxsize=100_000)
def _search_keys(given_name: str, family_name: str) -> _SearchKeys:
    """A person's search keys (people.search.index_keys), made once per pair of names: names
    repeat enormously in a borough, and making them was a tenth of the load."""
    keys = _SearchKeys(given_name, family_name)
    index_keys(keys)  # the same search keys the app writes for every person
    return keys


class _SearchKeys:
    """Just the attributes people.search.index_keys() reads and writes."""

    __slots__ = (
        "given_name",
        "family_name",
        "given_key",
        "family_key",
        "given_sound",
        "family_sound",
    )

    def __init__(self, given_name: str, family_name: str):
        self.given_name, self.family_name = given_name, family_name


def _pks(model, unique_field: str, keys: list[str]) -> dict[str, int]:
    """Primary keys of rows just inserted, by their unique key. The loader numbers references
    and LA IDs contiguously with zero padding, so one indexed range query finds a batch."""
    found = dict(
        model.objects.filter(**{f"{unique_field}__range": (min(keys), max(keys))}).values_list(
            unique_field, "pk"
        )
    )
    missing = set(keys) - found.keys()
    if missing:
        raise RuntimeError(f"{len(missing)} {model.__name__} rows were not inserted")
    return found


def _inserters(with_ids: bool = False) -> dict[str, _Inserter]:
    """`with_ids`: families and people are written with their ids, and people with their NHS
    numbers' provenance (the four columns first)."""
    family_ids: tuple[str, ...] = ("id",) if with_ids else ()
    person_ids: tuple[str, ...] = (
        ("id", "nhs_number_source", "nhs_number_status", "nhs_number_verified_on")
        if with_ids
        else ()
    )
    return {
        "families": _Inserter(
            Family,
            (
                *family_ids,
                "reference",
                "name",
                "hub_id",
                "locality",
                "summary",
                "is_synthetic",
                "created_at",
                "updated_at",
            ),
        ),
        "people": _Inserter(
            Person,
            (
                *person_ids,
                "given_name",
                "family_name",
                "other_names",
                "preferred_name",
                "date_of_birth",
                "expected_date_of_birth",
                "sex",
                "ethnicity",
                "first_language",
                "interpreter_needed",
                "disabilities",
                "nhs_number",
                "upn",
                "upn_unknown_reason",
                "la_child_id",
                "given_key",
                "family_key",
                "given_sound",
                "family_sound",
                "is_synthetic",
                "created_at",
                "updated_at",
            ),
        ),
        "memberships": _Inserter(
            Membership, ("family_id", "person_id", "role", "in_household", "joined_on", "left_on")
        ),
        "addresses": _Inserter(
            Address,
            (
                "person_id",
                "line_1",
                "line_2",
                "town",
                "postcode",
                "uprn",
                "moved_in_on",
                "moved_out_on",
                "is_confidential",
                "created_at",
            ),
        ),
        "relationships": _Inserter(
            Relationship,
            (
                "from_person_id",
                "to_person_id",
                "kind",
                "parental_responsibility",
                "notes",
                "created_at",
            ),
        ),
        "involvements": _Inserter(
            Involvement,
            (
                "family_id",
                "person_id",
                "organisation_id",
                "practitioner_id",
                "team_id",
                "role",
                "started_on",
                "ended_on",
                "end_reason",
                "notes",
                "created_at",
            ),
        ),
        "chronology": _Inserter(
            ChronologyEntry,
            (
                "family_id",
                "person_id",
                "occurred_at",
                "kind",
                "summary",
                "significance",
                "recorded_by_id",
                "agency_id",
                "recorded_at",
            ),
        ),
    }


# --- Reset ----------------------------------------------------------------------------------


def _raw_delete(model, where: str, params: list) -> int:
    """Delete without loading rows. Foreign keys are still enforced by the database (deferred,
    checked when the transaction commits), so nothing that refers to these rows is orphaned."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 - fixed SQL
        return cursor.rowcount


def _reset_extras() -> None:
    """Each app that adds demo data (FAMILYHUB DEMO_EXTRAS "app.demo.load_demo") removes it
    first through its own `reset_demo()`, and notices sent to demo accounts go too."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from notices.models import Notice

    for path in settings.FAMILYHUB.get("DEMO_EXTRAS", []):
        module = path.rsplit(".", 1)[0]
        try:
            reset_extra = import_string(f"{module}.reset_demo")
        except ImportError:
            continue
        reset_extra()
    Notice.objects.filter(recipient__in=_demo_users()).delete()


def reset() -> None:
    """Remove the demo borough: synthetic families and people with everything recorded about
    them, the demo sign-ins and practitioners, and the demo organisations, hubs and teams.

    Raises ResetBlocked (and changes nothing) when other records refer to any of it, for
    example a family created by hand in the app with a demo practitioner involved."""
    from django.db import IntegrityError
    from django.db.models import ProtectedError, RestrictedError

    try:
        with transaction.atomic():
            _reset_extras()
            families = Family.objects.filter(is_synthetic=True).values("pk")
            people = Person.objects.filter(is_synthetic=True).values("pk")
            PersonMerge.objects.filter(Q(keep__in=people) | Q(other__in=people)).delete()
            ChronologyEntry.objects.filter(Q(family__in=families) | Q(person__in=people)).delete()
            Involvement.objects.filter(Q(family__in=families) | Q(person__in=people)).delete()
            Relationship.objects.filter(
                Q(from_person__in=people) | Q(to_person__in=people)
            ).delete()
            Address.objects.filter(person__in=people).delete()
            PersonIdentifier.objects.filter(person__in=people).delete()
            Membership.objects.filter(Q(family__in=families) | Q(person__in=people)).delete()
            _raw_delete(Person, "is_synthetic = %s", [True])
            _raw_delete(Family, "is_synthetic = %s", [True])
            practitioners = Practitioner.objects.filter(user__in=_demo_users())
            Practitioner.manages.through.objects.filter(practitioner__in=practitioners).delete()
            practitioners.delete()
            _demo_users().delete()
            orgs = _demo_orgs()
            Team.objects.filter(organisation__in=orgs).delete()
            Hub.objects.filter(organisation__in=orgs, main_site__isnull=False).delete()
            Hub.objects.filter(organisation__in=orgs).delete()
            orgs.delete()
    except (IntegrityError, ProtectedError, RestrictedError) as exc:
        raise ResetBlocked(str(exc)) from exc

"""A synthetic council's register for `make bench-visibility`: people in families, with the
teams, managers and a partner school that give practitioners sight of them.

Built with COPY (bulk rows, not actions: no audit trail, no chronology written by actions)
into the benchmark's own database, once; `build` is skipped when the register is there.
Every person is invented (names drawn from matching/bench/namedata.py).

Shape (teams and caseloads do not grow with the register; the register does):
- TEAMS locality teams of WORKERS practitioners each (family and social workers), every worker
  the lead practitioner of CASELOAD families now, with their team involved too;
- a team manager over each MANAGED_TEAMS teams;
- a partner school whose pastoral team is involved with SCHOOL_FAMILIES families, its DSL
  one of the school's practitioners;
- every other family with an involvement that ended years ago (a register's history), a few
  sealed families on an access list, a few records merged into another;
- a chronology entry for every family, and a handful for each family worked with now.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass, field

from familyhub import bench

TEAMS = 48
WORKERS = 10
CASELOAD = 20
MANAGED_TEAMS = 4
SCHOOL_FAMILIES = 400
SEALED_EVERY = 1000  # one family in this many is sealed
SEED = 11
BATCH = 50_000
COUNCIL = "Bench Borough Council"
UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # letters of a postcode's unit
SCHOOL = "Bench Park Primary School"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Cast:
    """Who the benchmark signs in as, and the family page it opens."""

    practitioner_user_id: int
    manager_user_id: int
    partner_user_id: int
    family_id: int
    search_name: str  # "Given Family dd/mm/yyyy" of someone in the practitioner's caseload
    common_surname: str
    extra: dict = field(default_factory=dict)


# --- COPY rows into a model's table -----------------------------------------------------------


def copy_rows(model, rows) -> int:
    """COPY rows that carry their own ids (reset_sequences afterwards): familyhub/bench.py."""
    return bench.copy_rows(model, rows, ids=True)


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


# --- Names ------------------------------------------------------------------------------------


# How common the listed surnames are (rank r: SURNAME_TOP × r^-SURNAME_FALL of families): Smith
# about 1 family in 80, Jones 1 in 120, Johnson (10th) 1 in 330, the 248th 1 in 2,200, as in
# England and Wales, where about 1 person in 100 is a Smith. Together they name a quarter of
# the families; the rest have rarer surnames (made up from parts). Until 2026-12-07 the list
# was drawn for 60% of families with weights 1/r^0.9, which made Smith 1 family in 13: a
# team's 200 families then held 15 Smith families, far more than a real team's 2 or 3.
SURNAME_TOP = 0.012
SURNAME_FALL = 0.6


class Names:
    def __init__(self, rng: random.Random):
        from matching.bench import namedata as nd

        self.rng = rng
        self.male, self.female = nd.MALE, nd.FEMALE
        self.mw = [1 / (i + 1) ** 0.9 for i in range(len(nd.MALE))]
        self.fw = [1 / (i + 1) ** 0.9 for i in range(len(nd.FEMALE))]
        self.surnames = nd.SURNAMES
        self.sw = [SURNAME_TOP / (i + 1) ** SURNAME_FALL for i in range(len(nd.SURNAMES))]
        self.listed = sum(self.sw)
        self.heads, self.mids, self.tails = nd.SURNAME_HEADS, nd.SURNAME_MIDS, nd.SURNAME_TAILS
        self.streets, self.types, self.areas = nd.STREETS, nd.STREET_TYPES, nd.POSTCODE_AREAS

    def given(self, sex: str) -> str:
        names, w = (self.male, self.mw) if sex == "M" else (self.female, self.fw)
        return self.rng.choices(names, w)[0].capitalize()

    def surname(self) -> str:
        r = self.rng
        if r.random() < self.listed:
            return r.choices(self.surnames, self.sw)[0].capitalize()
        return (r.choice(self.heads) + r.choice(self.mids) + r.choice(self.tails)).capitalize()

    def address(self) -> tuple[str, str]:
        r = self.rng
        line = f"{r.randint(1, 240)} {r.choice(self.streets).title()} {r.choice(self.types)}"
        area = r.choice(self.areas).upper()
        return (
            line,
            f"{area}{r.randint(1, 29)} {r.randint(1, 9)}{r.choice(UNIT)}{r.choice(UNIT)}",
        )


def _dob(rng: random.Random, today: dt.date, lo: int, hi: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(lo * 365, hi * 365))


def nhs_number_for(pid: int) -> str:
    """A valid NHS number in the synthetic range (999 000 0000 to 999 999 9999, never
    issued), or "" for the one id in eleven whose nine digits no check digit makes valid."""
    from people.identifiers import nhs_number

    nine = f"{999_000_000 + pid % 1_000_000:09d}"
    check = nhs_number.check_digit(nine)
    return "" if check is None else f"{nine}{check}"


def upn_for(pid: int, dob: dt.date, today: dt.date) -> str:
    """A valid UPN for a child of school age (4 to 17), "" otherwise: LA 001 (a DfE test
    number), establishment and serial from the id (so each is unique), allocated at age 4."""
    from people.identifiers import upn

    age = (today - dob).days // 365
    if not 4 <= age <= 17:
        return ""
    return upn.make(1, 2000 + pid // 1000 % 8000, dob.year + 4, pid % 1000)


# --- The register -----------------------------------------------------------------------------

SIZES = [1, 2, 3, 4, 5, 6]
SIZE_WEIGHTS = [15, 25, 25, 20, 10, 5]


def _families(size: int, rng: random.Random, names: Names, today: dt.date, now: dt.datetime):
    """Yield (family, people, memberships, addresses) row batches until `size` people."""
    from people.search import name_key, sound_key

    pid = fid = 0
    batch: tuple[list, list, list, list] = ([], [], [], [])
    while pid < size:
        fid += 1
        surname = names.surname()
        line, postcode = names.address()
        members = min(rng.choices(SIZES, SIZE_WEIGHTS)[0], size - pid)
        adults = 1 if members == 1 or rng.random() < 0.35 else 2
        touched = now - dt.timedelta(days=rng.randint(0, 3650), seconds=rng.randint(0, 86399))
        fam, people, ships, addresses = batch
        fam.append(
            {
                "id": fid,
                "name": f"{surname} family",
                "reference": f"FB{fid:07d}",
                "is_restricted": fid % SEALED_EVERY == 0,
                "is_synthetic": True,
                "created_at": touched,
                "updated_at": touched,
            }
        )
        moved_in = today - dt.timedelta(days=rng.randint(30, 4000))
        for k in range(members):
            pid += 1
            sex = rng.choice("MF")
            given = names.given(sex)
            adult = k < adults
            dob = _dob(rng, today, 19, 70) if adult else _dob(rng, today, 0, 17)
            people.append(
                {
                    "id": pid,
                    "given_name": given,
                    "family_name": surname,
                    "date_of_birth": dob,
                    "sex": sex,
                    "la_child_id": f"B{pid:08d}",
                    "nhs_number": nhs_number_for(pid),
                    "upn": "" if adult else upn_for(pid, dob, today),
                    "given_key": name_key(given),
                    "family_key": name_key(surname),
                    "given_sound": sound_key(given),
                    "family_sound": sound_key(surname),
                    "is_synthetic": True,
                    "created_at": touched,
                    "updated_at": touched,
                }
            )
            ships.append(
                {
                    "id": pid,
                    "family_id": fid,
                    "person_id": pid,
                    "role": "parent_carer" if adult else "child",
                    "joined_on": moved_in,
                }
            )
            addresses.append(
                {
                    "id": pid,
                    "person_id": pid,
                    "line_1": line,
                    "postcode": postcode,
                    "moved_in_on": moved_in,
                    "created_at": touched,
                }
            )
        if len(people) >= BATCH or pid >= size:
            yield batch
            batch = ([], [], [], [])


def build_register(size: int) -> int:
    """Families and their people, memberships and addresses; returns the number of families."""
    from django.db import transaction
    from django.utils import timezone

    from people.models import Address, Family, Membership, Person

    rng = random.Random(SEED)
    names = Names(rng)
    today, now = timezone.localdate(), timezone.now()
    families = people = 0
    for fam, ppl, ships, addresses in _families(size, rng, names, today, now):
        with transaction.atomic():
            families += copy_rows(Family, fam)
            people += copy_rows(Person, ppl)
            copy_rows(Membership, ships)
            copy_rows(Address, addresses)
        say(f"  {people:,}/{size:,} people in {families:,} families")
    reset_sequences(Family, Person, Membership, Address)
    return families


# --- The council, its teams and who is involved with whom ------------------------------------


def _user(email: str, name: str):
    from access.models import User

    return User.objects.create_user(email=email, password=None, full_name=name)


def build_council() -> dict:
    """The council's teams (WORKERS each), managers over MANAGED_TEAMS teams, and the partner
    school's pastoral team with its DSL. Returns ids for the involvements."""
    from organisations.models import Organisation, Practitioner, Team

    council = Organisation.objects.create(name=COUNCIL, org_type="early_help")
    school = Organisation.objects.create(name=SCHOOL, org_type="school")
    teams, workers, managers = [], {}, []
    for t in range(TEAMS):
        team = Team.objects.create(name=f"Locality team {t + 1}", organisation=council)
        teams.append(team.pk)
        for w in range(WORKERS):
            role = "family_worker" if w % 2 == 0 else "social_worker"
            user = _user(f"worker{t + 1}.{w + 1}@bench.invalid", f"Worker {t + 1}.{w + 1}")
            p = Practitioner.objects.create(
                user=user, organisation=council, team=team, role=role, job_title=role
            )
            workers.setdefault(team.pk, []).append(p.pk)
    for m in range(TEAMS // MANAGED_TEAMS):
        managed = teams[m * MANAGED_TEAMS : (m + 1) * MANAGED_TEAMS]
        user = _user(f"manager{m + 1}@bench.invalid", f"Manager {m + 1}")
        p = Practitioner.objects.create(
            user=user,
            organisation=council,
            team_id=managed[0],
            role="team_manager",
            job_title="Team manager",
        )
        p.manages.set(managed)
        managers.append(p.pk)
    pastoral = Team.objects.create(name="Pastoral team", organisation=school)
    school_staff = []
    for s in range(3):
        user = _user(f"school{s + 1}@bench.invalid", f"School staff {s + 1}")
        p = Practitioner.objects.create(
            user=user,
            organisation=school,
            team=pastoral,
            role="partner",
            job_title="Designated safeguarding lead" if s == 0 else "Pastoral lead",
            designations=["dsl"] if s == 0 else [],
        )
        school_staff.append(p.pk)
    return {
        "council": council.pk,
        "school": school.pk,
        "teams": teams,
        "workers": workers,
        "managers": managers,
        "pastoral": pastoral.pk,
        "school_staff": school_staff,
    }


def build_involvements(families: int, org: dict) -> dict:
    """Each worker leads CASELOAD families now (their team involved too); the school's
    pastoral team is involved with SCHOOL_FAMILIES families (half of them the first team's);
    every other family has an involvement that ended years ago."""
    from django.db import transaction
    from django.utils import timezone

    from organisations.models import Involvement

    rng = random.Random(SEED + 1)
    today = timezone.localdate()
    open_ids = [f for f in range(1, families + 1) if f % SEALED_EVERY]
    active = rng.sample(open_ids, min(len(open_ids), TEAMS * WORKERS * CASELOAD))
    rows, caseloads, k = [], {}, 0

    def add(family, org_id, practitioner, team, role, started, ended=None):
        rows.append(
            {
                "id": len(rows) + 1,
                "family_id": family,
                "organisation_id": org_id,
                "practitioner_id": practitioner,
                "team_id": team,
                "role": role,
                "started_on": started,
                "ended_on": ended,
            }
        )

    for team in org["teams"]:
        for worker in org["workers"][team]:
            mine = active[k : k + CASELOAD]
            k += CASELOAD
            caseloads[worker] = mine
            for f in mine:
                add(
                    f,
                    org["council"],
                    worker,
                    team,
                    "lead_practitioner",
                    today - dt.timedelta(days=rng.randint(10, 700)),
                )
    first_team = [f for w in org["workers"][org["teams"][0]] for f in caseloads[w]]
    school = first_team[: SCHOOL_FAMILIES // 2] + rng.sample(
        open_ids, SCHOOL_FAMILIES - min(len(first_team), SCHOOL_FAMILIES // 2)
    )
    for f in school:
        add(
            f,
            org["school"],
            None,
            org["pastoral"],
            "dsl",
            today - dt.timedelta(days=rng.randint(10, 900)),
        )
    worked = set(active)
    for f in range(1, families + 1):
        if f not in worked:
            ended = today - dt.timedelta(days=rng.randint(200, 2500))
            add(
                f,
                org["council"],
                None,
                rng.choice(org["teams"]),
                "family_worker",
                ended - dt.timedelta(days=rng.randint(30, 400)),
                ended,
            )
    with transaction.atomic():
        copy_rows(Involvement, rows)
    reset_sequences(Involvement)
    say(f"  {len(rows):,} involvements ({len(active):,} families worked with now)")
    return {"active": active, "caseloads": caseloads, "school": school}


def build_history(families: int, size: int, org: dict, worked: dict) -> None:
    """A chronology entry for every family (five for those worked with now), a sealed family
    on the first worker's access list, and one record in a thousand merged into another."""
    from django.db import transaction
    from django.utils import timezone

    from ig.models import RecordAccessGrant
    from organisations.models import Practitioner
    from people.models import ChronologyEntry, Person

    rng = random.Random(SEED + 2)
    now = timezone.now()

    def entries():
        n = 0
        for f in range(1, families + 1):
            n += 1
            yield {
                "id": n,
                "family_id": f,
                "kind": "family_created",
                "summary": "Family record started",
                "occurred_at": now - dt.timedelta(days=rng.randint(400, 4000)),
                "recorded_at": now,
            }
        for f in worked["active"]:
            for _ in range(5):
                n += 1
                yield {
                    "id": n,
                    "family_id": f,
                    "kind": "case_note",
                    "summary": "Home visit: talked about school attendance",
                    "occurred_at": now - dt.timedelta(days=rng.randint(0, 300)),
                    "recorded_at": now,
                }

    with transaction.atomic():
        copy_rows(ChronologyEntry, entries())
    reset_sequences(ChronologyEntry)
    first_worker = Practitioner.objects.get(pk=org["workers"][org["teams"][0]][0])
    RecordAccessGrant.objects.create(
        family_id=SEALED_EVERY,
        practitioner=first_worker,
        reason="Named worker",
        granted_by=first_worker.user,
    )
    # Duplicates found and merged (people.merge): the kept record is in a family, the merged
    # one has no memberships of its own any more.
    start = size + 1
    merged = [
        {
            "id": start + i,
            "given_name": "Merged",
            "family_name": "Record",
            "la_child_id": f"M{start + i:08d}",
            "given_key": "merged",
            "family_key": "record",
            "given_sound": "MRJ",
            "family_sound": "RKRT",
            "is_synthetic": True,
            "merged_into_id": rng.randint(1, size),
            "created_at": now,
            "updated_at": now,
        }
        for i in range(max(1, size // 1000))
    ]
    with transaction.atomic():
        copy_rows(Person, merged)
    reset_sequences(Person)


def cast() -> Cast:
    from organisations.models import Involvement, Practitioner
    from people.models import Membership

    worker = Practitioner.objects.get(user__email="worker1.1@bench.invalid")
    manager = Practitioner.objects.get(user__email="manager1@bench.invalid")
    partner = Practitioner.objects.get(user__email="school1@bench.invalid")
    shared = Involvement.objects.filter(team_id=partner.team_id).values("family_id")
    family_id = (
        Involvement.objects.filter(practitioner=worker, family_id__in=shared, ended_on=None)
        .order_by("family_id")
        .values_list("family_id", flat=True)
        .first()
    )
    person = (
        Membership.objects.filter(family_id=family_id, role="child")
        .select_related("person")
        .first()
        or Membership.objects.filter(family_id=family_id).select_related("person").first()
    ).person
    dob = person.date_of_birth.strftime("%d/%m/%Y")
    return Cast(
        practitioner_user_id=worker.user_id,
        manager_user_id=manager.user_id,
        partner_user_id=partner.user_id,
        family_id=family_id,
        search_name=f"{person.given_name} {person.family_name} {dob}",
        common_surname="Smith",
    )


def is_built(size: int) -> bool:
    from organisations.models import Organisation
    from people.models import Person

    if not Organisation.objects.filter(name=COUNCIL).exists():
        return False
    return Person.objects.filter(pk=size).exists()


def build(size: int) -> None:
    """The whole register, its council and its keys (skip when already built)."""
    import time

    from django.db import connection

    from matching import register

    started = time.monotonic()
    say(f"Building a register of {size:,} people (once; kept for later runs)")
    org = build_council()
    families = build_register(size)
    worked = build_involvements(families, org)
    build_history(families, size, org, worked)
    say(f"  register built in {time.monotonic() - started:.0f} s; matching keys next")
    register.reindex(progress=lambda d, t, e: say(f"  keys {d:,}/{t:,} ({e:.0f} s)"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"  built in {time.monotonic() - started:.0f} s")

"""Generate the Demo Borough's families as plain data: no database, no global state.

`generate(families=N, seed=S, today=D)` yields one FamilyPlan per family. Everything comes from
one random.Random(seed) and from dates computed relative to `today`, so the same seed and the
same day give exactly the same borough. demo.borough writes the plans to the database.

Household shapes follow common UK patterns: single parents, two-parent families, blended
families (step-parent, half-siblings), grandparent (kinship) carers and pre-birth families,
with wider family outside the household, twins and the occasional father and son who share a
name. Names, ethnicity and first language come from demo/data/names.json.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from organisations.models import InvolvementRole
from people.identifiers import nhs_number, upn
from people.models import MemberRole, RelationshipKind

from . import staff, structure

DATA_DIR = Path(__file__).resolve().parent / "data"
LONDON = ZoneInfo("Europe/London")
TOWN = "Demo Borough"
LA_NUMBER = 1  # the Demo Borough's UPNs: DfE's pseudo LA number 001 (it is fictional; rule 1530)

CHILD = MemberRole.CHILD.value
PARENT_CARER = MemberRole.PARENT_CARER.value
OTHER_ADULT = MemberRole.OTHER_ADULT.value
WIDER = MemberRole.WIDER_FAMILY.value

K = RelationshipKind
IR = InvolvementRole

# --- Plans (what demo.borough writes) -------------------------------------------------------


@dataclass(slots=True)
class AddressPlan:
    line_1: str
    line_2: str
    postcode: str
    uprn: str
    moved_in_on: dt.date | None
    moved_out_on: dt.date | None = None
    is_confidential: bool = False
    town: str = TOWN


@dataclass(slots=True)
class PersonPlan:
    given_name: str
    family_name: str
    sex: str
    date_of_birth: dt.date | None
    role: str
    in_household: bool = True
    expected_date_of_birth: dt.date | None = None
    ethnicity: str = ""
    first_language: str = ""
    interpreter_needed: bool = False
    other_names: str = ""
    preferred_name: str = ""
    disabilities: list[str] = field(default_factory=list)
    nhs_number: str = ""
    upn: str = ""
    upn_unknown_reason: str = ""
    la_child_id: str = ""
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    addresses: list[AddressPlan] = field(default_factory=list)
    group: str = ""  # heritage group in names.json (generation only)
    school: str = ""  # organisation key of a demo school or nursery (generation only)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def first(self) -> str:
        return self.preferred_name or self.given_name

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        b = self.date_of_birth
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass(slots=True)
class RelationshipPlan:
    from_index: int
    to_index: int
    kind: str
    parental_responsibility: bool = False
    notes: str = ""


@dataclass(slots=True)
class InvolvementPlan:
    organisation: str  # structure keys
    role: str
    started_on: dt.date
    practitioner: str | None = None
    team: str | None = None
    person: int | None = None  # index into FamilyPlan.people
    ended_on: dt.date | None = None
    end_reason: str = ""
    notes: str = ""


@dataclass(slots=True)
class EntryPlan:
    occurred_at: dt.datetime
    kind: str
    summary: str
    person: int | None = None
    author: str | None = None  # practitioner key; None for an agency without a named worker
    agency: str | None = None  # organisation key
    significant: bool = False


@dataclass(slots=True)
class FamilyPlan:
    reference: str
    name: str
    locality: str
    hub: str
    summary: str
    created_at: dt.datetime
    updated_at: dt.datetime
    people: list[PersonPlan]
    relationships: list[RelationshipPlan]
    involvements: list[InvolvementPlan]
    chronology: list[EntryPlan]


# --- Reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Surname:
    masculine: str
    feminine: str
    daughter: str

    def for_person(self, sex: str, *, married: bool = True) -> str:
        if sex == "M":
            return self.masculine
        return self.feminine if married else self.daughter

    @property
    def gendered(self) -> bool:
        return self.masculine != self.feminine


def _parse_surname(text: str) -> Surname:
    parts = text.split("|")
    masc = parts[0]
    fem = parts[1] if len(parts) > 1 else masc
    daughter = parts[2] if len(parts) > 2 else fem
    return Surname(masc, fem, daughter)


def _cum(pairs) -> tuple[list, list[float]]:
    pairs = list(pairs)
    values = [p[0] for p in pairs]
    return values, list(itertools.accumulate(float(p[1]) for p in pairs))


class Names:
    def __init__(self, data: dict):
        self.diminutives: dict[str, str] = data["diminutives"]
        self.british: dict = data["british_by_decade"]
        self.groups: dict = data["groups"]
        self.group_keys, self.group_cw = _cum((k, g["weight"]) for k, g in self.groups.items())
        self.surnames = {
            k: [_parse_surname(s) for s in g["surnames"]] for k, g in self.groups.items()
        }
        self.ethnicity = {k: _cum(g["ethnicity"]) for k, g in self.groups.items()}
        self._masc: dict[str, str] = {}
        self._fem: dict[str, str] = {}
        for surnames in self.surnames.values():
            for s in surnames:
                for form in (s.masculine, s.feminine, s.daughter):
                    self._masc.setdefault(form, s.masculine)
                self._fem.setdefault(s.masculine, s.feminine)
                self._fem.setdefault(s.daughter, s.feminine)
        self.languages = {k: _cum(g["languages"]) for k, g in self.groups.items()}

    def group(self, rng: random.Random) -> str:
        return rng.choices(self.group_keys, cum_weights=self.group_cw)[0]

    def surname(self, rng: random.Random, group: str) -> Surname:
        return rng.choice(self.surnames[group])

    def given(self, rng: random.Random, group: str, sex: str, year: int, avoid=()) -> str:
        name = ""
        for _ in range(12):
            name = self._given(rng, group, sex, year)
            if name not in avoid:
                return name
        return name

    def _given(self, rng, group, sex, year) -> str:
        g = self.groups[group]
        if "given" not in g or rng.random() < g.get("british_given", 0):
            decade = str(min(max(year // 10 * 10, 1940), 2020))
            return rng.choice(self.british[sex][decade])
        if year >= 2005 and "given_child" in g and rng.random() < 0.7:
            return rng.choice(g["given_child"][sex])
        return rng.choice(g["given"][sex])

    def masculine(self, surname: str) -> str:
        return self._masc.get(surname, surname)

    def feminine(self, surname: str) -> str:
        return self._fem.get(surname, surname)


@dataclass(slots=True)
class Street:
    index: int
    name: str
    locality: str
    neighbourhood: str
    units: list[str]  # one postcode per 20 house numbers
    max_number: int
    block_name: str = ""
    block_flats: int = 0
    block_postcode: str = ""


class Gazetteer:
    """The borough's synthetic streets and postcodes. Fixed: it does not depend on the seed."""

    def __init__(self, data: dict):
        rng = random.Random("demo-borough-streets")
        letters = data["inward_letters"]
        suffixes = data["suffixes"]
        combos = [(f"{stem} {sfx}", w) for stem in data["stems"] for sfx, w in suffixes]
        # Weighted shuffle (common suffixes like Road and Street come first more often).
        combos.sort(key=lambda c: rng.random() ** (1.0 / c[1]), reverse=True)
        per = data["streets_per_locality"]
        self.localities = list(data["localities"])
        self.by_locality: dict[str, list[Street]] = {loc: [] for loc in self.localities}
        self.streets: list[Street] = []
        used_units: set[str] = set()
        names = iter(c[0] for c in combos)
        block_stems = list(data["stems"])
        for loc in self.localities:
            info = data["localities"][loc]
            for _ in range(per):
                name = next(names)
                district = rng.choice(info["districts"])
                sector = rng.randint(1, 9)
                max_number = rng.choice([16, 24, 32, 48, 64, 80, 96, 120, 150, 180, 220, 260])

                def unit(district=district, sector=sector):
                    while True:
                        pc = f"{district} {sector}{rng.choice(letters)}{rng.choice(letters)}"
                        if pc not in used_units:
                            used_units.add(pc)
                            return pc

                units = [unit() for _ in range((max_number + 19) // 20)]
                street = Street(
                    len(self.streets) + 1,
                    name,
                    loc,
                    rng.choice(info["neighbourhoods"]),
                    units,
                    max_number,
                )
                if rng.random() < 0.18:
                    stem = rng.choice(block_stems)
                    street.block_name = f"{stem} {rng.choice(data['block_suffixes'])}"
                    street.block_flats = rng.randint(12, 90)
                    street.block_postcode = unit()
                self.streets.append(street)
                self.by_locality[loc].append(street)

    def address(self, street: Street, number: int, flat: int) -> tuple[str, str, str, str]:
        uprn = f"99{street.index:04d}{number:04d}{flat:02d}"
        if flat:
            return (
                f"Flat {flat}, {street.block_name}",
                f"{street.name}, {street.neighbourhood}",
                street.block_postcode,
                uprn,
            )
        return (
            f"{number} {street.name}",
            street.neighbourhood,
            street.units[(number - 1) // 20],
            uprn,
        )


@cache
def names() -> Names:
    return Names(json.loads((DATA_DIR / "names.json").read_text(encoding="utf-8")))


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(json.loads((DATA_DIR / "streets.json").read_text(encoding="utf-8")))


@cache
def locality_weights() -> tuple[list[str], list[float]]:
    data = json.loads((DATA_DIR / "streets.json").read_text(encoding="utf-8"))
    return _cum(data["locality_weights"].items())


# --- Helpers --------------------------------------------------------------------------------

WHITE = frozenset({"WBRI", "WIRI", "WIRT", "WOTH", "WROM"})
ASIAN = frozenset({"AIND", "APKN", "ABAN", "AOTH", "CHNE"})
UNKNOWN_ETHNICITY = frozenset({"NOBT", "REFU", ""})
SIBLING_GAPS = (1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6)
CHILD_DISABILITIES = ("AUT", "AUT", "LD", "COMM", "COMM", "BEH", "MOB", "HEAR", "VIS")
ADULT_DISABILITIES = ("MOB", "MOB", "LD", "HEAR", "VIS", "DDA", "DDA", "PC")

# Caseloads of the well-known demo users: (share of families, minimum, maximum).
TARGETS = {
    "family_worker": (0.045, 5, 25),
    "social_worker": (0.03, 3, 16),
    "front_door": (0.02, 2, 10),
    "teacher": (0.03, 3, 15),
    "health_visitor": (0.04, 3, 20),
}
LEVELS, LEVEL_CW = _cum(
    [("early_help", 64), ("csc_cin", 12), ("csc_cp", 6), ("front_door", 6), ("partner_led", 12)]
)
SHAPES, SHAPE_CW = _cum(
    [
        ("single_mother", 30),
        ("single_father", 4),
        ("couple", 36),
        ("blended", 14),
        ("kinship", 6),
        ("prebirth", 4),
    ]
)
KIDS, KIDS_CW = _cum([(1, 32), (2, 34), (3, 20), (4, 14)])

# Other workers in each team (the well-known users get exact caseloads, chosen up front) are
# staff.SERVICES' pools, with more teams in a large borough (demo.staff).
TEAM_MANAGER_FOR = {
    "eh_north": "manager",
    "eh_south": "south_manager",
    "eh_west": "south_manager",
    "csc_assessment": "csc_manager",
    "csc_cp": "csc_manager",
}
GP_FOR = {
    "North": "gp_northgate",
    "East": "gp_riverside",
    "South": "gp_riverside",
    "West": "gp_parkview",
}
HUBS_BY_LOCALITY = {
    loc: [h.key for h in structure.HUBS if h.locality == loc] for loc in structure.LOCALITIES
}


def nhs_number_provenance(pk: int, today: dt.date) -> tuple[str, str, dt.date | None]:
    """(source, status, verified on) of a synthetic person's NHS number, by their id modulo 20:
    most by a PDS trace (verified 30 days ago), some from a health partner (verified 90 days
    ago), a parent or a school (not yet verified). The borough's loader writes it with the
    person where it knows the id (PostgreSQL); sharing's demo data fills in the rest."""
    bucket = pk % 20
    if bucket in (14, 15):
        return "health_partner", "verified", today - dt.timedelta(days=90)
    if bucket in (16, 17):
        return "parent", "unverified", None
    if bucket in (18, 19):
        return "school", "unverified", None
    return "pds_trace", "verified", today - dt.timedelta(days=30)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _role_label(role: str) -> str:
    label = str(IR(role).label)
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _mixed(e1: str, e2: str) -> str:
    if e1 in UNKNOWN_ETHNICITY:
        return e2
    if e2 in UNKNOWN_ETHNICITY or e1 == e2:
        return e1
    pair = {e1, e2}
    if e1 in WHITE and e2 in WHITE:
        return "WOTH"
    if pair & WHITE:
        other = next(iter(pair - WHITE))
        if other == "BCRB":
            return "MWBC"
        if other in ("BAFR", "BOTH"):
            return "MWBA"
        if other in ASIAN:
            return "MWAS"
    return "MOTH"


@dataclass(slots=True)
class Requirement:
    level: str | None = None
    locality: str | None = None
    lead: str | None = None  # well-known practitioner who leads
    teacher: bool = False
    health_visitor: bool = False


@dataclass(slots=True)
class Household:
    shape: str
    people: list[PersonPlan]
    rels: list[RelationshipPlan]
    surname: str
    carer: int  # the main parent or carer in the household
    partner: int | None = None  # a second carer in the household

    def household_children(self) -> list[int]:
        return [i for i, p in enumerate(self.people) if p.role == CHILD and p.in_household]

    def born_children(self) -> list[int]:
        return [i for i in self.household_children() if self.people[i].date_of_birth]

    def unborn(self) -> list[int]:
        return [i for i in self.household_children() if self.people[i].date_of_birth is None]


# --- The generator --------------------------------------------------------------------------


class BoroughGenerator:
    def __init__(self, *, families: int, seed: int, today: dt.date):
        self.n = families
        self.seed = seed
        self.today = today
        self.rng = random.Random(seed)
        self.names = names()
        self.gaz = gazetteer()
        self.loc_keys, self.loc_cw = locality_weights()
        self._nhs_used: set[str] = set()
        self._nhs_prefix = 999
        self._nhs_in_prefix = 0
        self._upn_serial: dict[tuple[int, int], int] = {}
        self._la_id = 0
        self._properties: set[tuple[int, int, int]] = set()
        self.requirements = self._plan_caseloads()
        self.staff = staff.for_families(families)

    # Caseloads of the well-known demo users are chosen first so they are exact.
    def _plan_caseloads(self) -> dict[int, Requirement]:
        rng, n = self.rng, self.n

        def size(key):
            share, lo, hi = TARGETS[key]
            return min(n, max(lo, min(hi, round(share * n))))

        fw, sw, fd = size("family_worker"), size("social_worker"), size("front_door")
        leads = rng.sample(range(n), min(n, fw + sw + fd))
        reqs: dict[int, Requirement] = {}
        for pos, i in enumerate(leads):
            if pos < fw:
                reqs[i] = Requirement(level="early_help", locality="North", lead="family_worker")
            elif pos < fw + sw:
                reqs[i] = Requirement(level="csc_cin", lead="social_worker")
            else:
                reqs[i] = Requirement(level="front_door", lead="front_door")
        for i in rng.sample(range(n), size("teacher")):
            req = reqs.setdefault(i, Requirement())
            req.teacher, req.locality = True, "North"
        for i in rng.sample(range(n), size("health_visitor")):
            req = reqs.setdefault(i, Requirement())
            req.health_visitor = True
            req.locality = req.locality or rng.choice(["North", "East"])
        return reqs

    def families(self) -> Iterator[FamilyPlan]:
        for i in range(self.n):
            yield self._family(i, self.requirements.get(i) or Requirement())

    # --- dates ------------------------------------------------------------------------------

    def _dob(self, age: int) -> dt.date:
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def _days_ago(self, lo: int, hi: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(lo, max(lo, hi)))

    def _at(self, day: dt.date, minute_offset: int | None = None) -> dt.datetime:
        minutes = (
            self.rng.randint(9 * 60 + 30, 17 * 60)
            if minute_offset is None
            else 8 * 60 + 30 + minute_offset
        )
        minutes = min(minutes, 23 * 60 + 59)
        return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=LONDON)

    def _between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # --- people -----------------------------------------------------------------------------

    def _identity(
        self,
        p: PersonPlan,
        *,
        adult: bool,
        language_from: PersonPlan | None = None,
        ethnicity: str | None = None,
    ) -> None:
        rng, g = self.rng, self.names.groups[p.group]
        if ethnicity is None:
            values, cw = self.names.ethnicity[p.group]
            ethnicity = rng.choices(values, cum_weights=cw)[0]
        roll = rng.random()
        p.ethnicity = "NOBT" if roll < 0.02 else ("REFU" if adult and roll < 0.025 else ethnicity)
        if adult:
            if rng.random() < g["second_gen"]:
                p.first_language = "ENG"
            else:
                values, cw = self.names.languages[p.group]
                p.first_language = rng.choices(values, cum_weights=cw)[0]
            p.interpreter_needed = p.first_language != "ENG" and rng.random() < g["interpreter"]
            if rng.random() < 0.003:  # Deaf parent who uses BSL
                p.first_language, p.interpreter_needed, p.disabilities = "BSL", True, ["HEAR"]
            elif rng.random() < 0.05:
                p.disabilities = [rng.choice(ADULT_DISABILITIES)]
            if rng.random() < 0.06:
                p.preferred_name = self.names.diminutives.get(p.given_name, "")
        else:
            home = language_from.first_language if language_from else "ENG"
            use_home = home not in ("ENG", "BSL") and rng.random() < g["child_home_language"]
            p.first_language = home if use_home else "ENG"
            if p.date_of_birth and rng.random() < 0.08:
                p.disabilities = sorted(set(rng.sample(CHILD_DISABILITIES, rng.randint(1, 2))))

    def _adult(
        self,
        group: str,
        sex: str,
        age: int,
        surname: str,
        role: str,
        in_household: bool = True,
        given: str | None = None,
        avoid: tuple[str, ...] = (),
    ) -> PersonPlan:
        dob = self._dob(age)
        given = given or self.names.given(self.rng, group, sex, dob.year, avoid=avoid)
        p = PersonPlan(given, surname, sex, dob, role, in_household, group=group)
        self._identity(p, adult=True)
        return p

    def _children(
        self,
        ages: list[int],
        surnames: list[Surname],
        groups: list[str],
        mother: PersonPlan,
        father_ethnicity: str | None,
        twins: bool = True,
        avoid: tuple[str, ...] = (),
    ) -> list[PersonPlan]:
        """Children, oldest first. Each child takes the surname and name group at random from
        the lists given (normally one each); no child shares a name in `avoid` (their parents
        and siblings) or with another child."""
        rng = self.rng
        dobs = [self._dob(a) for a in sorted(ages, reverse=True)]
        twin_at = rng.randrange(len(dobs)) if twins and dobs and rng.random() < 0.03 else None
        if twin_at is not None:
            dobs.insert(twin_at, dobs[twin_at])
        kids: list[PersonPlan] = []
        used: set[str] = set(avoid)
        surname = rng.choice(surnames)
        group = rng.choice(groups)
        for pos, dob in enumerate(dobs):
            if twin_at is None or pos != twin_at + 1:  # a twin shares surname and group
                surname, group = rng.choice(surnames), rng.choice(groups)
            sex = rng.choice("FM")
            given = self.names.given(rng, group, sex, dob.year, avoid=used)
            used.add(given)
            kid = PersonPlan(
                given, surname.for_person(sex, married=False), sex, dob, CHILD, group=group
            )
            ethnicity = None
            if father_ethnicity is not None:
                ethnicity = _mixed(mother.ethnicity, father_ethnicity)
            else:
                ethnicity = mother.ethnicity if mother.ethnicity not in UNKNOWN_ETHNICITY else None
            self._identity(kid, adult=False, language_from=mother, ethnicity=ethnicity)
            kids.append(kid)
        return kids

    def _unborn(self, surname: str, mother: PersonPlan) -> PersonPlan:
        edd = self.today + dt.timedelta(days=self.rng.randint(14, 200))
        p = PersonPlan(
            "Baby",
            surname,
            "U",
            None,
            CHILD,
            expected_date_of_birth=edd,
            group=mother.group,
            ethnicity="NOBT",  # information not yet obtained
        )
        return p

    def _kid_ages(self, n: int, lo: int = 0, hi: int = 17) -> list[int]:
        rng = self.rng
        ages = [min(hi, lo + int(rng.triangular(0, hi - lo + 1, 2)))]
        for _ in range(n - 1):
            nxt = ages[-1] + rng.choice(SIBLING_GAPS)
            if nxt > hi:
                break
            ages.append(nxt)
        return ages

    def _partner_group(self, group: str, mixed_share: float = 0.12) -> str:
        return self.names.group(self.rng) if self.rng.random() < mixed_share else group

    # --- household shapes -------------------------------------------------------------------

    def _household(self) -> Household:
        shape = self.rng.choices(SHAPES, cum_weights=SHAPE_CW)[0]
        hh = getattr(self, f"_shape_{shape}")()
        hh.shape = shape
        return hh

    def _parent_age(self, oldest: int, youngest: int) -> int:
        age = oldest + self.rng.randint(18, 36)
        return max(18, min(age, 55, youngest + 45))

    def _shape_single_mother(self, father_present_share: float = 0.35) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        ages = self._kid_ages(rng.choices(KIDS, cum_weights=KIDS_CW)[0])
        m_age = self._parent_age(max(ages), min(ages))
        m_surname = names.surname(rng, group)
        mother = self._adult(group, "F", m_age, m_surname.feminine, PARENT_CARER)
        f_group = self._partner_group(group, 0.15)
        f_age = max(18, min(60, m_age + rng.randint(-3, 8)))
        f_given = names.given(rng, f_group, "M", self.today.year - f_age)
        f_surname = names.surname(rng, f_group)
        if names.groups[f_group].get("patronymic"):
            kid_surname = Surname(f_given, f_given, f_given)
        else:
            kid_surname = f_surname if rng.random() < 0.55 else m_surname
        father_eth = None
        father = None
        people = [mother]
        if rng.random() < father_present_share:
            father = self._adult(
                f_group,
                "M",
                f_age,
                f_surname.masculine,
                PARENT_CARER,
                in_household=False,
                given=f_given,
            )
            father_eth = father.ethnicity
        elif f_group != group:
            values, cw = names.ethnicity[f_group]
            father_eth = rng.choices(values, cum_weights=cw)[0]
        kids = self._children(
            ages,
            [kid_surname],
            sorted({group, f_group}),
            mother,
            father_eth,
            avoid=(mother.given_name, f_given),
        )
        people += kids
        rels = [RelationshipPlan(0, 1 + k, K.PARENT, True) for k in range(len(kids))]
        rels += self._sibling_rels(list(range(1, 1 + len(kids))), people)
        if father is not None:
            people.append(father)
            fi = len(people) - 1
            pr = rng.random() < 0.8
            rels += [RelationshipPlan(fi, 1 + k, K.PARENT, pr) for k in range(len(kids))]
            if rng.random() < 0.15:
                father.left_on = self._days_ago(30, 900)  # left the household; now a former member
        hh = Household("", people, rels, kid_surname.masculine, 0)
        self._maybe_unborn(hh, mother, kid_surname.masculine)
        self._maybe_other_adult(hh, half=True)
        self._wider_family(hh)
        return hh

    def _shape_single_father(self) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        ages = self._kid_ages(rng.choices(KIDS, cum_weights=KIDS_CW)[0], lo=2)
        f_age = max(20, min(55, max(ages) + rng.randint(20, 38)))
        surname = names.surname(rng, group)
        father = self._adult(group, "M", f_age, surname.masculine, PARENT_CARER)
        m_group = self._partner_group(group, 0.15)
        m_age = max(18, min(55, f_age - rng.randint(-2, 6), min(ages) + 45))
        mother = self._adult(
            m_group,
            "F",
            m_age,
            names.surname(rng, m_group).feminine,
            PARENT_CARER,
            in_household=False,
        )
        if names.groups[group].get("patronymic"):
            kid_surname = Surname(father.given_name, father.given_name, father.given_name)
        else:
            kid_surname = surname
        kids = self._children(
            ages,
            [kid_surname],
            sorted({group, m_group}),
            mother,
            father.ethnicity,
            avoid=(mother.given_name, father.given_name),
        )
        for kid in kids:  # language comes from the father they live with
            if kid.first_language != "ENG" and father.first_language == "ENG":
                kid.first_language = "ENG"
        people = [father, *kids]
        rels = [RelationshipPlan(0, 1 + k, K.PARENT, True) for k in range(len(kids))]
        rels += self._sibling_rels(list(range(1, 1 + len(kids))), people)
        if rng.random() < 0.45:
            people.append(mother)
            mi = len(people) - 1
            rels += [RelationshipPlan(mi, 1 + k, K.PARENT, True) for k in range(len(kids))]
        hh = Household("", people, rels, kid_surname.masculine, 0)
        self._wider_family(hh)
        return hh

    def _shape_couple(self) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        ages = self._kid_ages(rng.choices(KIDS, cum_weights=KIDS_CW)[0])
        m_age = self._parent_age(max(ages), min(ages))
        f_group = self._partner_group(group)
        f_age = max(18 + max(ages), min(55, m_age + rng.randint(-3, 8)))
        f_surname = names.surname(rng, f_group)
        m_surname = names.surname(rng, group)
        father = self._adult(f_group, "M", min(f_age, 55), f_surname.masculine, PARENT_CARER)
        patronymic = names.groups[f_group].get("patronymic")
        married = (
            rng.random() < 0.55 and not patronymic and not names.groups[group].get("patronymic")
        )
        if married:
            mother = self._adult(group, "F", m_age, f_surname.feminine, PARENT_CARER)
            if rng.random() < 0.5 and m_surname.feminine != f_surname.feminine:
                mother.other_names = f"Previously {m_surname.feminine}"
        else:
            mother = self._adult(group, "F", m_age, m_surname.feminine, PARENT_CARER)
        if patronymic:
            kid_surname = Surname(father.given_name, father.given_name, father.given_name)
        elif (
            not married and not f_surname.gendered and not m_surname.gendered and rng.random() < 0.1
        ):
            double = f"{m_surname.masculine}-{f_surname.masculine}"
            kid_surname = Surname(double, double, double)
        elif not married and rng.random() < 0.12:
            kid_surname = m_surname
        else:
            kid_surname = f_surname
        kids = self._children(
            ages,
            [kid_surname],
            sorted({group, f_group}),
            mother,
            father.ethnicity if f_group != group else None,
            avoid=(mother.given_name, father.given_name),
        )
        people = [mother, father, *kids]
        rels = [RelationshipPlan(0, 1, K.PARTNER)]
        for k in range(len(kids)):
            rels.append(RelationshipPlan(0, 2 + k, K.PARENT, True))
            rels.append(RelationshipPlan(1, 2 + k, K.PARENT, True))
        rels += self._sibling_rels(list(range(2, 2 + len(kids))), people)
        sons = [k for k in kids if k.sex == "M"]
        if (
            sons
            and rng.random() < 0.035
            and not patronymic
            and all(k.given_name != father.given_name for k in kids)
        ):
            junior = sons[0]  # the eldest son shares his father's name
            junior.given_name = father.given_name
            junior.family_name = father.family_name
            if rng.random() < 0.5:
                junior.preferred_name = names.diminutives.get(junior.given_name, "")
        hh = Household("", people, rels, kid_surname.masculine, 0, 1)
        self._maybe_unborn(hh, mother, kid_surname.masculine)
        self._maybe_other_adult(hh, half=False)
        self._wider_family(hh)
        return hh

    def _shape_blended(self) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        older = self._kid_ages(rng.randint(1, 3), lo=3, hi=17)
        n_young = rng.randint(1, 2)
        young = sorted(rng.sample(range(0, min(older)), min(n_young, min(older))))
        ages = older + young
        m_age = self._parent_age(max(ages), min(ages))
        maiden = names.surname(rng, group)
        s_group = self._partner_group(group, 0.2)
        s_surname = names.surname(rng, s_group)
        s_age = max(18 + max(young), min(55, m_age + rng.randint(-4, 8)))
        stepdad = self._adult(s_group, "M", min(s_age, 55), s_surname.masculine, PARENT_CARER)
        married = (
            rng.random() < 0.5
            and not names.groups[s_group].get("patronymic")
            and not names.groups[group].get("patronymic")
        )
        mother = self._adult(
            group, "F", m_age, s_surname.feminine if married else maiden.feminine, PARENT_CARER
        )
        if married and maiden.feminine != mother.family_name:
            mother.other_names = f"Previously {maiden.feminine}"
        e_group = self._partner_group(group, 0.15)
        e_age = max(18 + max(older), min(58, m_age + rng.randint(-2, 7)))
        e_given = names.given(rng, e_group, "M", self.today.year - e_age)
        e_surname = names.surname(rng, e_group)
        if names.groups[e_group].get("patronymic"):
            old_surname = Surname(e_given, e_given, e_given)
        else:
            old_surname = e_surname if rng.random() < 0.6 else maiden
        if names.groups[s_group].get("patronymic"):
            young_surname = Surname(stepdad.given_name, stepdad.given_name, stepdad.given_name)
        else:
            young_surname = s_surname if rng.random() < 0.85 else maiden
        values, cw = names.ethnicity[e_group]
        e_eth = rng.choices(values, cum_weights=cw)[0] if e_group != group else None
        old_kids = self._children(
            older,
            [old_surname],
            sorted({group, e_group}),
            mother,
            e_eth,
            avoid=(mother.given_name, stepdad.given_name, e_given),
        )
        young_kids = self._children(
            young,
            [young_surname],
            sorted({group, s_group}),
            mother,
            stepdad.ethnicity if s_group != group else None,
            twins=False,
            avoid=(mother.given_name, stepdad.given_name, *(k.given_name for k in old_kids)),
        )
        people = [mother, stepdad, *old_kids, *young_kids]
        o_idx = list(range(2, 2 + len(old_kids)))
        y_idx = list(range(2 + len(old_kids), len(people)))
        rels = [RelationshipPlan(0, 1, K.PARTNER)]
        for k in o_idx + y_idx:
            rels.append(RelationshipPlan(0, k, K.PARENT, True))
        for k in y_idx:
            rels.append(RelationshipPlan(1, k, K.PARENT, True))
        for k in o_idx:
            rels.append(RelationshipPlan(1, k, K.STEP_PARENT, False))
        rels += self._sibling_rels(o_idx, people) + self._sibling_rels(y_idx, people)
        for a in o_idx:
            for b in y_idx:
                rels.append(RelationshipPlan(a, b, K.HALF_SIBLING))
        if rng.random() < 0.4:
            ex = self._adult(
                e_group,
                "M",
                min(e_age, 58),
                e_surname.masculine,
                PARENT_CARER,
                in_household=False,
                given=e_given,
            )
            people.append(ex)
            xi = len(people) - 1
            rels += [RelationshipPlan(xi, k, K.PARENT, True) for k in o_idx]
        hh = Household("", people, rels, old_surname.masculine, 0, 1)
        self._wider_family(hh)
        return hh

    def _shape_kinship(self) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        ages = self._kid_ages(rng.randint(1, 3), hi=16)
        gm_age = rng.randint(45, 75)
        p_min = max(ages) + 16
        if gm_age - 18 < max(18, p_min):
            gm_age = min(80, max(18, p_min) + 18 + rng.randint(0, 8))
        surname = names.surname(rng, group)
        gran = self._adult(group, "F", gm_age, surname.feminine, PARENT_CARER)
        people = [gran]
        grandad = None
        if rng.random() < 0.35:
            grandad = self._adult(
                group,
                "M",
                max(45, min(80, gm_age + rng.randint(-3, 6))),
                surname.masculine,
                PARENT_CARER,
            )
            people.append(grandad)
        p_sex = "F" if rng.random() < 0.75 else "M"
        p_age = max(18, p_min, min(55, gm_age - rng.randint(18, 32)))
        parent = self._adult(
            group,
            p_sex,
            p_age,
            surname.for_person(p_sex, married=False),
            PARENT_CARER,
            in_household=False,
            avoid=tuple(p.given_name for p in people),
        )
        if p_sex == "F" and rng.random() < 0.5:
            kid_surname = names.surname(rng, self._partner_group(group, 0.2))
        else:
            kid_surname = surname
        kids = self._children(
            ages,
            [kid_surname],
            [group],
            parent,
            None,
            avoid=tuple(p.given_name for p in (*people, parent)),
        )
        people += kids
        k_idx = list(range(len(people) - len(kids), len(people)))
        people.append(parent)
        pi = len(people) - 1
        sgo = rng.random() < 0.5
        note = "Special guardianship order" if sgo else "Kinship care (family arrangement)"
        rels = []
        for g in [0] + ([1] if grandad else []):
            rels += [RelationshipPlan(g, k, K.GRANDPARENT, sgo, note) for k in k_idx]
            rels.append(RelationshipPlan(g, pi, K.PARENT, False))
        if grandad:
            rels.append(RelationshipPlan(0, 1, K.PARTNER))
        rels += [RelationshipPlan(pi, k, K.PARENT, True) for k in k_idx]
        rels += self._sibling_rels(k_idx, people)
        return Household("", people, rels, kid_surname.masculine, 0, 1 if grandad else None)

    def _shape_prebirth(self) -> Household:
        rng, names = self.rng, self.names
        group = names.group(rng)
        surname = names.surname(rng, group)
        mother = self._adult(group, "F", rng.randint(18, 38), surname.feminine, PARENT_CARER)
        people = [mother]
        rels: list[RelationshipPlan] = []
        baby_surname = surname.masculine
        partner = None
        if rng.random() < 0.55:
            f_group = self._partner_group(group)
            f_surname = names.surname(rng, f_group)
            father = self._adult(
                f_group,
                "M",
                max(18, min(55, mother.age_on(self.today) + rng.randint(-2, 8))),
                f_surname.masculine,
                PARENT_CARER,
            )
            people.append(father)
            rels.append(RelationshipPlan(0, 1, K.PARTNER))
            partner = 1
            if rng.random() < 0.7:
                baby_surname = f_surname.masculine
        hh = Household("", people, rels, mother.family_name, 0, partner)
        baby = self._unborn(baby_surname, mother)
        self._add_unborn(hh, baby)
        self._wider_family(hh)
        return hh

    # --- household extras -------------------------------------------------------------------

    def _sibling_rels(self, idx: list[int], people: list[PersonPlan]) -> list[RelationshipPlan]:
        rels = []
        for a, b in itertools.combinations(idx, 2):
            twins = (
                people[a].date_of_birth is not None
                and people[a].date_of_birth == people[b].date_of_birth
            )
            rels.append(RelationshipPlan(a, b, K.SIBLING, False, "Twin" if twins else ""))
        return rels

    def _add_unborn(self, hh: Household, baby: PersonPlan) -> None:
        hh.people.append(baby)
        bi = len(hh.people) - 1
        for ci in (hh.carer, hh.partner):
            if ci is not None:
                hh.rels.append(RelationshipPlan(ci, bi, K.PARENT, True))
        for k in hh.household_children():
            if k != bi:
                hh.rels.append(RelationshipPlan(k, bi, K.SIBLING))

    def _maybe_unborn(self, hh: Household, mother: PersonPlan, surname: str) -> None:
        if mother.sex == "F" and mother.age_on(self.today) <= 44 and self.rng.random() < 0.05:
            self._add_unborn(hh, self._unborn(surname, mother))

    def _maybe_other_adult(self, hh: Household, *, half: bool) -> None:
        """An older son or daughter (18-22) still living at home."""
        rng = self.rng
        carer = hh.people[hh.carer]
        age = rng.randint(18, 22)
        kids = hh.born_children()
        if rng.random() >= 0.06 or carer.age_on(self.today) - age < 17 or not kids:
            return
        eldest = hh.people[kids[0]]
        if eldest.age_on(self.today) >= age:
            return
        sex = rng.choice("FM")
        surname = (
            self.names.feminine(eldest.family_name)
            if sex == "F"
            else self.names.masculine(eldest.family_name)
        )
        adult = self._adult(
            carer.group,
            sex,
            age,
            surname,
            OTHER_ADULT,
            avoid=tuple(p.given_name for p in hh.people),
        )
        hh.people.append(adult)
        ai = len(hh.people) - 1
        hh.rels.append(RelationshipPlan(hh.carer, ai, K.PARENT, False))
        kind = K.HALF_SIBLING if half and rng.random() < 0.5 else K.SIBLING
        hh.rels += [RelationshipPlan(ai, k, kind) for k in hh.household_children()]

    def _wider_family(self, hh: Household) -> None:
        rng = self.rng
        carer = hh.people[hh.carer]
        kids = hh.household_children()
        c_age = carer.age_on(self.today)
        if rng.random() < 0.28 and c_age + 18 <= 80:
            g_age = max(45, min(80, c_age + rng.randint(18, 30)))
            maiden = carer.other_names.removeprefix("Previously ") or carer.family_name
            gran = self._adult(
                carer.group,
                "F",
                g_age,
                self.names.feminine(maiden),
                WIDER,
                in_household=False,
                avoid=(carer.given_name,),
            )
            hh.people.append(gran)
            gi = len(hh.people) - 1
            hh.rels.append(RelationshipPlan(gi, hh.carer, K.PARENT, False))
            hh.rels += [RelationshipPlan(gi, k, K.GRANDPARENT) for k in kids]
        if rng.random() < 0.05:
            sex = rng.choice("FM")
            age = max(18, min(60, c_age + rng.randint(-8, 8)))
            maiden = carer.other_names.removeprefix("Previously ") or carer.family_name
            surname = self.names.feminine(maiden) if sex == "F" else self.names.masculine(maiden)
            relative = self._adult(
                carer.group,
                sex,
                age,
                surname,
                WIDER,
                in_household=False,
                avoid=(carer.given_name,),
            )
            hh.people.append(relative)
            ri = len(hh.people) - 1
            label = "Aunt" if sex == "F" else "Uncle"
            hh.rels += [RelationshipPlan(ri, k, K.OTHER, False, label) for k in kids]

    # --- requirements -----------------------------------------------------------------------

    def _meets(self, hh: Household, req: Requirement) -> bool:
        ages = [hh.people[i].age_on(self.today) for i in hh.born_children()]
        if req.teacher and not any(4 <= a <= 10 for a in ages):
            return False
        return not (req.health_visitor and not any(a <= 4 for a in ages))

    # --- one family -------------------------------------------------------------------------

    def _family(self, i: int, req: Requirement) -> FamilyPlan:
        rng = self.rng
        locality = req.locality or rng.choices(self.loc_keys, cum_weights=self.loc_cw)[0]
        level = req.level or rng.choices(LEVELS, cum_weights=LEVEL_CW)[0]
        for _ in range(500):
            hh = self._household()
            if self._meets(hh, req):
                break
        hubs = HUBS_BY_LOCALITY[locality]
        hub = hubs[0] if rng.random() < 0.6 else rng.choice(hubs)
        self._schools(hh, locality, req)
        self._identifiers(hh)
        start = self._record_start(level)
        confidential = rng.random() < 0.01
        self._addresses(hh, locality, confidential, start)
        involvements, creator = self._involvements(hh, locality, level, req, start, confidential)
        chronology = self._chronology(hh, involvements, creator, start, level)
        for p in hh.people:
            p.joined_on = (
                start if p.date_of_birth is None or p.date_of_birth <= start else p.date_of_birth
            )
            if p.left_on is not None and p.left_on <= p.joined_on:
                p.left_on = None
        return FamilyPlan(
            reference=f"FH-D{i + 1:06d}",
            name=f"{hh.surname} family",
            locality=locality,
            hub=hub,
            summary=self._summary(hh, level, involvements),
            created_at=chronology[0].occurred_at,
            updated_at=max(e.occurred_at for e in chronology),
            people=hh.people,
            relationships=hh.rels,
            involvements=involvements,
            chronology=chronology,
        )

    def _record_start(self, level: str) -> dt.date:
        if level == "front_door":
            return self._days_ago(1, 12)
        return self.today - dt.timedelta(days=int(self.rng.triangular(20, 1400, 240)))

    # --- identifiers, schools and addresses -------------------------------------------------

    def _schools(self, hh: Household, locality: str, req: Requirement) -> None:
        rng = self.rng
        primary = {"North": "northgate_primary", "South": "st_annes"}.get(locality)
        secondary = {"East": "eastfield", "West": "westbrook"}.get(locality)
        nursery = {"North": "little_oaks", "East": "riverside_nursery"}.get(locality)
        for i in hh.born_children():
            kid = hh.people[i]
            age = kid.age_on(self.today)
            if 2 <= age <= 3 and nursery and rng.random() < 0.3:
                kid.school = nursery
            elif 4 <= age <= 10 and primary and rng.random() < 0.35:
                kid.school = primary
            elif 11 <= age <= 16 and secondary and rng.random() < 0.45:
                kid.school = secondary
        if req.teacher:
            pupils = [i for i in hh.born_children() if 4 <= hh.people[i].age_on(self.today) <= 10]
            if not any(hh.people[i].school == "northgate_primary" for i in pupils):
                hh.people[rng.choice(pupils)].school = "northgate_primary"

    def _nhs_number(self) -> str:
        rng = self.rng
        while True:
            first_nine = f"{self._nhs_prefix}{rng.randrange(1_000_000):06d}"
            check = nhs_number.check_digit(first_nine)
            if check is None:
                continue
            number = first_nine + str(check)
            if number in self._nhs_used or len(set(number)) == 1:
                continue
            self._nhs_used.add(number)
            self._nhs_in_prefix += 1
            if self._nhs_in_prefix >= 500_000:  # keep collisions rare: move to the next block
                self._nhs_prefix -= 1
                self._nhs_in_prefix = 0
            return number

    def _upn(self, kid: PersonPlan) -> str:
        dob = kid.date_of_birth
        year = dob.year + (5 if dob.month >= 9 else 4)  # the reception year they started
        establishment = {"northgate_primary": 2001, "st_annes": 3301}.get(
            kid.school
        ) or self.rng.randint(2100, 2999)
        while True:
            key = (establishment, year % 100)
            serial = self._upn_serial.get(key, 0) + 1
            if serial <= 999:
                self._upn_serial[key] = serial
                return upn.make(LA_NUMBER, establishment, year, serial)
            establishment = 2100 + (establishment - 2100 + 1) % 900

    def _identifiers(self, hh: Household) -> None:
        rng = self.rng
        for p in hh.people:
            self._la_id += 1
            p.la_child_id = f"D{self._la_id:09d}"
            if p.date_of_birth is None:
                continue
            age = p.age_on(self.today)
            missing = 0.02 if p.role == CHILD else (0.3 if p.interpreter_needed else 0.04)
            if rng.random() >= missing:
                p.nhs_number = self._nhs_number()
            if p.role == CHILD:
                if 5 <= age <= 16 or (age == 17 and rng.random() < 0.5) or (age == 4 and p.school):
                    p.upn = self._upn(p)
                elif age < 5:
                    p.upn_unknown_reason = "UN1"

    def _property(self, locality: str) -> tuple[str, str, str, str]:
        rng, gaz = self.rng, self.gaz
        streets = gaz.by_locality[locality]
        for _ in range(40):
            street = rng.choice(streets)
            if street.block_flats and rng.random() < 0.25:
                number, flat = 0, rng.randint(1, street.block_flats)
            else:
                number, flat = rng.randint(1, street.max_number), 0
            key = (street.index, number, flat)
            if key not in self._properties:
                break
        self._properties.add(key)
        return gaz.address(street, number, flat)

    def _addresses(self, hh: Household, locality: str, confidential: bool, start: dt.date) -> None:
        rng = self.rng
        current = self._property(locality)
        move_in = self._days_ago(30, 12 * 365)
        previous = None
        if confidential or rng.random() < 0.15:
            other = locality if rng.random() < 0.7 else rng.choice(structure.LOCALITIES)
            previous = (self._property(other), move_in - dt.timedelta(days=rng.randint(200, 3000)))
        household = [p for p in hh.people if p.in_household and p.date_of_birth is not None]
        for p in household:
            p.addresses.append(
                AddressPlan(
                    *current,
                    moved_in_on=max(move_in, p.date_of_birth),
                    is_confidential=confidential,
                )
            )
            if previous and p.date_of_birth < move_in:
                (prop, prev_in) = previous
                p.addresses.append(
                    AddressPlan(
                        *prop, moved_in_on=max(prev_in, p.date_of_birth), moved_out_on=move_in
                    )
                )
        # People outside the household: a former partner who moved out, wider family.
        shared: dict[str, tuple] = {}
        for p in hh.people:
            if p.in_household or p.date_of_birth is None:
                continue
            if p.left_on is not None:
                left = max(p.left_on, move_in + dt.timedelta(days=1), start + dt.timedelta(days=1))
                if left >= self.today:
                    p.left_on = None
                else:
                    p.left_on = left
                    p.addresses.append(
                        AddressPlan(*current, moved_in_on=move_in, moved_out_on=left)
                    )
                    p.addresses.append(
                        AddressPlan(
                            *self._property(rng.choice(structure.LOCALITIES)), moved_in_on=left
                        )
                    )
                    continue
            if rng.random() < 0.6:
                key = p.family_name if p.role == WIDER else f"{id(p)}"
                if key not in shared:
                    shared[key] = (
                        self._property(rng.choice(structure.LOCALITIES)),
                        self._days_ago(200, 9000),
                    )
                prop, since = shared[key]
                p.addresses.append(AddressPlan(*prop, moved_in_on=max(since, p.date_of_birth)))

    # --- involvements -----------------------------------------------------------------------

    def _named(self, pool: list[str], share: float) -> str | None:
        return self.rng.choice(pool) if pool and self.rng.random() < share else None

    def _involvements(self, hh, locality, level, req, start, confidential):
        rng, today = self.rng, self.today
        kids = hh.born_children()
        ages = {i: hh.people[i].age_on(today) for i in kids}
        under5 = [i for i in kids if ages[i] <= 4]
        carers = [i for i, p in enumerate(hh.people) if p.role == PARENT_CARER and p.in_household]
        carer = hh.carer
        invs: list[InvolvementPlan] = []
        lead_start = start
        eh_team = self._team_for(f"eh_{locality.lower()}")

        # A previous episode: stepped up from early help, or down from social care.
        span = (today - start).days
        if level in ("csc_cin", "csc_cp") and span > 120 and rng.random() < 0.4:
            lead_start = start + dt.timedelta(days=rng.randint(60, span - 30))
            who = self._named(self.staff.pool(f"eh_{locality.lower()}"), 0.7)
            invs.append(
                InvolvementPlan(
                    self.staff.by_key[who].org if who else "eh",
                    IR.LEAD_PRACTITIONER,
                    start,
                    who,
                    self._team_of(who) or eh_team,
                    None,
                    lead_start,
                    "Stepped up to children's social care",
                )
            )
        elif level == "early_help" and span > 150 and rng.random() < 0.15:
            lead_start = start + dt.timedelta(days=rng.randint(60, span - 30))
            who = self._named(self._csc_workers(), 0.8)
            invs.append(
                InvolvementPlan(
                    "csc",
                    IR.SOCIAL_WORKER,
                    start,
                    who,
                    self._team_of(who) or "csc_assessment",
                    None,
                    lead_start,
                    "Stepped down to early help",
                )
            )

        # The lead involvement: every family has one, active.
        lead: InvolvementPlan | None = None
        if level == "partner_led":
            options = []
            for i in kids:
                school = hh.people[i].school
                if school == "st_annes":
                    options.append(("st_annes", "dsl_st_annes", i))
                elif school == "eastfield":
                    options.append(("eastfield", "dsl_eastfield", i))
            if under5 and locality in ("South", "West"):
                options.append(("hv", "hv2", under5[-1]))
            if under5 and req.health_visitor:
                options.append(("hv", "health_visitor", under5[-1]))
            if options:
                org, who, person = rng.choice(options)
                lead = InvolvementPlan(
                    org,
                    IR.LEAD_PRACTITIONER,
                    lead_start,
                    who,
                    self._team_of(who),
                    person,
                    notes="Lead practitioner for the family's early help plan",
                )
            else:
                level = "early_help"
        if level == "early_help":
            pool = self.staff.pool(f"eh_{locality.lower()}")
            who = req.lead if req.lead == "family_worker" else self._named(pool, 0.75)
            if who is None:
                lead = InvolvementPlan(
                    "eh",
                    IR.FAMILY_WORKER,
                    lead_start,
                    None,
                    eh_team,
                    notes="Allocated to the team; awaiting a named worker",
                )
            else:
                spec = self.staff.by_key[who]
                is_lead = "lead_practitioner" in spec.designations or rng.random() < 0.5
                if who == "family_worker":
                    is_lead = rng.random() < 0.8
                lead = InvolvementPlan(
                    spec.org,
                    IR.LEAD_PRACTITIONER if is_lead else IR.FAMILY_WORKER,
                    lead_start,
                    who,
                    spec.team,
                )
        elif level == "csc_cin":
            pool = self.staff.pool("csc_assessment")
            who = req.lead if req.lead == "social_worker" else self._named(pool, 0.7)
            lead = InvolvementPlan(
                "csc",
                IR.SOCIAL_WORKER,
                lead_start,
                who,
                self._team_of(who) or self._team_for("csc_assessment"),
                notes="Child in need (section 17)",
            )
        elif level == "csc_cp":
            who = self._named(self.staff.pool("csc_cp"), 0.75)
            lead = InvolvementPlan(
                "csc",
                IR.SOCIAL_WORKER,
                lead_start,
                who,
                self._team_of(who) or self._team_for("csc_cp"),
                notes="Child protection plan (section 47 enquiry completed)",
            )
        elif level == "front_door":
            who = req.lead if req.lead == "front_door" else None
            lead = InvolvementPlan(
                "csc",
                IR.OTHER,
                lead_start,
                who,
                "csc_mash",
                notes="Referral being screened by the front door (MASH)",
            )
        invs.append(lead)
        creator = invs[0].practitioner or self._manager_of(invs[0].team)

        def partner(org, role, who, person=None, notes=""):
            began = self._between(lead_start, today - dt.timedelta(days=1))
            invs.append(
                InvolvementPlan(org, role, began, who, self._team_of(who), person, notes=notes)
            )

        # Schools: the demo user's school only for her caseload, so it stays exact.
        for i in kids:
            school = hh.people[i].school
            if not school or (lead.person == i and lead.organisation == school):
                continue
            if school == "northgate_primary":
                if req.teacher:
                    partner(school, IR.DSL, "teacher", i)
            elif school in ("st_annes", "eastfield") and rng.random() < 0.3:
                partner(
                    school, IR.DSL, "dsl_st_annes" if school == "st_annes" else "dsl_eastfield", i
                )
            elif rng.random() < 0.2:
                partner(school, IR.DSL, None, i)
        # Health visiting for under-fives.
        if under5 and lead.organisation != "hv":
            if req.health_visitor:
                partner(
                    "hv",
                    IR.HEALTH_VISITOR,
                    "health_visitor",
                    under5[-1] if rng.random() < 0.7 else None,
                )
            elif locality in ("South", "West") and rng.random() < 0.5:
                partner("hv", IR.HEALTH_VISITOR, self._named(["hv2"], 0.6), under5[-1])
            elif rng.random() < 0.35:
                partner(
                    "hv", IR.HEALTH_VISITOR, None, under5[-1], notes="Universal health visiting"
                )
        cp = level == "csc_cp"
        social = level in ("csc_cin", "csc_cp")
        if hh.unborn():
            partner("midwifery", IR.MIDWIFE, self._named(["midwife"], 0.8), carer)
        if rng.random() < 0.2:
            org = GP_FOR[locality]
            partner(org, IR.GP, "gp" if org == "gp_northgate" and rng.random() < 0.5 else None)
        adult = carers or [carer]
        if rng.random() < (0.15 if social else 0.06):
            partner("amh", IR.ADULT_WORKER, self._named(["amh"], 0.7), rng.choice(adult))
        if rng.random() < (0.12 if social else 0.04):
            partner("drugs", IR.ADULT_WORKER, self._named(["drugs"], 0.7), rng.choice(adult))
        if confidential or rng.random() < (0.25 if cp else 0.04):
            partner(
                "da",
                IR.OTHER,
                self._named(["idva"], 0.8),
                carer,
                notes="Independent domestic violence adviser (IDVA) support",
            )
        if rng.random() < 0.07:
            partner("housing", IR.HOUSING_OFFICER, self._named(["housing"], 0.6))
        if rng.random() < (0.3 if cp else 0.03):
            partner("police", IR.POLICE, self._named(["police"], 0.6))
        if rng.random() < 0.05:
            partner(
                "jcp",
                IR.OTHER,
                self._named(["jcp"], 0.6),
                rng.choice(adult),
                notes="Work coach: help back into work",
            )
        if rng.random() < 0.07:
            if kids and rng.random() < 0.3:
                partner(
                    "vol_young_carers",
                    IR.OTHER,
                    None,
                    rng.choice(kids),
                    notes="Young carers support",
                )
            else:
                partner(
                    "vol_family_support",
                    IR.OTHER,
                    self._named(["vol"], 0.6),
                    notes="Family support volunteer",
                )
        # Something that has ended.
        if rng.random() < 0.25 and span > 90:
            began = self._between(start, today - dt.timedelta(days=60))
            ended = self._between(began + dt.timedelta(days=14), today - dt.timedelta(days=7))
            choices = [
                ("housing", IR.HOUSING_OFFICER, "housing", "Family rehoused"),
                ("police", IR.POLICE, None, "No further action"),
                ("vol_family_support", IR.OTHER, "vol", "Volunteer support completed"),
                ("jcp", IR.OTHER, None, "Back in work"),
                ("amh", IR.ADULT_WORKER, "amh", "Discharged to the GP"),
            ]
            if any(5 <= a <= 6 for a in ages.values()):
                choices.append(
                    (
                        "hv",
                        IR.HEALTH_VISITOR,
                        None,
                        "Child started school; transferred to school nursing",
                    )
                )
            org, role, who, reason = rng.choice(choices)
            invs.append(
                InvolvementPlan(org, role, began, who, self._team_of(who), None, ended, reason)
            )
        return invs, creator

    def _team_of(self, who: str | None) -> str | None:
        return self.staff.by_key[who].team if who else None

    def _team_for(self, team: str) -> str:
        """A service's team for a family waiting for a named worker: the one team, or in a
        scaled borough any of the service's teams (the fixed one's stream of random numbers
        is left as it was)."""
        return self.rng.choice(self.staff.teams_of(team)) if self.staff.scaled else team

    def _manager_of(self, team: str | None) -> str | None:
        return TEAM_MANAGER_FOR.get(team or "") or self.staff.managers.get(team or "")

    def _csc_workers(self) -> list[str]:
        """Social workers a family stepped down from social care had."""
        extra = self.staff.pool("csc_assessment")[1:] + self.staff.pool("csc_cp")[1:]
        return ["assess_sw2", "social_worker", "cp_sw", *extra]

    # --- chronology -------------------------------------------------------------------------

    def _chronology(self, hh, invs, creator, start, level) -> list[EntryPlan]:
        rng, today = self.rng, self.today
        people = hh.people
        first = invs[0]
        agency = self.staff.by_key[creator].org if creator else first.organisation
        if creator:
            started_by = self.staff.by_key[creator].full_name
        else:
            team = self.staff.team_by_key.get(first.team or "")
            started_by = f"the {team.name}" if team else structure.ORG_BY_KEY[agency].name
        entries = [
            EntryPlan(
                self._at(start, 0),
                "family_created",
                f"Family record started by {started_by}",
                None,
                creator,
                agency,
            )
        ]
        minute = 1
        for idx, p in enumerate(people):
            label = MemberRole(p.role).label.lower()
            born_later = p.date_of_birth is not None and p.date_of_birth > start
            if born_later:
                day = min(
                    today - dt.timedelta(days=1),
                    p.date_of_birth + dt.timedelta(days=rng.randint(1, 14)),
                )
                at = self._at(day)
            else:
                at = self._at(start, minute)
                minute += 1
            entries.append(
                EntryPlan(
                    at,
                    "member_added",
                    f"{p.full_name} added to the family as {label}",
                    idx,
                    creator,
                    agency,
                )
            )
            if p.left_on is not None:
                entries.append(
                    EntryPlan(
                        self._at(p.left_on),
                        "member_left",
                        f"{p.full_name} moved out of the family home",
                        idx,
                        creator,
                        agency,
                    )
                )
        for inv in invs:
            org = structure.ORG_BY_KEY[inv.organisation].name
            if inv.practitioner:
                short = self.staff.by_key[inv.practitioner].full_name
                who = f"{short} ({org})"
            elif inv.team:
                short = f"The {self.staff.team_by_key[inv.team].name}"
                who = f"{short} ({org})"
            else:
                short = who = org
            author = inv.practitioner or creator
            author_org = inv.organisation if inv.practitioner else agency
            day = max(inv.started_on, start)
            entries.append(
                EntryPlan(
                    self._at(day, minute if day == start else None),
                    "involvement_started",
                    f"{who} involved as {_role_label(inv.role)}",
                    inv.person,
                    author,
                    author_org,
                )
            )
            if inv.ended_on is not None:
                entries.append(
                    EntryPlan(
                        self._at(inv.ended_on),
                        "involvement_ended",
                        f"{short} no longer involved: {inv.end_reason}",
                        inv.person,
                        author,
                        author_org,
                    )
                )
        if any(a.is_confidential for p in people for a in p.addresses):
            entries.append(
                EntryPlan(
                    self._at(start),
                    "address_added",
                    f"New address recorded for {people[hh.carer].full_name} (confidential)",
                    hh.carer,
                    creator,
                    agency,
                    True,
                )
            )
        entries += self._notes(hh, invs, level)
        entries.sort(key=lambda e: e.occurred_at)
        return entries

    def _notes(self, hh, invs, level) -> list[EntryPlan]:
        rng, today = self.rng, self.today
        out = []
        ctx = self._note_context(hh)
        notes = templates()["notes"]
        lead = next(inv for inv in invs if inv.ended_on is None)
        for inv in invs:
            if inv is lead:
                count = rng.randint(1, 3) + (2 if level in ("csc_cin", "csc_cp") else 0)
                if level in LEAD_NOTE_KIND:
                    kind = LEAD_NOTE_KIND[level]
                elif inv.organisation == "hv":
                    kind = "hv"
                elif inv.organisation in SCHOOLS:
                    kind = "dsl"
                else:
                    kind = "lead"
            else:
                count = 1 if rng.random() < 0.5 else 0
                kind = NOTE_KIND_FOR_ROLE.get(inv.role, "other")
                if inv.organisation in NOTE_KIND_FOR_ORG:
                    kind = NOTE_KIND_FOR_ORG[inv.organisation]
            end = (inv.ended_on or today) - dt.timedelta(days=1)
            options = [t for t in notes[kind] if t[3] is None or ctx.get(t[3])]
            for note_kind, text, significance, needs in rng.sample(
                options, min(count, len(options))
            ):
                fill = self._fill(ctx, needs)
                pct = rng.randint(68, 89)
                summary = text.format(**fill, pct=pct)
                significant = rng.random() < significance
                if "{pct}" in text:
                    significant = pct < 80
                day = self._between(inv.started_on, max(inv.started_on, end))
                out.append(
                    EntryPlan(
                        self._at(day),
                        note_kind,
                        summary,
                        fill.get("_person"),
                        inv.practitioner,
                        inv.organisation,
                        significant,
                    )
                )
        return out

    def _note_context(self, hh) -> dict:
        today = self.today
        kids = hh.born_children()
        ages = {i: hh.people[i].age_on(today) for i in kids}
        return {
            "child": kids,
            "school_child": [i for i in kids if 4 <= ages[i] <= 17],
            "under5": [i for i in kids if ages[i] <= 4],
            "unborn": hh.unborn(),
            "carer": hh.carer,
            "people": hh.people,
        }

    def _fill(self, ctx, needs) -> dict:
        people = ctx["people"]
        carer = people[ctx["carer"]]
        fill = {
            "parent_first": carer.first,
            "parent": carer.full_name,
            "referrer": self.rng.choice(templates()["referrers"]),
            "_person": None,
        }
        if needs in ("child", "school_child", "under5"):
            i = self.rng.choice(ctx[needs])
            fill.update(child=people[i].full_name, child_first=people[i].first, _person=i)
        elif needs == "unborn":
            baby = people[ctx["unborn"][0]]
            edd = baby.expected_date_of_birth
            fill.update(edd=f"{edd.day} {edd:%B %Y}", _person=ctx["carer"])
        return fill

    def _summary(self, hh, level, invs) -> str:
        rng, texts = self.rng, templates()
        people = hh.people
        carer = people[hh.carer]
        kids = hh.born_children()
        child = people[rng.choice(kids)].first if kids else ""
        orgs = {inv.organisation for inv in invs if inv.ended_on is None}
        if hh.unborn() and not kids:
            text = (
                "{p} is expecting a baby and would like support to get ready, "
                "including a safe place to sleep and help with money."
            )
        elif hh.shape == "kinship":
            text = (
                "Grandparent carer would like help with {c}'s contact with their parent, "
                "benefits and a school place."
            )
        elif "da" in orgs:
            text = (
                "Safety planning and support after domestic abuse; help for the children "
                "to settle in school."
            )
        elif level in texts["csc_summaries"]:
            text = rng.choice(texts["csc_summaries"][level])
        elif "amh" in orgs and kids:
            text = (
                "Support for {c}, who helps to look after {p}; {p} would like help with "
                "routines and time for the children to see friends."
            )
        else:
            text = rng.choice(texts["summaries"] if kids else texts["adult_summaries"])
        return text.format(p=carer.first, c=child)


SCHOOLS = frozenset(o.key for o in structure.ORGANISATIONS if o.org_type == "school")
NOTE_KIND_FOR_ROLE = {
    IR.DSL: "dsl",
    IR.HEALTH_VISITOR: "hv",
    IR.MIDWIFE: "midwife",
    IR.GP: "gp",
    IR.HOUSING_OFFICER: "housing",
    IR.POLICE: "police",
    IR.SOCIAL_WORKER: "sw",
    IR.LEAD_PRACTITIONER: "lead",
    IR.FAMILY_WORKER: "lead",
}
LEAD_NOTE_KIND = {"csc_cp": "cp", "csc_cin": "sw", "front_door": "front_door"}
NOTE_KIND_FOR_ORG = {
    "amh": "amh",
    "drugs": "drugs",
    "da": "da",
    "jcp": "jcp",
    "vol_family_support": "vol",
    "vol_young_carers": "vol",
}


@cache
def templates() -> dict:
    """Case-note and family-summary templates (demo/data/chronology.json)."""
    return json.loads((DATA_DIR / "chronology.json").read_text(encoding="utf-8"))


def generate(*, families: int, seed: int, today: dt.date) -> Iterator[FamilyPlan]:
    """Yield the borough's families in order; the same arguments always give the same data."""
    return BoroughGenerator(families=families, seed=seed, today=today).families()

"""The demo borough's staff grow with it, as a real council's do.

Up to `SCALE_FROM` families the partnership is the fixed one in `demo.structure` (the small
demo, `make run` and the tests, are unchanged). Above it, each locality's early help service,
the assessment service and the child protection service get more teams of `TEAM_SIZE` workers
and a team manager, enough that a worker leads about `CASELOAD` families. Their families are
drawn among all of a service's workers (the well-known demo users keep their exact caseloads),
and families waiting for a named worker are shared among the service's teams.

    staff = for_families(200_000)
    staff.pool("eh_north")   # the North early help workers families are allocated to
    staff.teams_of("eh_north")  # the North early help teams (the first is structure's)

Names are synthetic, drawn from the borough's name lists with a fixed seed (the same staff
whatever the borough's seed); email addresses are on the demo domain, so `borough.reset()`
removes them with the other demo sign-ins.
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from organisations.models import Designation, Role

from . import structure
from .structure import DEMO_EMAIL_DOMAIN, PractitionerSpec, TeamSpec

SCALE_FROM = 2_000  # families: the fixed partnership up to here
TEAM_SIZE = 7  # workers in a team, besides its manager
CASELOAD = 20  # families a worker leads, roughly (early help and social work alike)
NAME_SEED = 16  # the staff's names: fixed, so every borough has the same people

# The services that grow: base team, workers already in it (households' pools), the expected
# share of the borough's families one of its workers leads, and what a worker is called.
# Shares follow households' levels (64% early help, 75% of those named; child in need 12%, 70%
# named; child protection 6%, 75% named) and locality weights.
_LOCALITY_SHARE = {"North": 0.28, "East": 0.27, "South": 0.24, "West": 0.21}


@dataclass(frozen=True)
class Service:
    team: str  # the base team's key in demo.structure
    pool: tuple[str, ...]  # its named workers in households (repeats weight them)
    share: float  # of all families, led by a named worker of this service
    role: str
    job_title: str
    designations: tuple[str, ...] = ()


SERVICES: tuple[Service, ...] = (
    *(
        Service(
            f"eh_{loc.lower()}",
            pool,
            0.64 * 0.75 * _LOCALITY_SHARE[loc],
            Role.FAMILY_WORKER,
            "Family worker",
            (Designation.LEAD_PRACTITIONER,),
        )
        for loc, pool in (
            ("North", ("north_fw2",)),
            ("East", ("east_fw", "east_fw", "embedded_sw")),
            ("South", ("south_fw",)),
            ("West", ("west_fw",)),
        )
    ),
    Service("csc_assessment", ("assess_sw2",), 0.12 * 0.7, Role.SOCIAL_WORKER, "Social worker"),
    Service("csc_cp", ("cp_sw",), 0.06 * 0.75, Role.SOCIAL_WORKER, "Social worker (CP)"),
)
SERVICE_BY_TEAM = {s.team: s for s in SERVICES}


@dataclass
class Staff:
    families: int
    teams: list[TeamSpec] = field(default_factory=list)  # the extra teams
    practitioners: list[PractitionerSpec] = field(default_factory=list)  # and their people
    _pools: dict[str, list[str]] = field(default_factory=dict)
    _teams: dict[str, list[str]] = field(default_factory=dict)
    managers: dict[str, str] = field(default_factory=dict)  # extra team -> its manager

    @property
    def scaled(self) -> bool:
        return bool(self.teams)

    def pool(self, team: str) -> list[str]:
        """Named workers a service's families are allocated among (households' own first)."""
        base = list(SERVICE_BY_TEAM[team].pool)
        return base + self._pools.get(team, [])

    def teams_of(self, team: str) -> list[str]:
        return [team, *self._teams.get(team, [])]

    @functools.cached_property
    def by_key(self) -> dict[str, PractitionerSpec]:
        return {**structure.PRACTITIONER_BY_KEY, **{p.key: p for p in self.practitioners}}

    @functools.cached_property
    def team_by_key(self) -> dict[str, TeamSpec]:
        return {**structure.TEAM_BY_KEY, **{t.key: t for t in self.teams}}


def extra_teams(families: int, service: Service) -> int:
    """How many teams a service adds for a borough of this many families."""
    if families <= SCALE_FROM:
        return 0
    workers = math.ceil(families * service.share / CASELOAD)
    return max(0, math.ceil((workers - len(set(service.pool))) / TEAM_SIZE))


@functools.lru_cache(maxsize=4)
def for_families(families: int) -> Staff:
    staff = Staff(families)
    rng = random.Random(NAME_SEED)
    name_lists = json.loads((Path(__file__).parent / "data" / "names.json").read_text("utf-8"))
    base_names = {t.key: t for t in structure.TEAMS}
    for service in SERVICES:
        base = base_names[service.team]
        for n in range(2, 2 + extra_teams(families, service)):
            key = f"{service.team}_{n}"
            staff.teams.append(TeamSpec(key, f"{base.name} {n}", base.org, base.locality, base.hub))
            staff._teams.setdefault(service.team, []).append(key)
            manager = _person(name_lists, rng, f"{key}_manager")
            staff.practitioners.append(
                PractitionerSpec(
                    manager.key,
                    manager.email,
                    manager.full_name,
                    base.org,
                    key,
                    Role.TEAM_MANAGER,
                    f"Team manager ({base.name} {n})",
                    manages=(key,),
                )
            )
            staff.managers[key] = manager.key
            for w in range(1, TEAM_SIZE + 1):
                worker = _person(name_lists, rng, f"{key}_{w}")
                staff.practitioners.append(
                    PractitionerSpec(
                        worker.key,
                        worker.email,
                        worker.full_name,
                        base.org,
                        key,
                        service.role,
                        service.job_title,
                        tuple(str(d) for d in service.designations),
                    )
                )
                staff._pools.setdefault(service.team, []).append(worker.key)
    return staff


@dataclass(frozen=True)
class _Person:
    key: str
    email: str
    full_name: str


def _person(name_lists: dict, rng: random.Random, key: str) -> _Person:
    """A synthetic name from the borough's lists (households.Names reads them the same way)."""
    groups = name_lists["groups"]
    group = groups[rng.choices(list(groups), weights=[g["weight"] for g in groups.values()])[0]]
    sex = rng.choice("FM")
    if "given" in group and rng.random() >= group.get("british_given", 0):
        given = rng.choice(group["given"][sex])
    else:
        given = rng.choice(name_lists["british_by_decade"][sex]["1980"])
    forms = rng.choice(group["surnames"]).split("|")  # masculine|feminine|daughter
    surname = forms[1] if sex == "F" and len(forms) > 1 else forms[0]
    local = key.replace("_", ".")
    return _Person(key, f"{local}@{DEMO_EMAIL_DOMAIN}", f"{given} {surname}")

"""One name heard on its own ("Walch", "Wils", "Rikhardson"), looked up with the database's
own tools, within the searcher's scope (issue 17).

A name typed alone may be misspelt the way a listener misspells it, or only its start may
have been caught. Besides the sound key the register stores (`Person.given_sound` /
`family_sound`, jellyfish's metaphone), this asks for:

- the start of the name (three letters or more): a range on the indexed name key
  (`key >= 'wils' AND key < 'wils{'`), on every database;
- on PostgreSQL, names that share enough trigrams with it (`pg_trgm`'s `%`, GIN-indexed) and
  names with the same double metaphone, primary or alternative (`fuzzystrmatch`'s
  `dmetaphone`, an expression index): "Walch" finds Walsh, "Rikhardson" finds Richardson;
  closest first (trigram similarity), so the cap keeps the likeliest;
- on SQLite, the first three letters as heard (a slip is rarely at the start of a name) and,
  for the second look (`close_keys`), the names starting with the same letter that are one or
  two slips away, read from the name key's own index (distinct keys, not people).

The indexes and extensions are `matching/migrations/0002_name_look_ups.py` (PostgreSQL only).
The engine scores what this finds like any other candidate; this only finds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

import jellyfish
from django.db import connection
from django.db.models import F, FloatField, Func, Lookup, Q, QuerySet, Value
from django.db.models.fields import CharField
from django.db.models.functions import Greatest
from django.db.models.lookups import Exact

from . import normalise

PREFIX_MIN = 3  # letters of a name's start looked up as the start of a name


class TrigramSimilar(Lookup):
    """`lhs % rhs`: pg_trgm's similarity above `pg_trgm.similarity_threshold` (GIN-indexed)."""

    lookup_name = "heard_trigram_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", [*lhs_params, *rhs_params]


def _dmetaphone(expression, alternative: bool = False) -> Func:
    name = "dmetaphone_alt" if alternative else "dmetaphone"
    return Func(expression, function=name, output_field=CharField())


def starts_with(field: str, key: str) -> Q:
    """`field` starts with `key`, as a range an ordinary index answers on any database."""
    return Q(**{f"{field}__gte": key, f"{field}__lt": key + "{"})  # "{" sorts after "z"


def name_q(part: str, key: str, sound: str) -> Q:
    """People whose `part` ("given" or "family") name may be `key` (a `name_key`) heard."""
    field = f"{part}_key"
    q = Q(**{f"{part}_sound": sound}) if sound else Q()
    if len(key) >= PREFIX_MIN:
        q |= starts_with(field, key)
    if connection.vendor == "postgresql":
        q |= Q(TrigramSimilar(F(field), Value(key)))
        code = _dmetaphone(F(field))
        q |= Q(Exact(code, _dmetaphone(Value(key)))) | Q(
            Exact(code, _dmetaphone(Value(key), alternative=True))
        )
    elif len(key) > PREFIX_MIN:
        q |= starts_with(field, key[:PREFIX_MIN])
    return q


def slips(a: str, b: str) -> int:
    """How many slips (a letter changed, added, dropped or two swapped) part two names."""
    return jellyfish.damerau_levenshtein_distance(a, b)


def close_keys(part: str, key: str, cap: int = 50) -> list[str]:
    """The register's `part` name keys that start with the same letter as `key` and are at
    most one slip away (two for a name of five letters or more), read as distinct keys from
    the name key's index (SQLite's look-up for a slip that changes how a name sounds; on
    PostgreSQL the trigram index answers it)."""
    from people.models import Person

    if not key:
        return []
    field = f"{part}_key"
    allowed = 2 if len(key) >= 5 else 1
    names = (
        Person.objects.filter(starts_with(field, key[0]))
        .order_by(field)
        .values_list(field, flat=True)
        .distinct()
    )
    close = [k for k in names.iterator(chunk_size=5000) if abs(len(k) - len(key)) <= allowed]
    return [k for k in close if slips(k, key) <= allowed][:cap]


def closest_first(people: QuerySet, parts: list[str], key: str) -> QuerySet:
    """On PostgreSQL, the closest names first (trigram similarity of whichever part is
    closer), so a cap keeps them; elsewhere unordered."""
    if connection.vendor != "postgresql":
        return people.order_by()
    similar = [
        Func(F(f"{part}_key"), Value(key), function="similarity", output_field=FloatField())
        for part in parts
    ]
    closeness = Greatest(*similar) if len(similar) > 1 else similar[0]
    return people.annotate(_heard=closeness).order_by("-_heard")


# --- Within the searcher's sight --------------------------------------------------------------
# A practitioner sees a few hundred families (a worker's team), a manager a few thousand. When
# that is few (the caller decides: `people.queries.SIGHT_FAMILIES`), a name heard on its own is
# looked up among the people of those families (read by the indexed membership family column,
# one query) by the name keys the register stores, instead of among the register's million by
# name and then checked against the searcher's sight: nothing within sight is capped away and
# nothing outside it is read. Above that, the indexed look-ups above answer (`name_q`).

TRIGRAM_SIMILAR = 0.3  # pg_trgm's default similarity threshold


@dataclass(frozen=True)
class InSight:
    """One person of the searcher's sight: their stored name keys and date of birth."""

    pk: int
    family_id: int
    given_key: str
    family_key: str
    given_sound: str
    family_sound: str
    date_of_birth: dt.date | None


def people_in_sight(families: list[int]) -> list[InSight]:
    """The people (not merged away) of these families, with their stored name keys: one
    query driven by the membership table's family index. Visibility rules on the person
    (a restricted record) are checked afterwards on what fits, as for every candidate."""
    from people.models import Membership

    if not families:
        return []
    rows = (
        Membership.objects.filter(family_id__in=families, person__merged_into__isnull=True)
        .order_by()
        .values_list(
            "person_id",
            "family_id",
            "person__given_key",
            "person__family_key",
            "person__given_sound",
            "person__family_sound",
            "person__date_of_birth",
        )
    )
    return [InSight(*row) for row in rows]


def trigrams(key: str) -> set[str]:
    """A word's trigrams as pg_trgm makes them (two spaces before, one after)."""
    padded = f"  {key} "
    return {padded[k : k + 3] for k in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity` of two one-word keys: shared trigrams over all of them."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def heard_as(name_key: str, name_sound: str, key: str, sound: str) -> bool:
    """Whether a stored name (its key and sound key) may be `key` heard: the same sound, its
    start (three letters or more), one or two slips away (two for five letters or more), or
    enough trigrams shared (as pg_trgm's `%`)."""
    if not name_key or not key:
        return False
    if sound and name_sound == sound:
        return True
    if len(key) >= PREFIX_MIN and name_key.startswith(key):
        return True
    allowed = 2 if len(key) >= 5 else 1
    if abs(len(name_key) - len(key)) <= allowed and slips(name_key, key) <= allowed:
        return True
    return similarity(name_key, key) >= TRIGRAM_SIMILAR


def names_in_sight(people: list[InSight], names: list[tuple[str, str]]) -> set[int]:
    """The people whose given or family name (as `part`) may be the name heard, for each
    (part, name) asked: "given" or "family". Each distinct stored name is judged once."""
    from people.search import name_key, sound_key

    found = set()
    for part, name in names:
        key, sound = name_key(name), sound_key(name)
        judged: dict[tuple[str, str], bool] = {}
        for person in people:
            if person.pk in found:
                continue
            stored = (
                (person.given_key, person.given_sound)
                if part == "given"
                else (person.family_key, person.family_sound)
            )
            fits = judged.get(stored)
            if fits is None:
                fits = judged[stored] = heard_as(*stored, key, sound)
            if fits:
                found.add(person.pk)
    return found


def candidates_in_sight(
    readings: list[dict],
    query: dict,
    sight: Callable[[], list[InSight]],
    own_families: Callable[[], Collection[int]],
    own: set[int],
    wide: bool,
) -> set[int]:
    """A name heard alone (and, on the second look, each name on its own and a date of birth
    alone) among the people of the searcher's families when they are few (`sight()` reads them,
    `people_in_sight`, once per search): every one of them who fits, none capped away; those
    of the searcher's own families added to `own`. Still to be checked against the searcher's
    sight person by person (a restricted record)."""
    names: list[tuple[str, str]] = []
    for reading in readings:
        given, family = reading.get("first_name"), reading.get("surname")
        if wide or (bool(given) != bool(family) and not reading.get("dob")):
            names += [("given", given)] if given else []
            names += [("family", family)] if family else []
    ymd = normalise.date_of_birth(query.get("dob", "")) if wide and not names else None
    if not names and ymd is None:
        return set()
    people = sight()
    found = names_in_sight(people, names) if names else set()
    if ymd is not None:
        born = dt.date(*ymd)
        found |= {p.pk for p in people if p.date_of_birth == born}
    if found:
        mine = own_families()
        own |= {p.pk for p in people if p.pk in found and p.family_id in mine}
    return found

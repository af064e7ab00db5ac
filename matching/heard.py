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

import jellyfish
from django.db import connection
from django.db.models import F, FloatField, Func, Lookup, Q, QuerySet, Value
from django.db.models.fields import CharField
from django.db.models.functions import Greatest
from django.db.models.lookups import Exact

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

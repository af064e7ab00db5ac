"""The one place the linker asks the matching engine for register candidates.

`candidates(record)` -> [(person_id, probability, band, reasons), …], best first. It uses the
database-backed `matching.register.find` when it is there; otherwise it falls back to scoring
the register people who share a surname sound, a date of birth (either way round), an NHS
number or a UPN with `matching.explain.assess`. People merged into someone else are never
candidates (their record lives on in the person they were merged into).
"""

from __future__ import annotations

import datetime as dt
import threading

from django.db.models import Q
from django.utils import timezone

from matching import model as mdl

AUTO_THRESHOLD = mdl.CERTAIN  # at and above: linked without a person looking
REVIEW_THRESHOLD = mdl.POSSIBLE  # at and above (below AUTO): a possible match to review
FALLBACK_CAP = 200
# The prior of a register of at least a million people (the engine's default): a bulk link
# is made without a person looking only on strong evidence, however small the register is.
POPULATION_FLOOR = 1_000_000


def _live_people_q() -> Q:
    from people.models import Person

    names = {f.name for f in Person._meta.get_fields()}
    return Q(merged_into__isnull=True) if "merged_into" in names else Q()


def candidates(record: dict, *, limit: int = 10) -> list[tuple[int, float, str, list[str]]]:
    try:
        from matching.register import find, register_size
    except ImportError:
        return _fallback(record, limit=limit)
    population = max(register_size(), POPULATION_FLOOR)
    matches = find(record, limit=limit, scope=_live_people_q(), population=population)
    return [(m.person_id, float(m.probability), m.band, list(m.reasons)) for m in matches]


def refresh(person_ids: list[int]) -> None:
    """Keep the engine's stored keys in step with people the linker creates."""
    try:
        from matching.register import refresh as refresh_keys
    except ImportError:
        return
    refresh_keys(person_ids)


def store_keys(people: list[dict]) -> None:
    """Store the engine's keys of people the linker has just created, from their values as
    saved (`matching.register.key_rows`' rows), without reading them back: they have none
    yet."""
    from matching.register import insert_keys, key_rows

    insert_keys(key_rows(people))


def person_record(person) -> dict:
    """A register person as the engine's input columns (never a confidential address)."""
    today = timezone.localdate()
    address = (
        person.addresses.filter(is_confidential=False)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today))
        .order_by("-moved_in_on", "-pk")
        .first()
    )
    dob = person.date_of_birth
    return {
        "record_id": str(person.pk),
        "first_name": person.given_name,
        "surname": person.family_name,
        "dob": dob.isoformat() if dob else "",
        "sex": person.sex if person.sex in ("M", "F") else "",
        "postcode": address.postcode if address else "",
        "address_line_1": address.line_1 if address else "",
        "nhs_number": person.nhs_number or "",
    }


def _fallback(record: dict, *, limit: int) -> list[tuple[int, float, str, list[str]]]:
    from matching.explain import assess
    from people.models import Person
    from people.search import sound_key

    q = Q(pk__in=[])
    if record.get("surname"):
        q |= Q(family_sound=sound_key(record["surname"]))
    if record.get("dob"):
        born = dt.date.fromisoformat(record["dob"])
        q |= Q(date_of_birth=born)
        if born.day <= 12 and born.day != born.month:
            q |= Q(date_of_birth=born.replace(day=born.month, month=born.day))
    if record.get("nhs_number"):
        q |= Q(nhs_number=record["nhs_number"])
    if record.get("upn"):
        q |= Q(upn=record["upn"])
    people = Person.objects.filter(q).filter(_live_people_q())[:FALLBACK_CAP]
    out = []
    for person in people:
        a = assess(record, person_record(person))
        prob, band, reasons = a.probability, a.band, list(a.reasons)
        if record.get("upn") and person.upn == record["upn"] and prob >= REVIEW_THRESHOLD:
            prob, band, reasons = 1.0, "certain", ["same UPN", *reasons]
        if prob >= REVIEW_THRESHOLD:
            out.append((person.pk, prob, band, reasons))
    out.sort(key=lambda c: -c[1])
    return out[:limit]


def candidates_many(records: list[dict]) -> list[tuple[int, float, str, list[str]] | None]:
    """The best candidate of each record (or None), for a batch of a bulk link: the engine's
    `find_many`, which gives each record what `find` would, in a few queries for the batch."""
    from matching.register import register_size
    from matching.register_many import find_many

    population = max(register_size(), POPULATION_FLOOR)
    out: list[tuple[int, float, str, list[str]] | None] = []
    for matches in find_many(records, limit=1, population=population, vocab=_vocabulary()):
        m = matches[0] if matches else None
        out.append((m.person_id, float(m.probability), m.band, list(m.reasons)) if m else None)
    return out


_KEPT = threading.local()
# Values and register rows kept before starting a new vocabulary: enough for every row of a
# million-person register (about 2 million with their distinct postcodes and addresses), so a
# run against one cleans each register row once (600,000 made it start again every 14,000
# rows or so); a run at that size peaks well under a gigabyte.
VOCABULARY_CAP = 4_000_000


def _vocabulary():
    """The engine's vocabulary kept from batch to batch of a bulk link in this thread (each
    name, date, postcode, address and register row cleaned once; the scores do not depend on
    it), replaced once it holds VOCABULARY_CAP of them so memory stays flat."""
    from matching.records import Vocabulary

    vocab = getattr(_KEPT, "vocab", None)
    if vocab is None or vocab.size() > VOCABULARY_CAP:
        vocab = _KEPT.vocab = Vocabulary()
    return vocab

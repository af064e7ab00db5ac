"""Register search for the foundation: names with typos, date of birth, postcode, NHS number
and UPN. Candidates come from indexed keys (normalised names and their sound codes); ranking
uses Jaro-Winkler similarity. The matching app (issue 7) replaces the scoring with the full
explainable engine behind the same query function.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import jellyfish
from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from .identifiers import nhs_number, postcode, upn


def name_key(value: str) -> str:
    """Lower case, accents and punctuation removed: "O'Neil-Smith" -> "oneilsmith"."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", text.lower())


def sound_key(value: str) -> str:
    key = name_key(value)
    return jellyfish.metaphone(key)[:20] if key else ""


def index_keys(person) -> None:
    """Refresh a person's search keys from their names (called by every action that saves)."""
    person.given_key = name_key(person.given_name)
    person.family_key = name_key(person.family_name)
    person.given_sound = sound_key(person.given_name)
    person.family_sound = sound_key(person.family_name)


@dataclass
class SearchTerms:
    name: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.date_of_birth or self.postcode or self.nhs_number or self.upn)


@dataclass
class Hit:
    person: object
    score: float
    reasons: list[str] = field(default_factory=list)


def _name_tokens(name: str) -> list[str]:
    return [t for t in (name_key(part) for part in re.split(r"[\s,]+", name)) if t]


def candidate_q(terms: SearchTerms) -> Q:
    q = Q(pk__in=[])
    for token in _name_tokens(terms.name):
        sound = jellyfish.metaphone(token)[:20]
        q |= Q(given_key=token) | Q(family_key=token)
        if sound:
            q |= Q(given_sound=sound) | Q(family_sound=sound)
    if terms.date_of_birth:
        dob = terms.date_of_birth
        q |= Q(date_of_birth=dob)
        if dob.day <= 12 and dob.day != dob.month:
            with contextlib.suppress(ValueError):
                q |= Q(date_of_birth=dob.replace(day=dob.month, month=dob.day))
    if terms.postcode:
        # A confidential address (e.g. a refuge) must never confirm where someone lives.
        q |= Q(addresses__postcode=postcode.normalise(terms.postcode)) & Q(
            addresses__is_confidential=False
        )
    if terms.nhs_number:
        q |= Q(nhs_number=nhs_number.normalise(terms.nhs_number))
    if terms.upn:
        q |= Q(upn=upn.normalise(terms.upn))
    return q


def score(person, terms: SearchTerms) -> Hit:
    reasons: list[str] = []
    total = 0.0
    tokens = _name_tokens(terms.name)
    keys = [person.given_key, person.family_key]
    for token in tokens:
        sound = jellyfish.metaphone(token)[:20]
        given_sim = JaroWinkler.similarity(token, person.given_key)
        family_sim = JaroWinkler.similarity(token, person.family_key)
        closest = person.given_name if given_sim >= family_sim else person.family_name
        if token in keys:
            total += 2.0
        elif sound and sound in (person.given_sound, person.family_sound):
            total += 1.5
            closest = person.given_name if sound == person.given_sound else person.family_name
            reasons.append(f"{token.title()} sounds like {closest}")
        elif max(given_sim, family_sim) >= 0.85:
            total += 1.2 * max(given_sim, family_sim)
            reasons.append(f"{token.title()} is spelt like {closest}")
    if tokens and not reasons and all(t in keys for t in tokens):
        reasons.append("same name")
    if terms.date_of_birth and person.date_of_birth:
        dob, theirs = terms.date_of_birth, person.date_of_birth
        if dob == theirs:
            total += 2.0
            reasons.append("same date of birth")
        elif (dob.year, dob.month, dob.day) == (theirs.year, theirs.day, theirs.month):
            total += 1.5
            reasons.append("date of birth with day and month swapped")
    if terms.postcode:
        pc = postcode.normalise(terms.postcode)
        if any(a.postcode == pc and not a.is_confidential for a in person.addresses.all()):
            total += 1.0
            reasons.append("same postcode")
    if terms.nhs_number and person.nhs_number == nhs_number.normalise(terms.nhs_number):
        total += 5.0
        reasons.append("same NHS number")
    if terms.upn and person.upn == upn.normalise(terms.upn):
        total += 5.0
        reasons.append("same UPN")
    return Hit(person=person, score=total, reasons=reasons)


def rank(people, terms: SearchTerms, *, limit: int = 50) -> list[Hit]:
    hits = [score(p, terms) for p in people]
    hits = [h for h in hits if h.score >= 1.0]
    hits.sort(key=lambda h: (-h.score, h.person.family_name, h.person.given_name, h.person.pk))
    return hits[:limit]

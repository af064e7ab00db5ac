"""Register search input: what was typed, read into the parts the matching engine compares.

"Jayden Smyth 03/07/2016 E17 4AB" -> SearchTerms(name="Jayden Smyth", date_of_birth=2016-07-03,
postcode="E17 4AB"). Dates are read the UK way round (day first); NHS numbers may be typed
with spaces; a UPN is recognised by its shape. The ranking itself is `matching.register.find`.

`name_key`/`index_keys` keep Person's indexed name keys (used for one-name look-ups and by the
front door's same-name check).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import jellyfish

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

    def record(self) -> dict:
        """The description as the matching engine's input (`matching.register.find`).

        Two or more names: the first is the given name and the last the surname ("Smith,
        Jayden" the other way round); one name alone may be either."""
        out: dict = {}
        if self.name:
            surname_first = "," in self.name
            tokens = [t for t in re.split(r"[\s,]+", self.name) if name_key(t)]
            if len(tokens) == 1:
                out["name"] = tokens[0]
            elif tokens:
                first, last = (tokens[-1], tokens[0]) if surname_first else (tokens[0], tokens[-1])
                out["first_name"], out["surname"] = first, last
        if self.date_of_birth:
            out["dob"] = self.date_of_birth.isoformat()
        if self.postcode:
            out["postcode"] = postcode.normalise(self.postcode)
        if self.nhs_number:
            out["nhs_number"] = nhs_number.normalise(self.nhs_number)
        if self.upn:
            out["upn"] = upn.normalise(self.upn)
        return out


_DATE_UK = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")
_NHS = re.compile(r"(?<!\d)(\d{3})[\s\-]?(\d{3})[\s\-]?(\d{4})(?!\d)")
_UPN = re.compile(rf"\b[{upn.ALPHABET}{upn.ALPHABET.lower()}]\d{{11}}[\dA-Za-z]\b")


def _date(y: int, m: int, d: int, today: dt.date) -> dt.date | None:
    if y < 100:  # two-digit year: the most recent one not in the future
        y += 2000 if 2000 + y <= today.year else 1900
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse(text: str, *, today: dt.date | None = None) -> SearchTerms:
    """Read free text such as "Jayden Smyth 03/07/2016" into search terms (UK date order)."""
    today = today or dt.date.today()  # noqa: DTZ011 - only decides a two-digit year's century
    rest = " ".join((text or "").split())
    terms = SearchTerms()
    match = _UPN.search(rest)
    if match:
        terms.upn = upn.normalise(match.group())
        rest = rest.replace(match.group(), " ")
    match = _NHS.search(rest)
    if match:
        terms.nhs_number = "".join(match.groups())
        rest = rest.replace(match.group(), " ")
    match = _DATE_ISO.search(rest)
    if match:
        y, m, d = (int(g) for g in match.groups())
        terms.date_of_birth = _date(y, m, d, today)
        rest = rest.replace(match.group(), " ")
    else:
        match = _DATE_UK.search(rest)
        if match:
            d, m, y = (int(g) for g in match.groups())
            terms.date_of_birth = _date(y, m, d, today)
            rest = rest.replace(match.group(), " ")
    match = _POSTCODE.search(rest)
    if match:
        terms.postcode = postcode.normalise(match.group(1) + match.group(2))
        rest = rest.replace(match.group(), " ")
    terms.name = " ".join(t for t in re.split(r"\s+", rest) if name_key(t) or t == ",").strip(" ,")
    return terms


def combine(typed: SearchTerms, fields: SearchTerms) -> SearchTerms:
    """Free-text terms with the separate fields filled in where given (fields win)."""
    return SearchTerms(
        **{k: getattr(fields, k) or getattr(typed, k) for k in SearchTerms.__dataclass_fields__}
    )

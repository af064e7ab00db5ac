"""Cleaning of raw record values before comparison.

Every function takes one raw value (as typed in a partner's extract) and returns the form the
engine compares: names lower case without accents or punctuation, dates as (y, m, d),
postcodes without spaces, NHS numbers as ten digits. They are pure and cached, so the bulk
path applies them to each distinct value once and the real-time path to one record.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from people.identifiers import nhs_number as nhs
from people.identifiers import postcode as pc

COLUMNS = [
    "record_id",
    "source_system",
    "first_name",
    "surname",
    "dob",
    "sex",
    "postcode",
    "address_line_1",
    "nhs_number",
]

_NOT_LETTER = re.compile(r"[^a-z\s\-]")
_SEPARATORS = re.compile(r"[\s\-]+")
_TITLES = {"mr", "mrs", "miss", "ms", "mx", "dr", "master", "rev", "sir"}
_SUFFIXES = {"jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii"}


def _ascii_lower(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if not text.isascii():  # (ASCII text is its own NFKD form: most values, left as they are)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("'", "").replace("\u2019", "")


@lru_cache(maxsize=200_000)
def name_tokens(value: object, *, suffixes: bool = False) -> tuple[str, ...]:
    """'  O'Neil-SMITH ' -> ('oneil', 'smith'); titles and junior/senior dropped (junior and
    senior kept with `suffixes`)."""
    text = _NOT_LETTER.sub(" ", _ascii_lower(value))
    tokens = [t for t in _SEPARATORS.split(text) if t]
    return tuple(t for t in tokens if t not in _TITLES and (suffixes or t not in _SUFFIXES))


def first_name(value: object) -> str:
    """The given name compared: the first token ('Mary-Jane' -> 'mary'). "Junior" alone is a
    given name, not a suffix: dropped, it left a boy called Junior with no first name to tell
    him from his twin sister."""
    tokens = name_tokens(value) or name_tokens(value, suffixes=True)
    return tokens[0] if tokens else ""


def surname(value: object) -> tuple[str, tuple[str, ...]]:
    """('smithjones', ('smith', 'jones')) for 'Smith-Jones'; parts only when double-barrelled.

    Short particles (Mc, de, van) do not make a surname double-barrelled.
    """
    tokens = name_tokens(value)
    full = "".join(tokens)
    parts = tuple(t for t in tokens if len(t) >= 3)
    return full, (parts if len(parts) >= 2 else ())


@lru_cache(maxsize=100_000)
def date_of_birth(value: object) -> tuple[int, int, int] | None:
    """'2016-03-07' (or '07/03/2016') -> (2016, 3, 7); anything unreadable -> None."""
    text = _ascii_lower(value).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
        if not match:
            return None
        d, m, y = (int(g) for g in match.groups())
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    return y, m, d


def sex(value: object) -> int:
    """1 male, 2 female, 0 not known."""
    text = _ascii_lower(value).strip()
    if text in {"m", "male", "1", "boy", "man"}:
        return 1
    if text in {"f", "female", "2", "girl", "woman"}:
        return 2
    return 0


@lru_cache(maxsize=200_000)
def postcode(value: object) -> tuple[str, str, str]:
    """(full, sector, district) without spaces: 'e17 4ab' -> ('E174AB', 'E174', 'E17').

    A value that is not shaped like a postcode keeps its compact form with no sector.
    """
    text = _ascii_lower(value)
    normal = pc.normalise(text)
    if " " not in normal:
        compact = normal.replace(" ", "")
        return compact, "", ""
    outward, inward = normal.split(" ")
    return outward + inward, outward + inward[0], outward


_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "ct": "court",
    "crt": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "gr": "grove",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "ter": "terrace",
    "hse": "house",
    "apt": "flat",
    "apartment": "flat",
    "nth": "north",
    "sth": "south",
}


@lru_cache(maxsize=200_000)
def address_line(value: object) -> str:
    """'12a, High St.' -> '12a high street'."""
    text = re.sub(r"[^a-z0-9\s]", " ", _ascii_lower(value))
    tokens = [_ABBREVIATIONS.get(t, t) for t in text.split()]
    return " ".join(tokens)


def nhs_number(value: object) -> tuple[str, bool]:
    """('9434765919', True): ten digits and whether the modulus 11 check digit holds."""
    if not value:  # (most register people have none: no cleaning for nothing)
        return "", False
    if isinstance(value, str) and len(value) == 10 and value.isascii() and value.isdigit():
        # Ten plain digits, as the register stores them: the same answer without the cleaning
        # (a bulk link reads tens of candidates a row).
        b = value.encode()  # digits 1-9 weighted 10..2 (the weights add up to 54)
        total = (
            (b[0] * 10 + b[1] * 9 + b[2] * 8 + b[3] * 7 + b[4] * 6 + b[5] * 5 + b[6] * 4 + b[7] * 3)
            + b[8] * 2
            - 48 * 54
        )
        check = (11 - total % 11) % 11  # 11 becomes 0; 10 cannot be valid
        return value, check != 10 and check == b[9] - 48 and value != value[0] * 10
    digits = nhs.normalise(_ascii_lower(value))
    if not re.fullmatch(r"[0-9]{10}", digits):
        return "", False
    valid = len(set(digits)) > 1 and nhs.check_digit(digits[:9]) == int(digits[9])
    return digits, valid

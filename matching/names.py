"""Names: the shared name lexicon, sound codes, the nickname table and name-pair levels.

Every distinct normalised name (given or family) gets an integer id in a `Lexicon`. Pairs of
names are compared once per distinct pair, vectorised with rapidfuzz, and the result is a
small integer level that the model weighs (exact, short form, close spelling, sounds alike...).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jellyfish
import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

DATA_DIR = Path(__file__).resolve().parent / "data"


def workers(pairs: int) -> int:
    """rapidfuzz threads: all cores for bulk work; one for a query (threads cost ~ms)."""
    return -1 if pairs > 20_000 else 1


# Levels of the first-name comparison (0 is "missing on one side": no evidence).
F_NULL, F_EXACT, F_NICK, F_CLOSE, F_SOUND, F_FUZZY, F_INITIAL, F_DIFF = range(8)
# Levels of the surname comparison.
S_NULL, S_EXACT, S_CLOSE, S_SOUND, S_PART, S_FUZZY, S_DIFF = range(7)

CLOSE_JW = 0.92
FUZZY_JW = 0.80
# Doubts about a pair of first names, beside its level (see `first_name_compare`).
DOUBT_NONE, DOUBT_NEAR, DOUBT_CLASH = 0, 1, 2
KNOWN = 4  # a flag beside the doubt: both names are in common use (given_names.csv)
SHORT = 3  # letters: a slip in a name this short may make another name (Ana, Aan, Ava, Eva)


@lru_cache(maxsize=1)
def nickname_groups() -> list[tuple[str, ...]]:
    """The shipped variant table: one tuple per group, the formal name first."""
    groups = []
    for line in (DATA_DIR / "nicknames.csv").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = tuple(dict.fromkeys(n.strip() for n in line.split(",") if n.strip()))
        if len(names) > 1:
            groups.append(names)
    return groups


@lru_cache(maxsize=1)
def _name_to_groups() -> dict[str, tuple[int, ...]]:
    table: dict[str, list[int]] = {}
    for gid, names in enumerate(nickname_groups()):
        for name in names:
            table.setdefault(name, []).append(gid)
    return {name: tuple(gids) for name, gids in table.items()}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The shipped list of first names in common use (data/given_names.csv)."""
    lines = (DATA_DIR / "given_names.csv").read_text().splitlines()
    return frozenset(n.strip() for n in lines if n.strip() and not n.startswith("#"))


def variant_groups(name: str) -> tuple[int, ...]:
    return _name_to_groups().get(name, ())


def formal_name(name: str) -> str:
    """The head of the first group the name belongs to (kate -> catherine), else the name."""
    gids = variant_groups(name)
    return nickname_groups()[gids[0]][0] if gids else name


def are_variants(a: str, b: str) -> bool:
    return bool(set(variant_groups(a)) & set(variant_groups(b)))


@lru_cache(maxsize=300_000)
def sound(name: str) -> str:
    return jellyfish.metaphone(name)[:12] if name else ""


class Grow:
    """A numpy array that grows by doubling (for ids added one query at a time)."""

    def __init__(self, dtype=np.int32, width: int = 0):
        shape = (1024, width) if width else (1024,)
        self._data = (
            np.zeros(shape, dtype=dtype)
            if dtype is not object
            else np.full(shape, "", dtype=object)
        )
        self.size = 0

    def append(self, value) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.zeros_like(self._data)])
        self._data[self.size] = value
        self.size += 1

    @property
    def array(self) -> np.ndarray:
        return self._data[: self.size]


class Lexicon:
    """Distinct normalised names with their sound codes and variant groups."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.codes: dict[str, int] = {"": -1}
        self.sound = Grow()  # sound-code id of the name itself
        self.key = Grow()  # sound-code id of its formal name (Kate -> Catherine): blocking
        self.initial = Grow()  # first letter of the formal name, 0..25
        self.in_table = Grow(np.bool_)
        self.length = Grow()
        self.text = Grow(object)  # the names themselves, for vectorised look-ups
        self.letter = Grow()  # first letter of the name itself
        self.groups = Grow(np.int32, width=3)  # up to three variant groups, -1 padded
        self.known = Grow(np.bool_)  # a first name in common use (given_names.csv)
        self.sound_length = Grow()  # letters in the name's own sound code

    def _code(self, text: str) -> int:
        if text not in self.codes:
            self.codes[text] = len(self.codes) - 1
        return self.codes[text]

    def id(self, name: str) -> int:
        if not name:
            return -1
        found = self.index.get(name)
        if found is not None:
            return found
        new = len(self.names)
        self.names.append(name)
        self.index[name] = new
        formal = formal_name(name)
        self.sound.append(self._code(sound(name)))
        self.key.append(self._code(sound(formal)))
        self.initial.append(ord(formal[0]) - 97 if formal[:1].isalpha() else 26)
        gids = variant_groups(name)
        self.in_table.append(bool(gids))
        self.length.append(len(name))
        self.text.append(name)
        self.letter.append(ord(name[0]))
        self.groups.append((list(gids[:3]) + [-1, -1, -1])[:3])
        self.known.append(name in given_names())
        self.sound_length.append(len(sound(name)))
        return new

    def ids(self, names) -> np.ndarray:
        return np.fromiter((self.id(n) for n in names), dtype=np.int32, count=len(names))


def unique_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct unordered id pairs (hash-based) and, per input pair, its distinct pair."""
    lo = np.minimum(a, b).astype(np.int64)
    hi = np.maximum(a, b).astype(np.int64)
    if len(lo) < 5_000:  # np.unique is quicker for a query's handful of pairs
        keys, inverse = np.unique((lo << 32) | hi, return_inverse=True)
    else:
        inverse, keys = pd.factorize((lo << 32) | hi, sort=False)
        keys = np.asarray(keys, dtype=np.int64)
    return (keys >> 32).astype(np.int64), (keys & 0xFFFFFFFF).astype(np.int64), inverse


def _pair_features(lex: Lexicon, ua: np.ndarray, ub: np.ndarray):
    text = lex.text.array
    sa = text[ua]
    sb = text[ub]
    if len(sa):
        jw = process.cpdist(
            sa,
            sb,
            scorer=JaroWinkler.normalized_similarity,
            workers=workers(len(sa)),
            dtype=np.float32,
        )
        dl = process.cpdist(
            sa,
            sb,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=3,
            workers=workers(len(sa)),
            dtype=np.int32,
        )
    else:
        jw = np.zeros(0, np.float32)
        dl = np.zeros(0, np.int32)
    snd = lex.sound.array
    sounds = (snd[ua] == snd[ub]) & (snd[ua] >= 0)
    length = lex.length.array
    shortest = np.minimum(length[ua], length[ub])
    close = (jw >= CLOSE_JW) | ((dl <= 1) & (shortest >= 4))
    fuzzy = (jw >= FUZZY_JW) | ((dl <= 2) & (shortest >= 6))
    letter = lex.letter.array
    initial = (shortest == 1) & (letter[ua] == letter[ub])
    groups = lex.groups.array
    ga, gb = groups[ua], groups[ub]
    nick = np.zeros(len(ua), dtype=bool)
    for x in range(3):
        for y in range(3):
            nick |= (ga[:, x] == gb[:, y]) & (ga[:, x] >= 0)
    return close, sounds, fuzzy, initial, nick, dl, shortest


def _doubts(lex: Lexicon, ua, ub, sounds, nick, dl, shortest) -> np.ndarray:
    """What a first-name pair's level does not say.

    A clash: two names in common use (given_names.csv) that are not forms of each other and
    are more than one slip apart, whatever their spelling or sound has in common (Leo and
    Louie share the sound "L", Harry and Harvey most of their letters): two people's names,
    twins' or siblings'. Names that sound alike on more than one consonant (Sean and Shaun,
    Rhys and Reece) are spellings of one name, not a clash.

    A near miss: one slip apart (a letter missing, added, changed, or two swapped) where
    that slip could as well have made another person's name: a name of three letters (Aan
    for Ana, Ela for Ella) or two of four or fewer in common use that do not sound alike (Ava
    and Eva, Mary and Mara). Likely the same person typed wrongly, possibly twins: for a
    person to look at, never linked unseen. (Longer names one slip apart are typing slips, or
    a boy's and a girl's name, which the sex recorded tells apart: Oliver and Olive.)
    """
    known = lex.known.array
    both_known = known[ua] & known[ub]
    one_slip = dl <= 1
    strong_sound = sounds & (lex.sound_length.array[ua] >= 2)
    clash = ~nick & both_known & ~one_slip & ~strong_sound
    near = ~nick & ~clash & one_slip & (shortest > 1) & (shortest <= SHORT + 1)
    near &= (shortest <= SHORT) | (both_known & ~sounds)
    out = np.full(len(ua), DOUBT_NONE, dtype=np.int8)
    out[near] = DOUBT_NEAR
    out[clash] = DOUBT_CLASH
    return out | np.where(both_known, KNOWN, 0).astype(np.int8)


def first_name_compare(lex: Lexicon, a: np.ndarray, b: np.ndarray):
    """(level, doubt) per pair of first-name ids (-1 = missing); see `_doubts`. The doubt is
    DOUBT_NONE, DOUBT_NEAR or DOUBT_CLASH, with the KNOWN flag added when both names are in
    common use (exact pairs excepted)."""
    out = np.full(len(a), F_DIFF, dtype=np.int8)
    doubt = np.full(len(a), DOUBT_NONE, dtype=np.int8)
    null = (a < 0) | (b < 0)
    exact = (a == b) & ~null
    out[null] = F_NULL
    out[exact] = F_EXACT
    rest = np.flatnonzero(~null & ~exact)
    if len(rest):
        ua, ub, inv = unique_pairs(a[rest], b[rest])
        close, sounds, fuzzy, initial, nick, dl, shortest = _pair_features(lex, ua, ub)
        lvl = np.full(len(ua), F_DIFF, dtype=np.int8)
        lvl[initial] = F_INITIAL
        lvl[fuzzy] = F_FUZZY
        lvl[sounds] = F_SOUND
        lvl[close] = F_CLOSE
        lvl[nick] = F_NICK
        out[rest] = lvl[inv]
        doubt[rest] = _doubts(lex, ua, ub, sounds, nick, dl, shortest)[inv]
    return out, doubt


def first_name_levels(lex: Lexicon, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Level per pair of first-name ids (-1 = missing)."""
    return first_name_compare(lex, a, b)[0]


def surname_levels(lex: Lexicon, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Level per pair of surname ids; S_PART (double-barrelled) is decided by the caller."""
    out = np.full(len(a), S_DIFF, dtype=np.int8)
    null = (a < 0) | (b < 0)
    exact = (a == b) & ~null
    out[null] = S_NULL
    out[exact] = S_EXACT
    rest = np.flatnonzero(~null & ~exact)
    if len(rest):
        ua, ub, inv = unique_pairs(a[rest], b[rest])
        close, sounds, fuzzy, *_rest = _pair_features(lex, ua, ub)
        lvl = np.full(len(ua), S_DIFF, dtype=np.int8)
        lvl[fuzzy] = S_FUZZY
        lvl[sounds] = S_SOUND
        lvl[close] = S_CLOSE
        out[rest] = lvl[inv]
    return out

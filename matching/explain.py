"""Why two records match (or do not), in plain English.

explain({"first_name": "Jaden", ...}, {"first_name": "Jayden", ...})
-> ["first name Jaden ≈ Jayden (sounds alike)", "date of birth with day and month swapped",
    "same postcode"]
"""

from __future__ import annotations

from dataclasses import dataclass

from . import compare as cmp
from . import model as mdl
from . import names as nm
from . import normalise
from .engine import score_records


@dataclass
class Assessment:
    probability: float
    band: str  # certain / likely / possible / unlikely
    reasons: list[str]
    linked: bool


def _show(value: object) -> str:
    text = " ".join(str(value or "").split())
    return text.title() if text.isupper() or text.islower() else text


def _variant_reason(a_show: str, b_show: str, a: str, b: str) -> str:
    if nm.sound(a) == nm.sound(b):
        return f"first name {a_show} ≈ {b_show} (sounds alike)"
    if len(a) < len(b):
        return f"{a_show} is a short form of {b_show}"
    if len(b) < len(a):
        return f"{b_show} is a short form of {a_show}"
    return f"{a_show} and {b_show} are forms of the same name"


def _likeness(a: str, b: str) -> str:
    return "sounds alike" if nm.sound(a) == nm.sound(b) else "spelt alike"


def _first_reason(level: int, a_show: str, b_show: str, a: str, b: str) -> str | None:
    if level == nm.F_EXACT:
        return "same first name"
    if level == nm.F_NICK:
        return _variant_reason(a_show, b_show, a, b)
    if level in (nm.F_CLOSE, nm.F_SOUND):
        return f"first name {a_show} ≈ {b_show} ({_likeness(a, b)})"
    if level == nm.F_FUZZY:
        return f"first name {a_show} is similar to {b_show}"
    if level == nm.F_INITIAL:
        return f"first initial matches ({a_show} / {b_show})"
    if level == nm.F_DIFF:
        return f"different first names ({a_show} / {b_show})"
    return None


def _surname_reason(level: int, a_show: str, b_show: str, a: str, b: str, address: int):
    same_place = address in (cmp.A_SAME, cmp.A_POSTCODE, cmp.A_STREET)
    if level == nm.S_EXACT:
        return "same surname"
    if level in (nm.S_CLOSE, nm.S_SOUND):
        return f"surname {a_show} ≈ {b_show} ({_likeness(a, b)})"
    if level == nm.S_PART:
        longer, shorter = (a_show, b_show) if len(a) >= len(b) else (b_show, a_show)
        return f"double-barrelled surname {longer} includes {shorter}"
    if level == nm.S_FUZZY:
        return f"surname {a_show} is similar to {b_show}"
    if level == nm.S_DIFF:
        tail = "; same address" if same_place else ""
        return f"surname differs ({a_show} / {b_show}) — possible change of name{tail}"
    return None


def _dob_reason(level: int, a: int, b: int) -> str | None:
    years = abs(a // 10000 - b // 10000) if a and b else 0
    return {
        cmp.D_EXACT: "same date of birth",
        cmp.D_SWAP: "date of birth with day and month swapped",
        cmp.D_TYPO: "date of birth differs by one digit",
        cmp.D_YEAR: (
            "year of birth differs by one" if years == 1 else "year of birth differs by one digit"
        ),
        cmp.D_NEAR: "dates of birth within a month of each other",
        cmp.D_DIFF: f"different dates of birth ({years} years apart)"
        if years
        else "different dates of birth",
        cmp.D_NULL: "date of birth missing on one record" if (a or b) else None,
    }[level]


ADDRESS_REASONS = {
    cmp.A_SAME: "same address",
    cmp.A_POSTCODE: "same postcode, different address line",
    cmp.A_STREET: "same address line, different postcode",
    cmp.A_SECTOR: "different postcode in the same sector — possible house move",
    cmp.A_DISTRICT: "different postcode in the same district — possible house move",
    cmp.A_DIFF: "different address — possible house move",
}

NHS_REASONS = {
    cmp.N_EXACT: "same NHS number",
    cmp.N_TRANSPOSED: "NHS number with two neighbouring digits swapped",
    cmp.N_DIGIT: "NHS number differs by one digit",
    cmp.N_DIFF: "different NHS numbers",
}


def assess(a: dict, b: dict, model: mdl.Model | None = None) -> Assessment:
    """Probability, score band and reasons for two records (dicts of the input columns)."""
    prob, lv, vocab, recs = score_records(a, b, model)
    return describe(a, b, prob, lv, vocab, recs, model)


def describe(a, b, prob, lv, vocab, recs, model=None) -> Assessment:
    """The assessment of a pair already compared: `lv` holds the pair's levels at index 0 and
    `recs` the two records at 0 and 1 (see `levels_row`), so a search that has compared many
    candidates at once puts its best ones into words without comparing them again."""
    names = vocab.names.names

    def name(ids, k):
        return names[ids[k]] if ids[k] >= 0 else ""

    first = [name(recs.first, k) for k in (0, 1)]
    sur = [name(recs.surname, k) for k in (0, 1)]
    show_first = [_show(r.get("first_name")) for r in (a, b)]
    show_sur = [_show(r.get("surname")) for r in (a, b)]
    reasons: list[str] = []
    nhs_level = int(lv.nhs[0])
    if nhs_level in NHS_REASONS:
        reasons.append(NHS_REASONS[nhs_level])
    swapped = bool(lv.swapped[0])
    address = int(lv.address[0])
    if swapped:
        reasons.append("first name and surname swapped")
        for x_show, y_show, x, y in (
            (show_first[0], show_sur[1], first[0], sur[1]),
            (show_sur[0], show_first[1], sur[0], first[1]),
        ):
            if x != y:
                reasons.append(f"name {x_show} ≈ {y_show} ({_likeness(x, y)})")
    else:
        f = _first_reason(int(lv.first[0]), show_first[0], show_first[1], first[0], first[1])
        doubt = int(lv.first_doubt[0]) & ~nm.KNOWN
        if doubt == nm.DOUBT_NEAR and lv.first[0] == nm.F_DIFF:
            f = f"first name {show_first[0]} ≈ {show_first[1]} (one slip apart)"
        elif doubt == nm.DOUBT_CLASH:  # alike, but two names in common use
            f = _first_reason(nm.F_DIFF, show_first[0], show_first[1], first[0], first[1])
        s = _surname_reason(int(lv.surname[0]), show_sur[0], show_sur[1], sur[0], sur[1], address)
        reasons += [r for r in (f, s) if r]
    d = _dob_reason(int(lv.dob[0]), int(recs.dob[0]), int(recs.dob[1]))
    if d:
        reasons.append(d)
    if lv.sex[0] == cmp.X_DIFF:
        reasons.append("different sex recorded")
    if address == cmp.A_SAME and (recs.address[0] < 0 or recs.address[1] < 0):
        reasons.append("same postcode")
    elif address in ADDRESS_REASONS:
        reasons.append(ADDRESS_REASONS[address])
    reasons += _guard_reasons(lv, first, sur, recs)
    if lv.doubtful()[0]:
        reasons.append(
            f"first names {show_first[0]} and {show_first[1]} are one slip apart — a typing "
            "slip or two people (twins?): for a person to check, not linked unseen"
        )
    linked = prob >= (model or mdl.Model.default()).threshold and not bool(lv.unlinked()[0])
    return Assessment(probability=prob, band=mdl.band(prob), reasons=reasons, linked=linked)


def _guard_reasons(lv: cmp.Levels, first, sur, recs) -> list[str]:
    if not lv.vetoed()[0]:
        return []
    same_home = lv.address[0] in (cmp.A_SAME, cmp.A_POSTCODE)
    same_surname = lv.surname[0] in (nm.S_EXACT, nm.S_CLOSE, nm.S_SOUND)
    out = []
    if lv.plainly_different_first()[0]:
        if lv.dob[0] == cmp.D_EXACT and (same_home or same_surname):
            out.append(
                "same date of birth and family but different first names — probably twins, "
                "not linked"
            )
        elif same_home or same_surname:
            where = (
                "address and surname"
                if same_home and same_surname
                else ("address" if same_home else "surname")
            )
            out.append(
                f"same {where} but different first name — probably a brother, sister or other "
                "member of the household, not linked"
            )
        else:
            out.append("different first names and no shared NHS number — not linked")
    if lv.dob[0] == cmp.D_DIFF:
        years = abs(int(recs.dob[0]) // 10000 - int(recs.dob[1]) // 10000)
        if (
            lv.first[0] in (nm.F_EXACT, nm.F_NICK, nm.F_CLOSE)
            and years >= 14
            and (same_home or same_surname)
        ):
            out.append(
                f"same name but born {years} years apart — probably parent and child "
                "(junior/senior), not linked"
            )
        else:
            out.append("dates of birth too far apart for a typing slip — not linked")
    return out


def explain(record_a: dict, record_b: dict, model: mdl.Model | None = None) -> list[str]:
    """The reasons, in plain English, for and against two records being the same person."""
    return assess(record_a, record_b, model).reasons


def levels_row(lv: cmp.Levels, k: int) -> cmp.Levels:
    """Row `k` of a batch of comparisons, as a batch of one (with the flags the batch has
    worked out already)."""
    row = cmp.Levels(*[getattr(lv, f)[k : k + 1] for f in cmp.Levels.__dataclass_fields__])
    flags = lv.__dict__.get("_flags")
    if flags:
        row.__dict__["_flags"] = {name: found[k : k + 1] for name, found in flags.items()}
    return row


__all__ = ["Assessment", "assess", "describe", "explain", "levels_row", "normalise"]

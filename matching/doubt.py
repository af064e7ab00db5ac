"""The register path's doubt: a description that fits two people equally is certain about
neither, so each is offered for review, never linked (`register._judge`, behind `find` and
`find_many`): a same-named parent and child when no date of birth is given, and twins when no
first name is."""

from __future__ import annotations

import numpy as np

from . import model as mdl
from . import normalise

AMBIGUOUS = (
    "another person born years apart fits this description as well — "
    "check the date of birth (a parent and child of the same name?)"
)


def ambiguous_without_dob(prob: np.ndarray, records: list[dict]) -> set[int]:
    """A description without a date of birth that fits two people born years apart (a
    same-named father and son) is certain about neither: both stay at most "possible"."""
    strong = [k for k in range(len(records)) if prob[k] >= mdl.LINK_THRESHOLD]
    years = {k: int(records[k]["dob"][:4]) for k in strong if records[k]["dob"]}
    return {a for a in years for b in years if abs(years[a] - years[b]) >= 2}


BETWEEN = (
    "no first name given, and people with different first names fit this description "
    "as well — check which of them it is (twins?)"
)


def between_first_names(
    query: dict, prob: np.ndarray, records: list[dict], same_upn: np.ndarray
) -> set[int]:
    """A description with no first name that fits people with different first names (twins
    Leo and Louie: same surname, date of birth and address) is between two people: it is
    certain about neither, and both are offered for review (as `dedupe` links it to neither).
    A person it names by the same UPN or the same valid NHS number is not in doubt (the
    others are)."""
    nhs, valid = normalise.nhs_number(query.get("nhs_number", ""))
    strong = [k for k in range(len(records)) if prob[k] >= mdl.LINK_THRESHOLD]
    names = {normalise.first_name(records[k]["first_name"]) for k in strong} - {""}
    if len(names) < 2:
        return set()
    return {
        k
        for k in strong
        if not same_upn[k]
        and not (valid and normalise.nhs_number(records[k]["nhs_number"])[0] == nhs)
    }

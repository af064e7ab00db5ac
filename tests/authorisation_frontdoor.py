"""The front door: concerns, consultations, contacts, decisions, disagreements, metrics and
early warnings (issue 4): their rows of the authorisation matrix
(tests/test_authorisation_matrix.py), kept here so that file stays within the house rules'
length; the vocabulary is tests/authorisation_cells.py."""

from __future__ import annotations

from tests.authorisation_cells import CASE, POST_ONLY, Rows, expect

EXPECTED: Rows = {
    # Front door (issue 4). Referrers' and consultations' lists are per person (empty for
    # someone with none); objects not built in the cast are asked for by a missing id (404).
    "frontdoor:referred": (expect(CASE), False),
    "frontdoor:concern-new": (expect(CASE), False),
    "frontdoor:concern-autosave": (POST_ONLY, False),
    "frontdoor:concern": (expect(set()), False),
    "frontdoor:concern-who": (expect(set()), False),
    "frontdoor:concern-what": (expect(set()), False),
    "frontdoor:concern-delete": (POST_ONLY, False),
    "frontdoor:dissent-raise": (expect(set()), False),
    "frontdoor:info-request": (expect(set()), False),
    "frontdoor:consultations": (expect(CASE), False),
    "frontdoor:consultation-new": (expect(CASE), False),
    "frontdoor:consultation": (expect(set()), False),
    "frontdoor:consultation-outcome": (expect(set()), False),
    "frontdoor:consultation-cancel": (expect(set()), False),
    "frontdoor:slot-new": (expect(set()), False),  # embedded social workers only
    "frontdoor:slot-cancel": (POST_ONLY, False),
    "frontdoor:queue": (expect({"front_door"}), False),
    "frontdoor:contact": (expect(set()), False),
    "frontdoor:contact-screen": (POST_ONLY, False),
    "frontdoor:contact-rag": (POST_ONLY, False),
    "frontdoor:contact-link": (POST_ONLY, False),
    "frontdoor:info-request-new": (expect(set()), False),
    "frontdoor:contact-resume": (POST_ONLY, False),
    "frontdoor:contact-decide": (expect(set()), False),
    "frontdoor:decision-sign-off": (expect(set()), False),
    "frontdoor:dissents": (expect({"front_door"}), False),
    "frontdoor:dissent": (expect(set()), False),
    "frontdoor:metrics": (expect({"front_door", "manager"}), False),
    "frontdoor:early-warnings": (expect({"manager"}), False),
    "frontdoor:early-warning": (expect(set()), False),
}

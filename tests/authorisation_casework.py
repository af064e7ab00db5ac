"""Casework: episodes, notes, assessments, plans, step-ups and step-downs, chronology,
caseloads, MACPTs and s47 enquiries (issues 5 and 12): their rows of the authorisation matrix
(tests/test_authorisation_matrix.py), kept here so that file stays within the house rules'
length; the vocabulary is tests/authorisation_cells.py."""

from __future__ import annotations

from tests.authorisation_cells import (
    CASE,
    EDITORS,
    ON_FAMILY,
    POST_ONLY,
    VIEWERS,
    WHO,
    Rows,
    expect,
)

EXPECTED: Rows = {
    # Casework (issue 5). Objects not built in the cast (episodes, notes, assessments, plan
    # actions, step-ups and step-downs) are asked for by a missing id: a 404 for everyone.
    "casework:episode-open": (expect(EDITORS), True),
    "casework:episode": (expect(set()), False),
    "casework:episode-step": (expect(set()), False),
    "casework:episode-allocate": (expect(set()), False),
    "casework:lead": (expect(EDITORS), True),
    "casework:absences": (expect(CASE), False),
    "casework:absence-cancel": (POST_ONLY, False),
    "casework:notes": (expect(VIEWERS), True),
    "casework:note-add": (expect(ON_FAMILY), True),  # partners record their own contact
    "casework:note-edit": (expect(set()), False),
    "casework:assessment-new": (expect(EDITORS), True),
    "casework:assessment": (expect(set()), False),
    "casework:assessment-authorise": (POST_ONLY, False),
    "casework:plan": (expect(set()), True),  # no plan yet
    "casework:plan-edit": (expect(EDITORS), True),
    # With no plan yet, those who may record see "Agree a plan first" (issue 17); others 404.
    "casework:goal-add": (expect(EDITORS), True),
    "casework:action-add": (expect(EDITORS), True),
    "casework:action-status": (POST_ONLY, False),
    "casework:meeting-add": (expect(EDITORS), True),
    "casework:step-up-new": (expect(EDITORS), True),
    "casework:step-up": (expect(set()), False),
    "casework:step-down-new": (expect({"manager"}), True),  # social workers and managers
    "casework:step-down": (expect(set()), False),
    "casework:chronology": (expect(VIEWERS), True),  # partners: their own agency's entries
    # Exports ask for the password again once access is established: a 302 to confirm it.
    "casework:chronology-pdf": (
        {w: 302 if w == "anon" or w in VIEWERS else 404 for w in WHO},
        True,
    ),
    "casework:caseload": (expect(CASE), False),
    # MACPTs (issue 12, s16EA); objects in test_authorisation_objects.py and _macpt.py.
    "organisations:macpts": (expect({"admin"}), False),
    "casework:s47-list": (expect({"macpt"}), False),
    **{f"organisations:{n}": (expect(set()), False) for n in ("macpt", "macpt-member-end")},
    **{f"casework:{n}": (expect(set()), False) for n in ("s47", "episode-macpt", "episode-lcpp")},
    # Casework (H3): autosaved drafts are POST-only; the outcome check needs a closed early
    # help episode, which the cast does not build (asked for by a missing id: 404).
    "casework:assessment-autosave": (POST_ONLY, False),
    "casework:assessment-draft-discard": (POST_ONLY, False),
    "casework:plan-autosave": (POST_ONLY, False),
    "casework:plan-draft-discard": (POST_ONLY, False),
    "outcomes:outcome-check": (expect(set()), False),
}

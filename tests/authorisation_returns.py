"""The statutory returns' rows of the authorisation matrix (tests/test_authorisation_matrix.py),
kept here to hold that file under the 600-line limit."""

from __future__ import annotations


def returns_expected(expect, post_only, who) -> dict:
    return {
        # Statutory returns (issue 14): analysts (data officers) and team managers; a run not
        # built in the cast is asked for by a missing id; the download is a POST.
        "returns:index": (expect({"manager"}), False),
        "returns:run": (expect(set()), False),
        "returns:download": (post_only, False),
        # Ofsted's Annex A: data officers (not in the cast) and team managers, after the
        # password again (a 302 to confirm it); Supporting Families claims: data officers, team
        # managers and hub coordinators; approving is a POST.
        "returns:annex-a": ({w: 302 if w in ("anon", "manager") else 404 for w in who}, False),
        "returns:claims": (expect({"manager", "hub"}), False),
        "returns:claim-approve": (post_only, False),
        # Disproportionality (issue 12): data officers (not in the cast), IG officers, admins.
        **{
            f"returns:disproportionality{s}": (expect({"ig", "admin"}), False)
            for s in ("", "-download")
        },
    }

"""The vocabulary of the authorisation matrix (tests/test_authorisation_matrix.py): who is in
the cast, the groups the expectations name, and `expect`, which turns "these may see it" into
a status per principal. Each app's rows (tests/authorisation_<app>.py) are written in it."""

from __future__ import annotations

WHO = (
    "anon",
    "worker",
    "colleague",
    "manager",
    "stranger",
    "breakglass",
    "partner",
    "front_door",
    "hub",
    "ig",
    "admin",
    "macpt",  # a police member of a MACPT (CA 2004 s16EA), not involved with the family
)
CASE = {"worker", "colleague", "manager", "stranger", "breakglass", "partner", "front_door", "hub"}
CASE |= {"macpt"}  # the MACPT member is a partner agency's practitioner
SIGNED_IN = set(WHO) - {"anon"}
ON_FAMILY = {"worker", "colleague", "manager", "partner"}  # involved, team, manages, partner
VIEWERS = ON_FAMILY | {"breakglass"}  # an open break-glass gives sight, never changes
EDITORS = {"worker", "colleague", "manager"}

# url name -> (expected status per principal, sealed): with sealed=True the URL is also tried
# on a sealed family whose access list holds none of the cast, where everyone gets 404 (or the
# set given instead of True, e.g. IG officers who see a sealed family's sharing log).
Rows = dict[str, tuple[dict[str, int], bool | set[str]]]


def expect(ok: set[str], *, otherwise=404, anon=302) -> dict[str, int]:
    return {w: (anon if w == "anon" else 200 if w in ok else otherwise) for w in WHO}


POST_ONLY = {w: (302 if w == "anon" else 405) for w in WHO}
HUB = expect({"hub", "admin"})

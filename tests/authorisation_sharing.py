"""Sharing: consent, sharing records, notifications, decisions not to share, SARs and
retention (issues 11, 12 and 16): their rows of the authorisation matrix
(tests/test_authorisation_matrix.py), kept here so that file stays within the house rules'
length; the vocabulary is tests/authorisation_cells.py."""

from __future__ import annotations

from tests.authorisation_cells import ON_FAMILY, POST_ONLY, SIGNED_IN, VIEWERS, WHO, Rows, expect

EXPECTED: Rows = {
    # IG reviews any unsealed family's sharing, asked for a reason first (issue 16 item 10: the
    # reason page is the 200); a sealed family's only through its access list, like everyone.
    "sharing:family": (expect(VIEWERS | {"ig"}), True),
    "sharing:consent-new": (expect(ON_FAMILY), True),
    "sharing:sharing-new": (expect(ON_FAMILY), True),
    "sharing:notification-new": (expect(set()), True),  # police/front door on their families
    "sharing:consent-withdraw": (expect(ON_FAMILY), True),
    "sharing:agreements": (expect(SIGNED_IN), False),
    "sharing:notifications": (expect(SIGNED_IN), False),
    "sharing:notification": (expect({"partner", "front_door"}), False),
    "sharing:sars": (expect({"ig"}), False),
    # Decisions not to share (issue 12, s16LA): IG lists all; partnership counts for IG, admins,
    # managers (and data officers); one decision: tests/test_authorisation_objects.py.
    "sharing:non-disclosure-new": (expect(ON_FAMILY), True),
    "sharing:non-disclosure": (expect(set()), False),
    "sharing:non-disclosures": (expect({"ig"}), False),
    "sharing:non-disclosure-counts": (expect({"ig", "admin", "manager"}), False),
    # Children without a verified NHS number (s16LC): IG and admins all teams, managers theirs.
    "ig:identifier-gaps": (expect({"ig", "admin", "manager"}), False),
    "sharing:retention": (expect({"ig"}), False),
    "sharing:retention-propose": (POST_ONLY, False),
    "sharing:retention-decide": (POST_ONLY, False),
    "sharing:sar": (expect({"ig"}), False),
    "sharing:sar-redact": (expect(set()), False),  # needs ?item=; IG without it: 404
    "sharing:sar-export": ({w: 302 if w in ("anon", "ig") else 404 for w in WHO}, False),
}

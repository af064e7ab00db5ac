"""Family hubs and the open Open Referral UK feed (issue 13): their rows of the authorisation matrix
(tests/test_authorisation_matrix.py), kept here so that file stays within the house rules'
length; the vocabulary is tests/authorisation_cells.py."""

from __future__ import annotations

from tests.authorisation_cells import HUB, POST_ONLY, SIGNED_IN, WHO, Rows, expect

EXPECTED: Rows = {
    # The open Open Referral UK API (issue 13): no sign-in, no key, for everyone. A record is
    # asked for by a missing id: a 404 (problem details) for everyone, signed in or not.
    **{
        f"oruk:{name}": ({w: 200 for w in WHO}, False)
        for name in (
            "root",
            "services",
            "service_at_locations",
            "organizations",
            "taxonomies",
            "taxonomy_terms",
        )
    },
    **{
        f"oruk:{name}": (expect(set(), anon=404), False)
        for name in ("service", "service_at_location", "organization", "taxonomy", "taxonomy_term")
    },
    # Family hubs (issue 13): the directory for every practitioner; the coordinator's pages for
    # coordinators and administrators; objects (missing here) in test_authorisation_objects.py.
    "hubs:directory": (expect(SIGNED_IN), False),
    **{
        f"hubs:{n}": (HUB, False)
        for n in ("services", "import", "sessions", "session-new", "self-referrals", "reach")
        + ("reach-download",)
    },
    **{f"hubs:{n}": (POST_ONLY, False) for n in ("enrolment", "marks", "finish")},
    **{
        f"hubs:{n}": (expect(set()), False)
        for n in ("service", "connect", "connection-request", "session", "enrol", "register")
        + ("session-edit", "session-cancel", "self-referral")
    },
    **{f"hubs:{n}": ({w: 404 for w in WHO}, False) for n in ("ask", "asked")},
    # Each hub's offer page is public, no sign-in.
    "hubs:public-hubs": ({w: 200 for w in WHO}, False),
    "hubs:public-hub": (expect(set(), anon=404), False),
}

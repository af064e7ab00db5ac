"""The custodian's cells of tests/test_authorisation_matrix.py (kept here so that file stays
within the house rules' length). Find and Fetch are signed in by API key only (401 problem
details through the pages' session, for everyone); the agreements are kept by administrators
and read by IG officers (an agreement not built in the cast is asked for by a missing id).
The custodian principal's own matrix is tests/test_authorisation_custodian.py."""

# Record types the `custodian` principal kind has a rule for (every other type: none).
CUSTODIAN_RULES = {"custodian.personaldetails", "custodian.childrensservicesdetails"}
KIND_RULES = {"custodian": CUSTODIAN_RULES}


def expected(expect) -> dict:
    return {
        "custodian:find": ({w: 401 for w in expect(set())}, False),
        "custodian:fetch": ({w: 401 for w in expect(set())}, False),
        "custodian:agreements": (expect({"admin", "ig"}), False),
        "custodian:agreement": (expect(set()), False),  # asked for as X-1: no such agreement
    }

"""The pre-proceedings pages' cells of tests/test_authorisation_matrix.py (kept here so that
file stays within the house rules' length). Begun by social work with the family (in the
matrix's cast, the manager: the workers are family workers); a child's pre-proceedings is asked
for by a missing id there, and for real in tests/test_authorisation_objects.py."""

OBJECT_URLS = ("detail", "offer-add", "exception", "network-add", "meeting-add", "timeline")
OBJECT_URLS += ("letter", "offer-answer")


def expected(expect) -> dict:
    return {
        "proceedings:begin": (expect({"manager"}), True),
        **{f"proceedings:{name}": (expect(set()), False) for name in OBJECT_URLS},
    }

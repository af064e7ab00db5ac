"""The family's own view's cells of tests/test_authorisation_matrix.py (kept here so that file
stays within the house rules' length), and the record types the family-member principal has a
rule for (its own matrix: tests/test_authorisation_family.py).

Practitioners have no family account, so the /my/ pages are a 404 for them (302 to the
family's sign-in when signed out); the sign-in pages are open. Inviting is the family's lead
practitioner's (none in the matrix's cast); the relationship page is for workers who lead
work with families (their own scores) and team managers (their teams')."""

FAMILY_MEMBER_RULES = {
    "portal.familyaccount",
    "portal.relationshipcheck",
    "casework.goal",
    "casework.planaction",
    "casework.leadarrangement",
    "casework.meeting",
    "outcomes.goalscore",
    "hubs.enrolment",
    "hubs.session",
}

KIND_RULES = {"family_member": FAMILY_MEMBER_RULES}

LEADS_WORK = {"worker", "colleague", "manager", "stranger", "breakglass"}


def expected(expect, who) -> dict:
    open_to_all = {w: 200 for w in who}
    return {
        "portal:start": (open_to_all, False),
        "portal:sign-in": (open_to_all, False),
        **{
            f"portal:{name}": (expect(set()), False)
            for name in ("home", "password", "score", "check")
        },
        "portal:invite": (expect(set()), True),
        "portal:relationships": (expect(LEADS_WORK), False),
        "portal:relationships-csv": (expect(LEADS_WORK), False),
    }

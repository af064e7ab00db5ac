"""Issue 17, search like a colleague: each kind of half-heard description typed in the one
box finds the person, for the family worker (her own caseload) and for her manager (the
team's families, not his own caseload): one surname misspelt (and a slip that changes how it
sounds), a first name alone (own caseload), the start of a name, a nickname, a misspelt first
name with the right surname, a date of birth alone, a postcode, an NHS number and a UPN.
Another worker's Walshes never appear."""

from playwright.sync_api import expect

from conftest import PASSWORD
from people.identifiers import upn

NHS = "9990001235"  # synthetic range
UPN = upn.make(1, 2001, 2016, 17)

KINDS = [
    ("Walch", "Colm Walsh"),
    ("Rikhardson", "Tyler Richardson"),
    ("Wal", "Deirdre Walsh"),
    ("Rich", "Tyler Richardson"),
    ("Sam Gallagher", "Samantha Gallagher"),
    ("Deidre Walsh", "Deirdre Walsh"),
    ("12/06/2013", "Colm Walsh"),
    ("DB7 4QX", "Samantha Gallagher"),
    ("999 000 1235", "Tyler Richardson"),
    (UPN, "Colm Walsh"),
]


def _register(family_worker, stranger):
    from organisations.factories import InvolvementFactory
    from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory

    def family(name, members, practitioner):
        made = FamilyFactory(name=name)
        people = []
        for given, surname, born, extra in members:
            person = PersonFactory(
                given_name=given, family_name=surname, date_of_birth=born, **extra
            )
            MembershipFactory(family=made, person=person)
            people.append(person)
        InvolvementFactory(family=made, practitioner=practitioner)
        return people

    family(
        "Walsh family",
        [
            ("Deirdre", "Walsh", "1984-02-11", {}),
            ("Colm", "Walsh", "2013-06-12", {"upn": UPN}),
        ],
        family_worker,
    )
    family(
        "Richardson family",
        [("Tyler", "Richardson", "2014-08-08", {"nhs_number": NHS})],
        family_worker,
    )
    (sam,) = family(
        "Gallagher family", [("Samantha", "Gallagher", "1990-01-05", {})], family_worker
    )
    AddressFactory(person=sam, postcode="DB7 4QX")
    family("Another Walsh family", [("Sean", "Walsh", "1979-05-05", {})], stranger)


def _search(journey, typed: str, expected: str, *, check: bool = False) -> None:
    page = journey.page
    page.get_by_label("Name").fill(typed)
    page.get_by_role("button", name="Search").click()
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text=expected).first).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Sean Walsh")
    if check:
        journey.check_page(screenshot=f"search-kind-{typed.replace(' ', '-').replace('/', '-')}")


def test_each_kind_of_half_heard_description_finds_the_person(
    journey, family_worker, manager, stranger
):
    _register(family_worker, stranger)
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit("/search/")
    for typed, expected in [("Samantha", "Samantha Gallagher"), *KINDS]:  # own caseload
        _search(journey, typed, expected, check=typed in ("Walch", "Rikhardson"))
    journey.page.get_by_role("button", name="Sign out").click()

    journey.sign_in(manager.user.email, PASSWORD)  # the team's families, not his own
    journey.visit("/search/")
    for typed, expected in KINDS:
        _search(journey, typed, expected, check=typed == "Wal")

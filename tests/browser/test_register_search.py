"""Register search through the matching engine: a practitioner involved with the family types
"Jayden Smyth 03/07/2016" in one box and finds Jaden Smith, born 7 March 2016, with the band
and the reasons in plain words."""

from playwright.sync_api import expect

from conftest import PASSWORD


def test_practitioner_finds_a_misspelt_child_with_the_date_typed_the_other_way_round(
    journey, family_worker, smith_family, other_family
):
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit("/search/")
    page.get_by_label("Name").fill("Jayden Smyth 03/07/2016")
    page.get_by_role("button", name="Search").click()
    journey.check_page(screenshot="register-search")

    results = page.locator("table")
    first = results.locator("tbody tr").first
    expect(first).to_contain_text("Jaden Smith")
    expect(first).to_contain_text("7 Mar 2016")
    expect(first.locator(".govuk-tag")).to_have_text("Certain")
    expect(first).to_contain_text("first name Jayden ≈ Jaden (sounds alike)")
    expect(first).to_contain_text("surname Smyth ≈ Smith (sounds alike)")
    expect(first).to_contain_text("date of birth with day and month swapped")
    expect(results).not_to_contain_text("Jaden Jones")  # another worker's family stays hidden


def test_adding_someone_already_known_asks_first(journey, family_worker, smith_family):
    """The same engine checks a new family member before it is saved."""
    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit(f"/families/{smith_family.pk}/")
    page.get_by_role("link", name="Add a family member").click()
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("First name").fill("Jayden")
    page.get_by_label("Last name").fill("Smyth")
    dob = page.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill("3")
    dob.get_by_label("Month").fill("7")
    dob.get_by_label("Year").fill("2016")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Add to family").click()

    banner = page.get_by_role("region", name="Check first")
    expect(banner).to_contain_text("This person may already be known")
    expect(banner).to_contain_text("Jaden Smith")
    expect(banner).to_contain_text("date of birth with day and month swapped")
    expect(page.get_by_label("First name")).to_have_value("Jayden")  # nothing typed is lost
    journey.check_page(screenshot="member-already-known")

    page.get_by_label("None of these is the person I am adding").check()
    page.get_by_role("button", name="Add to family").click()
    expect(page.get_by_text("Jayden Smyth added to the family", exact=True)).to_be_visible()
    journey.check_page()


def test_a_half_heard_name_finds_the_family_worker_s_own_family_first(
    journey, family_worker, stranger
):
    """Issue 17: "Walch" on the phone finds the Walsh family the worker works with (not the
    stranger's Walshes); a misspelt first name with the right surname finds Deirdre."""
    from organisations.factories import InvolvementFactory
    from people.factories import FamilyFactory, MembershipFactory, PersonFactory

    walsh = FamilyFactory(name="Walsh family")
    for given, born, role in (
        ("Deirdre", "1984-02-11", "parent_carer"),
        ("Colm", "2013-06-12", "child"),
    ):
        person = PersonFactory(given_name=given, family_name="Walsh", date_of_birth=born)
        MembershipFactory(family=walsh, person=person, role=role)
    InvolvementFactory(family=walsh, practitioner=family_worker)
    theirs = FamilyFactory(name="Another Walsh family")
    MembershipFactory(family=theirs, person=PersonFactory(given_name="Sean", family_name="Walsh"))
    InvolvementFactory(family=theirs, practitioner=stranger)

    page = journey.page
    journey.sign_in(family_worker.user.email, PASSWORD)
    journey.visit("/search/")
    page.get_by_label("Name").fill("Walch")
    page.get_by_role("button", name="Search").click()
    journey.check_page(screenshot="register-search-half-heard")
    results = page.locator("table")
    expect(results.locator("tbody tr")).to_have_count(1)  # a name alone: one row per family
    expect(results).to_contain_text("Deirdre Walsh")
    expect(results).to_contain_text("Colm Walsh")
    expect(results.get_by_role("link", name="Walsh family").first).to_be_visible()
    expect(results).not_to_contain_text("Sean Walsh")

    page.get_by_label("Name").fill("Deidre Walsh")
    page.get_by_role("button", name="Search").click()
    first = page.locator("table tbody tr").first
    expect(first).to_contain_text("Deirdre Walsh")
    journey.check_page()

"""Every page of the whole-family record, in a real browser with axe-core: start a family,
change it, record relationships, involvements and addresses, edit a person, and the IG
officer's "who has looked at this child"."""

from playwright.sync_api import expect

from conftest import PASSWORD
from people.models import Family, Person, Relationship


def _start_the_record(journey):
    """Start a family (an empty form explains itself)."""
    page = journey.page
    page.get_by_role("link", name="New family").click()
    journey.check_page()
    page.get_by_role("button", name="Start the record").click()  # empty: explains itself
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the family name")
    journey.check_page(screenshot="family-create-error")
    page.get_by_label("Family name").fill("Okafor family")
    page.get_by_label("What the family wants help with (optional)").fill("Help with housing")
    page.get_by_role("button", name="Start the record").click()
    expect(page.get_by_role("heading", name="Okafor family", level=1)).to_be_visible()
    journey.check_page()
    family = Family.objects.get(name="Okafor family")
    return family


def _add_members_and_relationship(journey):
    """Add a parent and a child with their address, and record that she is his parent."""
    page = journey.page
    for given, role, day, sex in (
        ("Grace", "Parent or carer", "12", "Female"),
        ("Daniel", "Child", "3", "Male"),
    ):
        page.get_by_role("link", name="Add a family member").click()
        page.get_by_label(role, exact=True).check()
        page.get_by_label("First name").fill(given)
        page.get_by_label("Last name").fill("Okafor")
        dob = page.get_by_role("group", name="Date of birth", exact=True)
        dob.get_by_label("Day").fill(day)
        dob.get_by_label("Month").fill("4")
        dob.get_by_label("Year").fill("1988" if role != "Child" else "2015")
        page.get_by_label(sex, exact=True).check()
        page.get_by_label("Record their address now").check()
        page.get_by_label("Address line 1").fill("14 Synthetic Road")
        page.get_by_label("Postcode").fill("db14xy")
        page.get_by_role("button", name="Add to family").click()
        expect(page.get_by_role("heading", name="Okafor family", level=1)).to_be_visible()
    grace = Person.objects.get(given_name="Grace")
    assert grace.addresses.get().postcode == "DB1 4XY"

    page.get_by_role("link", name="Record a relationship").click()
    journey.check_page()
    page.get_by_label("Person").select_option(label="Grace Okafor")
    page.get_by_label("is the").select_option(label="Parent")
    page.get_by_label("of", exact=True).select_option(label="Daniel Okafor")
    page.get_by_label("Has parental responsibility").check()
    page.get_by_role("button", name="Save relationship").click()
    expect(page.get_by_role("table", name="Current members of the family")).to_contain_text(
        "Parent of Daniel Okafor, parental responsibility"
    )
    assert Relationship.objects.filter(from_person=grace, parental_responsibility=True).exists()


def _record_involvement_and_locality(journey, school_dsl):
    """Record the school's involvement, and change the family's locality."""
    page = journey.page
    page.get_by_role("link", name="Record who is involved").click()
    journey.check_page()
    page.get_by_label("Agency").select_option(label=school_dsl.organisation.name)
    page.get_by_label("Practitioner (optional)").select_option(index=0)
    page.get_by_label("Role", exact=True).select_option(label="School safeguarding lead")
    page.get_by_label("Involved with (optional)").select_option(label="Daniel Okafor")
    page.get_by_role("button", name="Save involvement").click()
    expect(page.locator("#involved ~ .govuk-grid-row")).to_contain_text(
        school_dsl.organisation.name
    )
    journey.check_page(screenshot="family-built")

    page.get_by_role("link", name="Change family details").click()
    journey.check_page()
    page.get_by_label("Locality (optional)").fill("North")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Family FH-")).to_contain_text("North")


def _edit_grace(journey):
    """Edit Grace's other names and add a confidential address (a bad postcode first)."""
    page = journey.page
    page.get_by_role("link", name="Grace Okafor").first.click()
    page.get_by_role("link", name="Change personal details").click()
    journey.check_page(screenshot="person-edit")
    page.get_by_label("Other or previous names (optional)").fill("Grace Adeyemi")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Also known as Grace Adeyemi")).to_be_visible()
    page.get_by_role("link", name="Add an address").click()
    journey.check_page()
    page.get_by_label("Address line 1").fill("Flat 2, Example House")
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_role("button", name="Save address").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode")
    expect(page.get_by_label("Address line 1")).to_have_value("Flat 2, Example House")
    journey.check_page()
    page.get_by_label("Postcode").fill("DB2 7QA")
    page.get_by_label("Confidential address").check()
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_text("Address withheld")).to_be_visible()
    journey.check_page(screenshot="person-after")


def _end_an_involvement_needs_a_reason(journey, family):
    """Back on the family page: ending an involvement asks why."""
    page = journey.page
    page.get_by_role("link", name="Back to Okafor family").click()
    expect(page.locator(".moj-timeline").first).to_contain_text("New address recorded")
    page.get_by_role("link", name="End this involvement").first.click()
    journey.check_page()
    journey.page.get_by_role("button", name="End involvement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the involvement ended")
    family.refresh_from_db()
    assert family.locality == "North"


def test_start_and_build_a_family_record(journey, family_worker, school_dsl):
    journey.sign_in(family_worker.user.email, PASSWORD)

    family = _start_the_record(journey)
    _add_members_and_relationship(journey)
    _record_involvement_and_locality(journey, school_dsl)
    _edit_grace(journey)
    _end_an_involvement_needs_a_reason(journey, family)


def test_ig_officer_sees_who_has_looked(journey, ig_officer, family_worker, smith_family, client):
    client.force_login(family_worker.user)
    client.get(f"/families/{smith_family.pk}/")  # a practitioner looks at the family
    journey.sign_in(ig_officer.user.email, PASSWORD)
    journey.page.get_by_role("link", name="Audit").click()
    journey.check_page()
    journey.page.get_by_label("Name, family reference, LA child ID or NHS number").fill(
        smith_family.reference
    )
    journey.page.get_by_role("button", name="Show access").click()
    table = journey.page.locator("table")
    expect(table).to_contain_text(family_worker.user.full_name)
    expect(table).to_contain_text("Viewed")
    journey.check_page(screenshot="audit")
    # The IG officer sees access, not case content.
    assert journey.page.goto(journey.base_url + f"/families/{smith_family.pk}/").status == 404


def test_sign_in_explains_a_wrong_password(journey, family_worker):
    journey.visit("/sign-in/")
    journey.page.get_by_label("Email address").fill(family_worker.user.email)
    journey.page.get_by_label("Password").fill("not-the-password")
    journey.page.get_by_role("button", name="Sign in").click()
    expect(journey.page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    journey.check_page(screenshot="sign-in-error")

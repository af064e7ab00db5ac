"""people.views through the Django test client: pages, forms, errors and audit."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from organisations.factories import InvolvementFactory
from people.models import ChronologyEntry, Family, Membership, Person

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _input_value(response, name: str) -> str | None:
    """The value attribute of the <input name=...> on the page (None if absent)."""
    page = response.content.decode()
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if not tag:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def _member_post(**overrides):
    data = {
        "role": "child",
        "in_household": "on",
        "given_name": "Mia",
        "family_name": "Smith",
        "other_names": "",
        "date_of_birth_0": "5",
        "date_of_birth_1": "1",
        "date_of_birth_2": "2019",
        "expected_date_of_birth_0": "",
        "expected_date_of_birth_1": "",
        "expected_date_of_birth_2": "",
        "sex": "F",
        "gender": "",
        "nhs_number": "",
        "upn": "",
        "upn_unknown_reason": "",
        "ethnicity": "",
        "first_language": "",
        "version": "",
    }
    data.update(overrides)
    return data


# --- Family and person pages -----------------------------------------------------------------


def test_family_page_for_involved_worker(family_worker_client, smith_family):
    response = family_worker_client.get(reverse("people:family", args=[smith_family.pk]))
    assert response.status_code == 200
    text = _text(response)
    assert "Smith family" in text
    assert "Jaden Smith" in text
    assert "Kelly Smith" in text
    assert smith_family.reference in text
    assert "Add a family member" in text  # the worker may edit


def test_family_page_shows_the_chronology_twenty_at_a_time_newest_first(
    family_worker_client, smith_family
):
    """Issue 16 (Load): the chronology is a page of 20 with "Show older entries" while older
    ones exist (one row more than shown tells), not counted whole on every view of the family;
    the next page is asked by htmx and has no link beyond the last entry."""
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    smith_family.chronology.all().delete()
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            family=smith_family,
            kind="note",
            summary=f"Synthetic event {n:02d}",
            occurred_at=start + dt.timedelta(days=n),
        )
        for n in range(1, 46)
    )
    url = reverse("people:family", args=[smith_family.pk])
    first = _text(family_worker_client.get(url))
    shown = re.findall(r"Synthetic event (\d\d)", first)
    assert shown == [f"{n:02d}" for n in range(45, 25, -1)]  # the newest 20
    assert 'hx-get="?page=2"' in first
    second = family_worker_client.get(url + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r"Synthetic event (\d\d)", second) == [f"{n:02d}" for n in range(25, 5, -1)]
    assert 'hx-get="?page=3"' in second
    third = family_worker_client.get(url + "?page=3", HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r"Synthetic event (\d\d)", third) == [f"{n:02d}" for n in range(5, 0, -1)]
    assert "Show older entries" not in third


def test_family_page_for_partner_has_no_edit_buttons(client, smith_family, school_dsl):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    response = client_for(client, school_dsl).get(reverse("people:family", args=[smith_family.pk]))
    assert response.status_code == 200
    assert "Add a family member" not in _text(response)
    assert client.get(reverse("people:member-add", args=[smith_family.pk])).status_code == 404
    assert client.get(reverse("people:family-edit", args=[smith_family.pk])).status_code == 404


def test_family_page_is_404_for_stranger_and_missing_family(client, smith_family, stranger):
    c = client_for(client, stranger)
    assert c.get(reverse("people:family", args=[smith_family.pk])).status_code == 404
    assert c.get(reverse("people:family-edit", args=[smith_family.pk])).status_code == 404
    assert c.get(reverse("people:member-add", args=[smith_family.pk])).status_code == 404
    missing = Family.objects.order_by("-pk").first().pk + 1000
    assert c.get(reverse("people:family", args=[missing])).status_code == 404
    assert c.get("/families/99999999999999999999999/").status_code == 404
    # Nothing about the family leaks into the 404 page.
    response = c.get(reverse("people:family", args=[smith_family.pk]))
    assert "Smith" not in _text(response)


def test_person_page_for_worker_and_404_for_stranger(client, smith_family, family_worker, stranger):
    url = reverse("people:person", args=[smith_family.jaden.pk])
    response = client_for(client, family_worker).get(url)
    assert response.status_code == 200
    assert "Jaden Smith" in _text(response)
    assert "7 March 2016" in _text(response)
    client.logout()
    c = client_for(client, stranger)
    assert c.get(url).status_code == 404
    assert c.get(reverse("people:person", args=[999999])).status_code == 404
    assert c.get(reverse("people:person-edit", args=[smith_family.jaden.pk])).status_code == 404


def test_every_family_and_person_page_get_is_audited(
    family_worker_client, smith_family, family_worker
):
    family_url = reverse("people:family", args=[smith_family.pk])
    person_url = reverse("people:person", args=[smith_family.kelly.pk])
    for url in (family_url, family_url, person_url):
        family_worker_client.get(url, HTTP_USER_AGENT="test-browser", HTTP_X_REQUEST_ID="r-1")
    views = AuditEvent.objects.filter(verb="view", actor_id=family_worker.user.pk)
    assert views.filter(object_type="people.family", family_id=smith_family.pk).count() == 2
    person_view = views.get(object_type="people.person")
    assert person_view.person_id == smith_family.kelly.pk
    assert person_view.ip_address == "127.0.0.1"
    assert person_view.user_agent == "test-browser"
    assert person_view.request_id == "r-1"


def test_denied_page_is_not_audited_as_a_view(client, smith_family, stranger):
    client_for(client, stranger).get(reverse("people:family", args=[smith_family.pk]))
    assert not AuditEvent.objects.filter(verb="view", family_id=smith_family.pk).exists()


# --- Search ----------------------------------------------------------------------------------


def test_search_page_lists_visible_people_only(family_worker_client, smith_family, other_family):
    response = family_worker_client.get(
        reverse("people:search"),
        {
            "q": "Jayden Smyth",
            "date_of_birth_0": "3",
            "date_of_birth_1": "7",
            "date_of_birth_2": "2016",
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Jaden Smith" in text
    assert "day and month swapped" in text
    assert "Jones" not in text
    jones = other_family.memberships.get().person
    assert reverse("people:person", args=[jones.pk]) not in text
    assert AuditEvent.objects.filter(verb="search").count() == 1


def test_search_page_for_stranger_does_not_show_smiths(
    client, smith_family, other_family, stranger
):
    response = client_for(client, stranger).get(reverse("people:search"), {"q": "Smith"})
    assert response.status_code == 200
    text = _text(response)
    assert "Jaden Smith" not in text
    assert "Kelly Smith" not in text
    assert "0 results" in text


def test_search_without_terms_shows_error(family_worker_client, smith_family):
    response = family_worker_client.get(reverse("people:search"), {"q": ""})
    assert response.status_code == 200
    assert "Enter a name, date of birth, postcode, NHS number or UPN" in _text(response)


def test_search_is_404_for_ig_officer(client, ig_officer):
    assert client_for(client, ig_officer).get(reverse("people:search")).status_code == 404


# --- Adding a member: errors, preserved values, then success ---------------------------------


def test_add_member_bad_nhs_number_then_corrected(family_worker_client, smith_family):
    url = reverse("people:member-add", args=[smith_family.pk])
    people_before = Person.objects.count()
    response = family_worker_client.post(
        url, _member_post(nhs_number="943 476 5918", other_names="Mimi")
    )
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "the last digit does not match the others" in text
    assert 'href="#id_nhs_number"' in response.content.decode()
    assert "govuk-input--error" in response.content.decode()
    # What was typed is still there.
    assert _input_value(response, "given_name") == "Mia"
    assert _input_value(response, "family_name") == "Smith"
    assert _input_value(response, "other_names") == "Mimi"
    assert _input_value(response, "nhs_number") == "943 476 5918"
    assert _input_value(response, "date_of_birth_0") == "5"
    assert _input_value(response, "date_of_birth_2") == "2019"
    assert Person.objects.count() == people_before
    assert "<title>Error:" in response.content.decode()

    response = family_worker_client.post(url, _member_post(nhs_number="943 476 5919"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:family", args=[smith_family.pk])
    mia = Person.objects.get(given_name="Mia")
    assert mia.nhs_number == "9434765919"
    assert Membership.objects.filter(family=smith_family, person=mia, role="child").exists()

    page = family_worker_client.get(response["Location"])
    text = _text(page)
    assert "Mia Smith" in text
    assert "Mia Smith added to the family as child" in text
    assert "Mia Smith added to the family" in text  # the success banner


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "1", "2019"), "Date of birth must include a day"),
        (("5", "", "2019"), "Date of birth must include a month"),
        (("5", "1", ""), "Date of birth must include a year"),
        (("", "", "2019"), "Date of birth must include a day and a month"),
        (("31", "2", "2019"), "Date of birth must be a real date"),
        (("5", "x", "2019"), "Date of birth must be a real date, using numbers"),
        (("5", "1", "19"), "Year must include 4 numbers"),
        (("5", "1", "1850"), "Date of birth must be after 1900"),
    ],
)
def test_add_member_date_errors(family_worker_client, smith_family, parts, message):
    url = reverse("people:member-add", args=[smith_family.pk])
    day, month, year = parts
    response = family_worker_client.post(
        url, _member_post(date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    )
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert message in text
    assert 'href="#id_date_of_birth_0"' in response.content.decode()
    assert _input_value(response, "given_name") == "Mia"
    assert not Person.objects.filter(given_name="Mia").exists()


def test_add_member_future_date_of_birth(family_worker_client, smith_family):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = family_worker_client.post(
        reverse("people:member-add", args=[smith_family.pk]),
        _member_post(
            date_of_birth_0=str(tomorrow.day),
            date_of_birth_1=str(tomorrow.month),
            date_of_birth_2=str(tomorrow.year),
        ),
    )
    assert response.status_code == 200
    assert "Date of birth must be today or in the past" in _text(response)


def test_add_member_required_fields(family_worker_client, smith_family):
    response = family_worker_client.post(
        reverse("people:member-add", args=[smith_family.pk]), _member_post(given_name="", role="")
    )
    text = _text(response)
    assert "Enter the person's first name" in text
    assert "Select the person's role in the family" in text


def test_add_member_with_invalid_address_postcode(family_worker_client, smith_family):
    response = family_worker_client.post(
        reverse("people:member-add", args=[smith_family.pk]),
        _member_post(
            with_address="yes", **{"address-line_1": "1 High Street", "address-postcode": "12345"}
        ),
    )
    assert response.status_code == 200
    assert "Enter a real postcode, like SW1A 1AA" in _text(response)
    assert not Person.objects.filter(given_name="Mia").exists()


# --- Edit conflicts --------------------------------------------------------------------------


def _family_edit_post(version, **overrides):
    data = {
        "name": "Smith family",
        "summary": "My new summary",
        "locality": "North",
        "version": str(version),
    }
    data.update(overrides)
    return data


def test_family_edit_stale_version_shows_conflict_and_keeps_typed_text(
    family_worker_client, smith_family, colleague
):
    from people import actions

    url = reverse("people:family-edit", args=[smith_family.pk])
    opened = family_worker_client.get(url)
    assert _input_value(opened, "version") == "1"
    actions.family_update(
        by=colleague.user,
        family=smith_family,
        expected_version=1,
        data={"summary": "Colleague's summary"},
    )

    response = family_worker_client.post(url, _family_edit_post(1))
    assert response.status_code == 200
    text = _text(response)
    assert "Someone else changed this family's details while you were editing" in text
    assert "What is different" in text
    assert "Colleague's summary" in text
    assert "My new summary" in text  # in the conflict table and the form
    assert "My new summary</textarea>" in text
    smith_family.refresh_from_db()
    assert smith_family.summary == "Colleague's summary"


def test_family_edit_resubmit_after_conflict_saves(family_worker_client, smith_family, colleague):
    from people import actions

    url = reverse("people:family-edit", args=[smith_family.pk])
    actions.family_update(
        by=colleague.user,
        family=smith_family,
        expected_version=1,
        data={"summary": "Colleague's summary"},
    )
    conflict = family_worker_client.post(url, _family_edit_post(1))
    assert conflict.status_code == 200
    version_on_page = _input_value(conflict, "version")
    again = family_worker_client.post(url, _family_edit_post(version_on_page))
    assert again.status_code == 302
    smith_family.refresh_from_db()
    assert smith_family.summary == "My new summary"


def _person_edit_post(person, version, **overrides):
    person = Person.objects.get(pk=person.pk)
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "other_names": "",
        "date_of_birth_0": str(person.date_of_birth.day),
        "date_of_birth_1": str(person.date_of_birth.month),
        "date_of_birth_2": str(person.date_of_birth.year),
        "expected_date_of_birth_0": "",
        "expected_date_of_birth_1": "",
        "expected_date_of_birth_2": "",
        "sex": person.sex,
        "gender": "",
        "nhs_number": "",
        "upn": "",
        "upn_unknown_reason": "",
        "ethnicity": "",
        "first_language": "",
        "version": str(version),
    }
    data.update(overrides)
    return data


def test_person_edit_conflict_then_resubmit_saves(family_worker_client, smith_family, colleague):
    from people import actions

    jaden = smith_family.jaden
    url = reverse("people:person-edit", args=[jaden.pk])
    actions.person_update(
        by=colleague.user, person=jaden, expected_version=1, data={"other_names": "JJ"}
    )
    conflict = family_worker_client.post(url, _person_edit_post(jaden, 1, other_names="Jay"))
    assert conflict.status_code == 200
    text = _text(conflict)
    assert "Someone else changed this person's details" in text
    assert "What is different" in text
    assert _input_value(conflict, "other_names") == "Jay"
    assert _input_value(conflict, "version") == "2"
    again = family_worker_client.post(
        url, _person_edit_post(jaden, _input_value(conflict, "version"), other_names="Jay")
    )
    assert again.status_code == 302
    jaden.refresh_from_db()
    assert jaden.other_names == "Jay"


def test_person_edit_rule_violation_shown_beside_field(family_worker_client, smith_family):
    jaden = smith_family.jaden
    response = family_worker_client.post(
        reverse("people:person-edit", args=[jaden.pk]),
        _person_edit_post(jaden, 1, nhs_number="1111111111"),
    )
    assert response.status_code == 200
    assert "it cannot be the same digit 10 times" in _text(response)
    assert 'id="id_nhs_number-error"' in response.content.decode()


# --- Other forms ------------------------------------------------------------------------------


def test_relationship_with_self_form_error(family_worker_client, smith_family):
    response = family_worker_client.post(
        reverse("people:relationship-add", args=[smith_family.pk]),
        {
            "from_person": smith_family.kelly.pk,
            "to_person": smith_family.kelly.pk,
            "kind": "parent",
        },
    )
    assert response.status_code == 200
    assert "Choose two different people" in _text(response)


def test_relationship_cannot_name_a_non_member(family_worker_client, smith_family, other_family):
    jones = other_family.memberships.get().person
    response = family_worker_client.post(
        reverse("people:relationship-add", args=[smith_family.pk]),
        {"from_person": jones.pk, "to_person": smith_family.jaden.pk, "kind": "parent"},
    )
    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert not smith_family.jaden.relations_in.exists()


def test_family_create_page(family_worker_client, family_worker):
    response = family_worker_client.post(
        reverse("people:family-create"), {"name": "Okafor family", "summary": "", "locality": ""}
    )
    assert response.status_code == 302
    family = Family.objects.get(name="Okafor family")
    assert response["Location"] == reverse("people:family", args=[family.pk])
    assert family.involvements.get().practitioner == family_worker


def test_involvement_end_page_is_404_for_partner(client, smith_family, school_dsl):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    inv = smith_family.involvements.exclude(practitioner=school_dsl).get()
    c = client_for(client, school_dsl)
    assert c.get(reverse("people:involvement-end", args=[inv.pk])).status_code == 404


# --- Adding someone already known: the matching engine checks first -------------------------


def _jayden_post(**overrides):
    """Jaden Smith typed again, as 'Jayden Smyth' with day and month the other way round."""
    return _member_post(
        given_name="Jayden",
        family_name="Smyth",
        date_of_birth_0="3",
        date_of_birth_1="7",
        date_of_birth_2="2016",
        sex="M",
        **overrides,
    )


def test_adding_a_person_already_known_warns_first_and_keeps_what_was_typed(
    family_worker_client, smith_family
):
    url = reverse("people:member-add", args=[smith_family.pk])
    before = Person.objects.count()
    response = family_worker_client.post(url, _jayden_post())
    assert response.status_code == 200
    text = _text(response)
    assert "This person may already be known" in text
    assert "Jaden Smith" in text
    assert "day and month swapped" in text  # the reasons, in words
    assert _input_value(response, "given_name") == "Jayden"
    assert Person.objects.count() == before  # nothing saved

    # "None of these is the person I am adding": then it is added.
    response = family_worker_client.post(url, _jayden_post(confirmed_new="yes"))
    assert response.status_code == 302
    assert Person.objects.count() == before + 1


def test_someone_new_is_added_without_a_warning(family_worker_client, smith_family):
    url = reverse("people:member-add", args=[smith_family.pk])
    response = family_worker_client.post(url, _member_post(given_name="Priya", family_name="Shah"))
    assert response.status_code == 302


def test_the_warning_never_shows_people_the_user_may_not_see(client, smith_family, stranger):
    """The stranger works with another family; Jaden Smith is not theirs to see."""
    from people.factories import FamilyFactory, MembershipFactory, PersonFactory

    theirs = FamilyFactory(name="Jones family")
    MembershipFactory(family=theirs, person=PersonFactory(given_name="Ann", family_name="Jones"))
    InvolvementFactory(family=theirs, practitioner=stranger)
    url = reverse("people:member-add", args=[theirs.pk])
    response = client_for(client, stranger).post(url, _jayden_post())
    assert response.status_code == 302  # no warning: nothing they may see matches
    assert "Jaden Smith" not in _text(client.get(reverse("people:family", args=[theirs.pk])))

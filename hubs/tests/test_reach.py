"""Reach for the hub coordinator on constructed histories: families and children reached by
hub, age band, area and deprivation decile, first-time and returning, children aged 0 to 5 seen
before their two-year review, against the targets held as data; small numbers suppressed; the
same figures drawn, in the table and in the CSV; viewing and downloading audited."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from conftest import client_for
from hubs import reach
from hubs.models import AreaDeprivation, Attendance, Enrolment, Meeting, Session
from people.factories import AddressFactory, FamilyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 4, 1), dt.date(2026, 11, 30)


def _family(n, born, *, locality="Northgate", postcode="DB1 2AB"):
    family = FamilyFactory(name=f"Reach {n} family", locality=locality)
    parent = PersonFactory(given_name=f"Parent{n}", family_name="Reach")
    child = PersonFactory(given_name=f"Child{n}", family_name="Reach", date_of_birth=born)
    MembershipFactory(family=family, person=parent, role="parent_carer")
    MembershipFactory(family=family, person=child, role="child")
    AddressFactory(person=parent, postcode=postcode)
    family.parent = parent
    return family


def _attended(session, family, *days, user):
    enrolment = Enrolment.objects.create(
        session=session,
        person=family.parent,
        family=family,
        status="enrolled",
        priority=2,
        enrolled_by=user,
    )
    for day in days:
        meeting, _ = Meeting.objects.get_or_create(
            session=session,
            on=day,
            defaults={"number": day.toordinal() % 30000, "starts_at": "10:00", "ends_at": "11:00"},
        )
        Attendance.objects.create(
            meeting=meeting, enrolment=enrolment, mark="present", marked_by=user
        )


@pytest.fixture
def history(parenting, coordinator):
    """Seven families at the hub: six seen this year (one also seen last year), one seen only
    last year; five live in a decile-2 sector."""
    AreaDeprivation.objects.create(postcode_sector="DB1 2", decile=2, source="test data")
    session = Session.objects.create(
        service=parenting, title="Stay and play", venue=parenting.at_locations.get().location,
        capacity=30,
    )  # fmt: skip
    user = coordinator.user
    babies = [_family(i, dt.date(2025, 10, 1)) for i in range(5)]  # 6 months old in April
    for f in babies:
        _attended(session, f, dt.date(2026, 5, 5), user=user)
    older = _family(9, dt.date(2019, 1, 1), locality="Millbrook", postcode="ZZ1 1ZZ")
    _attended(session, older, dt.date(2025, 6, 1), dt.date(2026, 6, 2), user=user)
    _attended(session, _family(10, dt.date(2020, 1, 1)), dt.date(2025, 5, 1), user=user)
    return babies, older


def test_reach_on_a_constructed_history(history, hub):
    report = reach.compute(hubs=[hub], start=START, end=END)
    figures = {m.key: m.text for m in report.measures}
    assert figures["families_reached"] == "6"
    assert figures["children_reached"] == "6"
    assert figures["children_0_5_reached"] == "5"  # the 7-year-old is not 0 to 5
    # 5 of 6 would tell that 1 family was returning / outside the most deprived areas
    assert figures["first_time_families_percent"] == "withheld (fewer than 5)"
    assert figures["most_deprived_families_percent"] == "withheld (fewer than 5)"
    assert figures["seen_before_two_year_review_percent"] == "100% (5 of 5)"
    target = {m.key: m.target for m in report.measures}
    assert target["families_reached"] == 120  # from rules/data/hub_sessions
    by = {b.key: b for b in report.breakdowns}
    visit = dict(zip(by["visit"].groups, [c.text for c in by["visit"].families], strict=True))
    # one returning family alone would be "fewer than 5", and 5 = 6 - 1 would give it away
    assert visit == {"First time": "withheld", "Returning": "fewer than 5"}
    ages = dict(zip(by["age"].groups, [c.text for c in by["age"].children], strict=True))
    assert ages["Under 2"] == "withheld"
    assert ages["6 to 10"] == "fewer than 5"
    deciles = dict(zip(by["decile"].groups, [c.text for c in by["decile"].families], strict=True))
    assert deciles["Decile 2"] == "withheld"
    assert deciles["Not known"] == "fewer than 5"


def test_small_numbers_are_suppressed_in_the_headline_too(parenting, coordinator, hub):
    session = Session.objects.create(
        service=parenting, title="Baby massage", venue=parenting.at_locations.get().location,
        capacity=5,
    )  # fmt: skip
    _attended(session, _family(1, dt.date(2026, 1, 1)), dt.date(2026, 7, 1), user=coordinator.user)
    report = reach.compute(hubs=[hub], start=START, end=END)
    figures = {m.key: m.text for m in report.measures}
    assert figures["families_reached"] == "fewer than 5"
    assert figures["first_time_families_percent"] == "withheld (fewer than 5)"


def test_the_page_draws_the_figures_beside_the_table_and_the_csv_matches(
    client, history, coordinator, family_worker
):
    c = client_for(client, coordinator)
    query = {"start_0": "1", "start_1": "4", "start_2": "2026", "end_0": "30", "end_1": "11",
             "end_2": "2026"}  # fmt: skip
    page = c.get("/reach/", query)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6  # targets, breakdowns
    assert "Reach against the Best Start local plan" in html
    assert "100% (5 of 5)" in html
    download = c.get("/reach/download/", {"start": "2026-04-01", "end": "2026-11-30"})
    text = download.content.decode()
    assert download["Content-Type"].startswith("text/csv")
    assert "before their two-year review,100% (5 of 5),60%" in text
    assert "First time,withheld" in text
    verbs = set(
        AuditEvent.objects.filter(changes__report="hub reach").values_list("verb", flat=True)
    )
    assert verbs == {"view", "export"}
    c.logout()
    assert client_for(client, family_worker).get("/reach/").status_code == 404

"""A team manager's caseload in a real browser with axe-core: the teams' workers as a chart with
its table, the unallocated work a page of fifty at a time (oldest first, the next page landing
on the list), and a piece of work allocated from the second page to a worker, whose row then
counts it. Every person is synthetic."""

from playwright.sync_api import expect

from casework.models import Episode
from casework.tests.conftest import build_episode
from organisations.models import Role
from people.factories import MembershipFactory, PersonFactory
from tests.browser.shots import shots

WAITING = 52  # one more page than the fifty a page shows, and then some


def _unallocated_work(family, team) -> list[Episode]:
    """Early help requests for the team, none allocated, made oldest first."""
    episodes = []
    for n in range(1, WAITING + 1):
        child = PersonFactory(given_name=f"Child{n:02d}", family_name="Synthetic")
        MembershipFactory(family=family, person=child, role="child")
        episodes.append(build_episode(family, child, "EH", "requested", team=team))
    return episodes


def test_manager_pages_through_unallocated_work_and_allocates(
    journey, family_worker, eh_team, smith_family
):
    episodes = _unallocated_work(smith_family, eh_team)
    page = journey.page
    journey.sign_in_as_new(eh_team, Role.TEAM_MANAGER, "Mina Manager", "mina.manager@example.test")
    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Your teams")).to_be_visible()
    teams = page.get_by_role("table", name="Your teams as a table")
    expect(teams.get_by_role("row").filter(has_text="Fola Worker")).to_contain_text("0")
    unallocated = page.locator("#unallocated + p + ul")
    expect(page.get_by_text("Oldest first: 1 to 50")).to_be_visible()
    expect(unallocated.get_by_role("listitem")).to_have_count(50)
    expect(unallocated.get_by_role("listitem").first).to_contain_text("Child01 Synthetic")
    shots(journey, "manager-caseload")

    pages = page.get_by_role("navigation", name="Pages of unallocated work")
    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(f"{journey.base_url}/caseload/?unallocated_page=2#unallocated")
    expect(page.get_by_text("Oldest first: 51 to 52")).to_be_visible()
    expect(unallocated.get_by_role("listitem")).to_have_count(2)
    expect(pages.get_by_role("link", name="Previous page")).to_be_visible()
    shots(journey, "manager-caseload-page-2")

    last = episodes[-1]
    page.get_by_role("link", name=f"Allocate {last}").click()
    journey.check_page()
    page.get_by_label("Allocate to").select_option(value=str(family_worker.pk))
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Allocated to Fola Worker")).to_be_visible()
    last.refresh_from_db()
    assert last.allocated_to == family_worker
    worker = teams.get_by_role("row").filter(has_text="Fola Worker")
    expect(worker.get_by_role("cell").nth(1)).to_have_text("1")  # families
    expect(worker.get_by_role("cell").nth(2)).to_have_text("1")  # children
    expect(page.get_by_text("Oldest first: 1 to 50")).to_be_visible()  # 51 still waiting
    journey.check_page()

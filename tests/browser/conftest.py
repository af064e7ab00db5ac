"""Browser journeys: Playwright for Python driving Debian's chromium, axe-core on every page.

Every page a test visits goes through `visit()` or `check_page()`, which run axe-core and fail
on serious or critical violations, fail on console errors (e.g. a CSP violation), and can save
screenshots at desktop and phone (320 px) width under var/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("FAMILYHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    # CI machines are shared and can be slow; a longer wait costs nothing when things pass.
    expect.set_options(timeout=15_000)
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium not found at {CHROMIUM}: run 'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Journey:
    """A signed-out browser tab pointed at the live server, with checks on every page."""

    def __init__(self, browser, base_url: str, name: str):
        self.context = browser.new_context(viewport={"width": 1024, "height": 900})
        self.page = self.context.new_page()
        self.base_url = base_url
        self.name = name
        self.console_errors: list[str] = []
        self.pages_checked = 0
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def _on_console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def visit(self, path: str):
        self.page.goto(self.base_url + path)
        self.check_page()

    def check_page(self, *, screenshot: str | None = None):
        """axe-core (serious/critical fail), no console errors, optional screenshots."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe violations on {self.page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in bad
        )
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"
        self.pages_checked += 1
        if screenshot:
            self.screenshot(screenshot)

    def wait_for_scripts(self):
        """Wait until the deferred scripts (htmx, GOV.UK Frontend) have run, so that what the
        test does next is seen by them (a change made before htmx starts is not autosaved)."""
        self.page.wait_for_function("() => document.readyState === 'complete' && !!window.htmx")

    def screenshot(self, label: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        stem = f"{self.name}-{label}"
        self.page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"), full_page=True)
        self.page.set_viewport_size({"width": 320, "height": 800})
        self.page.screenshot(path=str(SCREENSHOTS / f"{stem}-phone.png"), full_page=True)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.set_viewport_size({"width": 1024, "height": 900})
        assert width <= 320, f"{self.page.url} scrolls sideways at 320 px ({width} px wide)"

    def sign_in(self, email: str, password: str):
        self.visit("/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.check_page()

    def sign_in_as_new(self, team, role: str, full_name: str, email: str):
        """A new (synthetic) practitioner of `team` in `role`, signed in; returns them."""
        from conftest import PASSWORD
        from organisations.factories import PractitionerFactory

        practitioner = PractitionerFactory(
            organisation=team.organisation,
            team=team,
            role=role,
            user__full_name=full_name,
            user__email=email,
        )
        self.sign_in(email, PASSWORD)
        return practitioner

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server, transactional_db, request):
    j = Journey(browser, live_server.url, request.node.name)
    yield j
    j.close()

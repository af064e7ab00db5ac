"""Screenshots at 1280 and 375 px (issue 17's widths), after the usual page checks, and a check
that nothing scrolls sideways at either width."""

from tests.browser.conftest import SCREENSHOTS

DESKTOP, PHONE = 1280, 375


def shots(journey, label: str) -> None:
    journey.check_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, suffix in ((DESKTOP, ""), (PHONE, "-375")):
        journey.page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"{journey.name}-{label}{suffix}.png"
        journey.page.screenshot(path=str(path), full_page=True)
        scroll = journey.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{journey.page.url} scrolls sideways at {width} px"
    journey.page.set_viewport_size({"width": 1024, "height": 900})

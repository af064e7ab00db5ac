"""Server-side SVG bar charts (familyhub.charts): accessible, scaled, escaped."""

from xml.etree import ElementTree

from familyhub.charts import Bar, bar_chart, describe

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str):
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def test_bars_are_scaled_to_the_maximum_and_labelled_in_words():
    bars = [Bar("Decided in time", 84, "84%"), Bar("<NFA> & advice", 21, "21%", alert=True)]
    root = _parse(bar_chart(bars, chart_id="m", title="Measures", desc=describe(bars), maximum=100))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "m-title m-desc"
    assert root.find(f"{SVG}desc").text == "Decided in time: 84%; <NFA> & advice: 21%."
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [300 * 0.84, 300 * 0.21]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == ["#1d70b8", "#d4351c"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<NFA> & advice" in texts
    assert "84%" in texts


def test_without_a_maximum_the_largest_bar_fills_the_width():
    root = _parse(
        bar_chart([Bar("A", 2, "2"), Bar("B", 8, "8")], chart_id="c", title="T", desc="D")
    )
    assert [float(r.get("width")) for r in root.iter(f"{SVG}rect")] == [75.0, 300.0]


def test_no_figures_still_draws_a_described_empty_chart():
    root = _parse(bar_chart([], chart_id="e", title="T", desc=describe([])))
    assert root.find(f"{SVG}desc").text == "No figures."

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
    widths = [r.get("width") for r in root.iter(f"{SVG}rect")]
    assert widths == ["84.0%", "21.0%"]  # of the width the page gives the chart
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == ["#1d70b8", "#d4351c"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<NFA> & advice" in texts
    assert "84%" in texts


def test_without_a_maximum_the_largest_bar_fills_the_width():
    root = _parse(
        bar_chart([Bar("A", 2, "2"), Bar("B", 8, "8")], chart_id="c", title="T", desc="D")
    )
    assert [r.get("width") for r in root.iter(f"{SVG}rect")] == ["25.0%", "100.0%"]


def test_no_figures_still_draws_a_described_empty_chart():
    root = _parse(bar_chart([], chart_id="e", title="T", desc=describe([])))
    assert root.find(f"{SVG}desc").text == "No figures."


def test_on_a_phone_the_words_keep_their_size_and_labels_stand_above_their_bars():
    label = "Initial child protection conferences within 15 working days of the strategy discussion"
    bars = [Bar(label, 3, "3"), Bar("Reviews", 9, "9")]
    root = _parse(bar_chart(bars, chart_id="p", title="T", desc=describe(bars)))
    # No viewBox: nothing scales the drawing down to a narrow screen, so 13 px stays 13 px.
    assert root.get("viewBox") is None
    assert {t.get("font-size") for t in root.iter(f"{SVG}text")} == {"13"}
    first_bar = next(root.iter(f"{SVG}rect"))
    label_lines = [t for t in root.findall(f"{SVG}text")][:3]
    # The long label is wrapped whole (no words dropped), every line above its bar.
    assert " ".join(t.text for t in label_lines) == label
    assert all(float(t.get("y")) < float(first_bar.get("y")) for t in label_lines)
    assert float(root.get("height")) > 3 * 16 + 2 * 22


def test_a_long_bar_holds_its_value_inside_and_a_short_one_after_it():
    bars = [Bar("Long", 90, "90%"), Bar("Short", 10, "10%")]
    root = _parse(bar_chart(bars, chart_id="v", title="T", desc="D", maximum=100))
    values = [svg.find(f"{SVG}text") for svg in root.findall(f"{SVG}svg")]
    assert [(v.text, v.get("fill"), v.get("text-anchor")) for v in values] == [
        ("90%", "#ffffff", "end"),
        ("10%", "#0b0c0c", None),
    ]

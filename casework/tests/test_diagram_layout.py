"""The genogram and ecomap geometry (casework.diagrams), pure: no database."""

from xml.etree import ElementTree

from casework.diagrams import layout as L
from casework.diagrams.svg import ecomap_svg, genogram_svg

SVG = "{http://www.w3.org/2000/svg}"

# Three generations: Bridget (died) and Tom, their daughter Claire, Claire's separated partner
# Sean, and their children Colm (born 2012) and Aoife (born 2016); Colm is of concern.
PEOPLE = [
    L.GenoPerson(4, "Colm Walsh", "M", "2012", child_of_concern=True, role="child",
                 birth_order="2012-05-01"),
    L.GenoPerson(5, "Aoife Walsh", "F", "2016", role="child", birth_order="2016-01-09"),
    L.GenoPerson(1, "Bridget Walsh", "F", "1950", died="2019", in_household=False,
                 role="wider_family", birth_order="1950-02-02"),
    L.GenoPerson(2, "Tom Walsh", "M", "1948", in_household=False, role="wider_family",
                 birth_order="1948-07-07"),
    L.GenoPerson(3, "Claire Walsh", "F", "1985", role="parent_carer", birth_order="1985-03-03"),
    L.GenoPerson(6, "Sean Byrne", "M", "1983", in_household=False, role="parent_carer",
                 birth_order="1983-08-08"),
]  # fmt: skip
LINKS = [
    L.GenoLink("partner", 1, 2),
    L.GenoLink("parent", 1, 3),
    L.GenoLink("parent", 2, 3),
    L.GenoLink("partner", 3, 6, ended=True),
    L.GenoLink("parent", 3, 5, parental_responsibility=True),
    L.GenoLink("parent", 3, 4, parental_responsibility=True),
    L.GenoLink("parent", 6, 4, parental_responsibility=True),
    L.GenoLink("parent", 6, 5),
]


def test_generations_follow_the_links_top_down():
    gen = L.generations(PEOPLE, LINKS)
    assert gen == {1: 0, 2: 0, 3: 1, 6: 1, 4: 2, 5: 2}


def test_a_grandparent_link_alone_puts_them_two_rows_up():
    people = [L.GenoPerson(1, "Nan", role="wider_family"), L.GenoPerson(2, "Kid", role="child")]
    assert L.generations(people, [L.GenoLink("grandparent", 1, 2)]) == {1: 0, 2: 2}


def test_people_without_links_are_placed_by_their_role():
    people = [L.GenoPerson(1, "Kid", role="child"), L.GenoPerson(2, "Mum", role="parent_carer")]
    assert L.generations(people, []) == {2: 0, 1: 1}


def test_rows_partners_side_by_side_children_oldest_first_under_their_parents():
    lay = L.genogram(PEOPLE, LINKS)
    p = lay.placed
    assert lay.generations == 3
    assert p[1].y == p[2].y < p[3].y == p[6].y < p[4].y == p[5].y
    assert abs(p[1].x - p[2].x) == L.GAP_X  # partners next to each other
    assert abs(p[3].x - p[6].x) == L.GAP_X
    assert p[4].x < p[5].x  # Colm (2012) left of Aoife (2016)
    assert ((3, 6, True) in lay.couples) or ((6, 3, True) in lay.couples)
    assert ((1, 2), [3]) in lay.descents
    assert ((3, 6), [4, 5]) in lay.descents
    xs = [q.x for q in p.values()]
    assert min(xs) >= L.MARGIN
    assert max(xs) <= lay.width - L.MARGIN


def test_the_genogram_svg_is_an_accessible_image_with_every_name_escaped():
    people = [*PEOPLE, L.GenoPerson(7, "<Jo> & Co", role="other_adult")]
    svg = genogram_svg(
        L.genogram(people, LINKS), title="Genogram", desc="Six people", pr_holders={3}
    )
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output: well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "genogram-title genogram-desc"
    assert root.find(f"{SVG}title").text == "Genogram"
    assert root.find(f"{SVG}desc").text == "Six people"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<Jo> & Co" in texts
    assert "1950–2019" in texts  # the deceased grandmother's years
    assert "b. 1985 · PR" in texts
    crosses = [e for e in root.iter(f"{SVG}path")]
    assert len(crosses) == 1  # one deceased person, crossed through
    concern = [e for e in root.iter() if e.get("stroke") == "#d4351c"]
    assert len(concern) == 2  # Colm's symbol and his second outline


def test_tie_strength_from_involvement_records():
    assert L.strength(months_involved=0.5, involved=1, has_lead=False) == L.WEAK
    assert L.strength(months_involved=2, involved=1, has_lead=False) == L.MODERATE
    assert L.strength(months_involved=7, involved=1, has_lead=False) == L.STRONG
    assert L.strength(months_involved=0.1, involved=2, has_lead=False) == L.STRONG
    assert L.strength(months_involved=0.1, involved=1, has_lead=True) == L.STRONG


def test_the_ecomap_puts_the_lead_first_at_the_top_and_marks_lead_and_cover():
    ties = [
        L.Tie("a", "Housing", strength=L.WEAK),
        L.Tie("b", "Family Hub", strength=L.STRONG, lead=True),
        L.Tie("c", "School", strength=L.MODERATE, cover=True),
    ]
    lay = L.ecomap(ties)
    first = lay.ties[0]
    assert first.tie.label == "Family Hub"
    assert round(first.x) == round(lay.centre[0])
    assert first.y < lay.centre[1]
    for t in lay.ties:  # all on the circle
        d = ((t.x - lay.centre[0]) ** 2 + (t.y - lay.centre[1]) ** 2) ** 0.5
        assert round(d) == L.ECO_RADIUS
    svg = ecomap_svg(lay, family="Walsh family", title="E", desc="D")
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "LEAD" in texts
    assert "COVER" in texts
    widths = sorted(e.get("stroke-width") for e in root.iter(f"{SVG}line"))
    assert widths == ["2", "3", "6"]  # weak (dashed), moderate, strong

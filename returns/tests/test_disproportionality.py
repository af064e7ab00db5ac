"""Disproportionality: front-door outcomes, step-ups and child protection plans by ethnicity
(declined and not yet asked apart), disability and age band, small numbers suppressed; the
page, its chart and table, the CSV download (neutralised), who may see it, and the audit."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from casework.factories import EpisodeFactory
from casework.models import StepUp
from conftest import client_for
from familyhub.suppression import FEWER_THAN, WITHHELD, suppress
from frontdoor.factories import ContactPersonFactory, ThresholdDecisionFactory
from organisations.factories import PractitionerFactory, UserFactory
from organisations.models import Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from returns import disproportionality as dp

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2025, 4, 1), D(2026, 3, 31)


def _at(day):
    return dt.datetime(day.year, day.month, day.day, 11, tzinfo=dt.UTC)


# --- suppression and the groups (no database) -----------------------------------------------


def test_small_numbers_are_suppressed_and_a_lone_one_is_protected():
    cells = suppress([0, 3, 12, 7, 40])
    assert [c.text for c in cells] == ["0", FEWER_THAN, "12", WITHHELD, "40"]
    assert [c.value for c in cells] == [0, None, 12, None, 40]
    assert cells[4].share_text == "64.5%"  # of 62
    assert cells[1].share_text == ""
    assert cells[0].share_text == ""  # nothing to share out
    # two small ones protect each other: nothing more is withheld
    assert [c.text for c in suppress([2, 4, 9, 10])] == [FEWER_THAN, FEWER_THAN, "9", "10"]
    assert [c.text for c in suppress([5])] == ["5"]
    assert [c.text for c in suppress([4])] == [FEWER_THAN]


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("WBRI", "White"),
        ("WROM", "White"),
        ("MWBC", "Mixed or multiple ethnic groups"),
        ("APKN", "Asian or Asian British"),
        ("BAFR", "Black or Black British"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", dp.DECLINED),
        ("NOBT", dp.NOT_YET_ASKED),
        ("", dp.NOT_YET_ASKED),
        (None, dp.NOT_YET_ASKED),
    ],
)
def test_dfe_ethnicity_codes_fall_in_their_main_group(code, group):
    assert dp.ethnic_group(code) == group


def test_age_bands_on_the_day_and_unborn():
    born = D(2016, 3, 7)
    assert dp.age_band(D(2026, 3, 6), born, None) == "5 to 9"
    assert dp.age_band(D(2026, 3, 7), born, None) == "10 to 15"
    assert dp.age_band(D(2026, 1, 1), None, D(2026, 2, 14)) == dp.UNBORN
    assert dp.age_band(D(2026, 1, 1), D(2026, 2, 10), None) == dp.UNBORN  # born after
    assert dp.age_band(D(2026, 3, 1), D(2026, 2, 10), None) == "Under 1"
    assert dp.disability_group([]) == dp.DISABILITY_NOT_RECORDED
    assert dp.disability_group(["NONE"]) == dp.NOT_DISABLED
    assert dp.disability_group(["AUT", "COMM"]) == dp.DISABLED


# --- the breakdown ---------------------------------------------------------------------------


BORN = D(2016, 5, 1)


def _child(ethnicity, *, born=BORN, disabilities=None, due=None, family=None):
    person = PersonFactory(
        ethnicity=ethnicity,
        date_of_birth=None if due else born,
        expected_date_of_birth=due,
        disabilities=disabilities or [],
    )
    MembershipFactory(family=family or FamilyFactory(), person=person, role="child")
    return person


def _cp_plan(child, on):
    return EpisodeFactory(
        child=child, kind="CP", state="cp_plan", closed_on=None, cp_plan_started_on=on
    )


@pytest.fixture
def borough():
    """Twelve Black African children, three White British, two declined, one not yet asked
    and an unborn child, with CP plans, front-door decisions and a step-up in 2025-26."""
    kids = {
        "bafr": [_child("BAFR", disabilities=["NONE"]) for _ in range(12)],
        "wbri": [_child("WBRI", disabilities=["AUT"]) for _ in range(3)],
        "refu": [_child("REFU") for _ in range(2)],
        "nobt": [_child("NOBT")],
        "unborn": [_child("NOBT", due=D(2026, 6, 1))],
    }
    for c in kids["bafr"][:7] + kids["wbri"][:2] + kids["refu"] + kids["unborn"]:
        _cp_plan(c, D(2025, 10, 1))
    _cp_plan(kids["bafr"][8], D(2024, 10, 1))  # before the period: not counted
    for c in kids["bafr"][:6] + kids["nobt"]:
        decision = ThresholdDecisionFactory(outcome="csc_referral", decided_at=_at(D(2025, 9, 1)))
        ContactPersonFactory(contact=decision.contact, person=c, role="child")
    pending = ThresholdDecisionFactory(
        outcome="nfa", decided_at=_at(D(2025, 9, 1)), sign_off="pending"
    )
    ContactPersonFactory(contact=pending.contact, person=kids["wbri"][0], role="child")
    # a child the front door named but has not matched to the register yet
    unmatched = ThresholdDecisionFactory(outcome="nfa", decided_at=_at(D(2025, 9, 2)))
    ContactPersonFactory(contact=unmatched.contact, role="child", date_of_birth=D(2024, 1, 1))
    step = StepUp.objects.create(
        family=FamilyFactory(),
        reason="Worse",
        lead_view="Needs social care",
        by=UserFactory(),
        at=_at(D(2025, 11, 1)),
    )
    step.children.set(kids["bafr"][:5])
    return kids


def _table(report, key):
    return next(t for t in report.tables if t.dimension.key == key)


def _cells(table, measure):
    j = [k for k, _ in table.columns].index(measure)
    return {group: cells[j].text for group, cells in table.rows}


def test_the_ethnicity_breakdown_with_suppression(borough):
    report = dp.compute(start=START, end=END)
    groups = _table(report, "ethnic_group")
    cp = _cells(groups, "cp_plan")
    assert cp["Black or Black British"] == "7"
    assert cp["White"] == FEWER_THAN  # 2
    assert cp[dp.DECLINED] == FEWER_THAN  # 2: declined is its own group ...
    assert cp[dp.NOT_YET_ASKED] == FEWER_THAN  # 1 (the unborn child) ... apart from not asked
    assert cp["Asian or Asian British"] == "0"
    j = [k for k, _ in groups.columns].index("cp_plan")
    assert groups.totals[j].text == "12"
    # the baseline: every child on the register
    register = _cells(groups, "register")
    assert register["Black or Black British"] == "12"
    assert register[dp.NOT_YET_ASKED] == FEWER_THAN
    # front door: only final decisions; the unmatched child counts as not yet asked
    referrals = _cells(groups, "csc_referral")
    assert referrals[dp.NOT_YET_ASKED] == FEWER_THAN  # 1 ...
    # ... alone, so the 6 beside it is withheld: the total would give it away
    assert referrals["Black or Black British"] == WITHHELD
    nfa = _cells(groups, "nfa")
    assert nfa["White"] == "0"  # the decision waiting for sign-off is not counted
    assert nfa[dp.NOT_YET_ASKED] == FEWER_THAN
    # step-ups: five, alone in their column, so shown
    assert _cells(groups, "step_up")["Black or Black British"] == "5"
    # by DfE code too
    codes = _cells(_table(report, "ethnicity"), "cp_plan")
    assert codes["Black – African (BAFR)"] == "7"
    assert codes[dp.DECLINED] == FEWER_THAN


def test_disability_and_age_band_breakdowns(borough):
    report = dp.compute(start=START, end=END)
    disability = _cells(_table(report, "disability"), "cp_plan")
    assert disability == {
        dp.DISABLED: FEWER_THAN,
        dp.NOT_DISABLED: "7",
        dp.DISABILITY_NOT_RECORDED: FEWER_THAN,
    }
    ages = _cells(_table(report, "age_band"), "cp_plan")
    assert ages["5 to 9"] == WITHHELD  # 11, beside a lone unborn child
    assert ages[dp.UNBORN] == FEWER_THAN
    # the child the front door has not matched was under 2 on the day
    assert _cells(_table(report, "age_band"), "nfa")["1 to 4"] == FEWER_THAN


def test_a_source_can_be_added(borough, monkeypatch):
    """FGDM offers (the pre-proceedings app) join the report by registering a source."""
    kid = borough["bafr"][0]

    def offers(start, end):
        yield dp.Row("fgdm_offer", D(2025, 12, 1), kid.ethnicity, kid.disabilities, None, None)

    monkeypatch.setattr(dp, "SOURCES", dict(dp.SOURCES))
    dp.register_source(
        dp.Source("fgdm", "FGDM offers", [("fgdm_offer", "FGDM offered")], offers, "Offers.")
    )
    report = dp.compute(start=START, end=END)
    assert ("fgdm_offer", "FGDM offered") in report.columns
    assert _cells(_table(report, "ethnic_group"), "fgdm_offer")["Black or Black British"] == (
        FEWER_THAN
    )


# --- the page and the download ---------------------------------------------------------------


@pytest.fixture
def analyst(db):
    return PractitionerFactory(role=Role.DATA_OFFICER, user__full_name="Ana Analyst")


URL = reverse("returns:disproportionality")
QUERY = {"start_0": "1", "start_1": "4", "start_2": "2025", "end_0": "31", "end_1": "3"}
QUERY["end_2"] = "2026"


def test_the_page_shows_chart_and_table_and_is_audited(client, analyst, borough):
    c = client_for(client, analyst)
    response = c.get(URL, QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="img"' in page  # the chart, described in words ...
    assert "Child protection plans started by ethnicity (DfE main group) as a table" in page
    assert FEWER_THAN in page
    assert "Declined to say (REFU)" in page
    assert "Not yet asked (NOBT)" in page
    event = AuditEvent.objects.filter(actor_id=analyst.user.pk, verb="view").latest("pk")
    assert event.changes["report"] == "disproportionality"
    assert (event.changes["from"], event.changes["to"]) == ("2025-04-01", "2026-03-31")


def test_the_csv_download_is_suppressed_neutralised_and_audited(client, analyst, borough):
    odd = _child("BAFR")
    _cp_plan(odd, D(2025, 10, 2))
    c = client_for(client, analyst)
    response = c.get(
        reverse("returns:disproportionality-download"), {"start": "2025-04-01", "end": "2026-03-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["From", "To", "Breakdown", "Group", "Measure", "Children"]
    by = {(r[2], r[3], r[4]): r[5] for r in rows[1:]}
    key = ("Ethnicity (DfE main group)", "Black or Black British", "Child protection plans started")
    assert by[key] == "8"
    assert by[("Ethnicity (DfE main group)", "White", "Child protection plans started")] == (
        FEWER_THAN
    )
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    event = AuditEvent.objects.filter(actor_id=analyst.user.pk, verb="export").latest("pk")
    assert event.changes["format"] == "csv"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DATA_OFFICER, 200),
        (Role.IG_OFFICER, 200),
        (Role.ADMIN, 200),
        (Role.TEAM_MANAGER, 404),
        (Role.SOCIAL_WORKER, 404),
        (Role.FAMILY_WORKER, 404),
        (Role.PARTNER, 404),
        (Role.FRONT_DOOR, 404),
        (Role.HUB_COORDINATOR, 404),
    ],
)
def test_least_privilege(client, role, status):
    who = PractitionerFactory(role=role)
    c = client_for(client, who)
    assert c.get(URL).status_code == status
    download = reverse("returns:disproportionality-download")
    assert c.get(download, {"start": "2025-04-01", "end": "2026-03-31"}).status_code == status
    if status == 404:
        seen = AuditEvent.objects.filter(actor_id=who.user.pk, verb__in=["view", "export"])
        assert not seen.exists()


def test_the_default_period_is_the_last_financial_year(client, analyst):
    response = client_for(client, analyst).get(URL)
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    assert response.context["report"].start == D(year - 1, 4, 1)
    assert response.context["report"].end == D(year, 3, 31)

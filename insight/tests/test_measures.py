"""The measures on constructed histories: each child's episodes written as they would be, then
the measure's rows and the nightly summary read back."""

import datetime as dt

import pytest

from casework.factories import EpisodeFactory
from casework.models import StatutoryClock
from insight import summary
from insight.measures import MEASURES, TWO_YEARS, YEAR
from people.factories import FamilyFactory, PersonFactory

D = dt.date
AS_OF = D(2026, 11, 30)


def rows(key, as_of=AS_OF):
    return {
        (r["i_child"], r["i_day"]): r
        for r in MEASURES[key].rows(as_of).values("i_child", "i_day", "i_met", "i_grp")
    }


def episode(child, family=None, **kw):
    return EpisodeFactory(child=child, family=family or FamilyFactory(), **kw)


@pytest.fixture
def children(db):
    return [PersonFactory(given_name=f"Child{i}", family_name="Test") for i in range(6)]


def test_kept_safely_at_home_at_12_and_24_months(children, eh_team):
    a, b, c, d, e, _ = children
    # a: early help from 1 Jan 2024, never looked after: kept at home at 12 and at 24 months.
    episode(a, kind="EH", referral_date=D(2024, 1, 10), closed_on=D(2024, 6, 1), team=eh_team)
    # b: CIN from March 2024, looked after 18 months later: kept at 12, not at 24.
    episode(b, kind="CIN", referral_date=D(2024, 3, 5), closed_on=None, state="cin_plan",
            looked_after=True, looked_after_from=D(2025, 9, 5))  # fmt: skip
    # c: early help in April 2024, looked after 2 months later: not kept at home.
    episode(c, kind="EH", referral_date=D(2024, 4, 1), closed_on=D(2024, 5, 1))
    episode(c, kind="CIN", referral_date=D(2024, 5, 20), closed_on=None, state="cin_plan",
            looked_after=True, looked_after_from=D(2024, 6, 1))  # fmt: skip
    # d: early help starting this year: its 12 months have not passed, so not counted yet.
    episode(d, kind="EH", referral_date=D(2026, 2, 1), closed_on=None, state="planned")
    # e: looked after exactly 12 months (365 days) after the start: inside the window.
    episode(e, kind="CIN", referral_date=D(2024, 7, 1), closed_on=None, state="cin_plan",
            looked_after=True, looked_after_from=D(2025, 7, 1))  # fmt: skip
    twelve = {(c, d - YEAR): r for (c, d), r in rows("kept_home_12").items()}
    twenty_four = {(c, d - TWO_YEARS): r for (c, d), r in rows("kept_home_24").items()}
    assert twelve[(a.pk, D(2024, 1, 10))]["i_met"] is True
    assert twelve[(b.pk, D(2024, 3, 5))]["i_met"] is True
    assert twelve[(c.pk, D(2024, 4, 1))]["i_met"] is False
    assert twelve[(e.pk, D(2024, 7, 1))]["i_met"] is False
    assert not [k for k in twelve if k[0] == d.pk]
    assert twenty_four[(a.pk, D(2024, 1, 10))]["i_met"] is True
    assert twenty_four[(b.pk, D(2024, 3, 5))]["i_met"] is False
    # 24 months from July 2024 have not passed by 30 November 2026? They have: counted.
    assert (e.pk, D(2024, 7, 1)) in twenty_four
    assert not [k for k in twenty_four if k[0] == d.pk]


def test_re_referral_within_12_months(children):
    a, b, c, *_ = children
    episode(a, kind="CIN", referral_date=D(2025, 1, 10), closed_on=D(2025, 3, 1),
            closure_reason="RC8")  # fmt: skip
    episode(a, kind="CIN", referral_date=D(2025, 11, 1), closed_on=None, state="assessment")
    episode(b, kind="CIN", referral_date=D(2024, 1, 10), closed_on=D(2024, 2, 1),
            closure_reason="RC8")  # fmt: skip
    episode(b, kind="CIN", referral_date=D(2025, 1, 11), closed_on=None, state="assessment")
    # c: exactly 365 days after the first referral: within 12 months.
    episode(c, kind="CIN", referral_date=D(2025, 2, 1), closed_on=D(2025, 3, 1),
            closure_reason="RC8")  # fmt: skip
    episode(c, kind="CIN", referral_date=D(2026, 2, 1), closed_on=None, state="assessment")
    got = rows("re_referrals")
    assert got[(a.pk, D(2025, 1, 10))]["i_met"] is False
    assert got[(a.pk, D(2025, 11, 1))]["i_met"] is True
    assert got[(b.pk, D(2025, 1, 11))]["i_met"] is False  # a year and a day
    assert got[(c.pk, D(2026, 2, 1))]["i_met"] is True


def test_flows_step_up_step_down_and_closure(children):
    a, b, *_ = children
    fam = FamilyFactory()
    # a: early help, stepped up to CIN (EH still open), then CP inside the CIN, plan ends
    # (back to CIN), CIN closes with a step down to early help, which closes.
    episode(a, fam, kind="EH", referral_date=D(2025, 1, 6), closed_on=D(2025, 2, 20),
            closure_reason="step_up")  # fmt: skip
    cin = episode(a, fam, kind="CIN", referral_date=D(2025, 2, 3), closed_on=D(2025, 9, 1),
                  closure_reason="RC9")  # fmt: skip
    episode(a, fam, kind="CP", parent=cin, referral_date=D(2025, 2, 3),
            strategy_discussion_on=D(2025, 3, 3), closed_on=D(2025, 6, 2),
            closure_reason="plan_ended")  # fmt: skip
    episode(a, fam, kind="EH", referral_date=D(2025, 9, 10), closed_on=D(2026, 1, 15),
            closure_reason="needs_met")  # fmt: skip
    # b: new to CIN, closed with no further work.
    episode(b, kind="CIN", referral_date=D(2025, 4, 1), closed_on=D(2025, 5, 1),
            closure_reason="RC8")  # fmt: skip
    starts = sorted(r["i_grp"] for r in MEASURES["flow_starts"].rows(AS_OF).values("i_grp"))
    ends = sorted(r["i_grp"] for r in MEASURES["flow_ends"].rows(AS_OF).values("i_grp"))
    assert starts == ["CIN>CP", "CIN>EH", "EH>CIN", "NEW>CIN", "NEW>EH"]
    assert ends == ["CIN>CLOSED", "CP>CIN", "EH>CLOSED"]


def test_timeliness_counts_from_the_clocks(children, eh_team):
    a, *_ = children
    ep = episode(a, kind="CIN", referral_date=D(2026, 1, 5), closed_on=None, state="cin_plan",
                 team=eh_team)  # fmt: skip
    base = {"episode": ep, "family": ep.family, "rules_version": "wt2023-demo-2"}
    StatutoryClock.objects.create(kind="assessment", starts_on=D(2026, 1, 5),
                                  due_on=D(2026, 3, 9), met_on=D(2026, 3, 9), **base)  # fmt: skip
    StatutoryClock.objects.create(kind="icpc", starts_on=D(2026, 2, 2), due_on=D(2026, 2, 23),
                                  met_on=D(2026, 2, 24), **base)  # fmt: skip
    StatutoryClock.objects.create(
        kind="first_core_group", starts_on=D(2026, 2, 24), due_on=D(2026, 3, 10), **base
    )  # overdue, never met
    StatutoryClock.objects.create(
        kind="rcpc", starts_on=D(2026, 2, 24), due_on=D(2027, 5, 24), **base
    )  # not due yet: not counted
    StatutoryClock.objects.create(
        kind="cin_review",
        starts_on=D(2026, 2, 24),
        due_on=D(2026, 4, 7),
        stopped_on=D(2026, 3, 1),
        **base,
    )
    summary.build(AS_OF)
    got = summary.by_group(["clocks"], summary.Filters(D(2026, 1, 1), D(2026, 12, 1)))["clocks"]
    assert {k: (v.n, v.met) for k, v in got.items()} == {
        "assessment": (1, 1),
        "icpc": (1, 0),
        "first_core_group": (1, 0),
    }
    by_area = summary.Filters(D(2026, 1, 1), D(2026, 12, 1), team_id=eh_team.pk)
    assert sum(v.n for v in summary.by_group(["clocks"], by_area)["clocks"].values()) == 3


def test_families_stepped_down_and_not_re_referred_within_12_months(children):
    a, b, c, sibling, d, _ = children
    kept, back, recent = FamilyFactory(), FamilyFactory(), FamilyFactory()
    episode(a, kept, kind="CIN", referral_date=D(2024, 11, 1), closed_on=D(2025, 1, 10),
            closure_reason="RC9")  # fmt: skip
    episode(b, back, kind="CIN", referral_date=D(2024, 12, 1), closed_on=D(2025, 2, 3),
            closure_reason="RC9")  # fmt: skip
    episode(sibling, back, kind="CIN", referral_date=D(2025, 10, 1), closed_on=None,
            state="assessment")  # fmt: skip
    episode(c, recent, kind="CIN", referral_date=D(2026, 1, 5), closed_on=D(2026, 3, 2),
            closure_reason="RC9")  # fmt: skip
    episode(
        d, kind="CIN", referral_date=D(2024, 12, 1), closed_on=D(2025, 1, 6), closure_reason="RC7"
    )  # not a step down
    got = {
        r["family_id"]: r
        for r in MEASURES["stepped_down"].rows(AS_OF).values("family_id", "i_day", "i_met")
    }
    assert set(got) == {kept.pk, back.pk}
    assert got[kept.pk]["i_met"] is True
    assert got[kept.pk]["i_day"] == D(2025, 1, 10) + YEAR
    assert got[back.pk]["i_met"] is False

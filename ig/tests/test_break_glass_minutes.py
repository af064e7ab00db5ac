"""How long break-glass lasts: the break_glass rule set (rules/data/break_glass/), unless an
installation overrides it with FAMILYHUB["BREAK_GLASS_MINUTES"] (as the README says)."""

import datetime as dt

import pytest

import rules
from ig import actions

pytestmark = pytest.mark.django_db

REASON = "Child presented at A&E with an injury; need to know who is involved now"


def test_break_glass_lasts_the_rule_sets_minutes(stranger, smith_family, ig_officer):
    assert rules.current("break_glass").minutes == 120
    glass = actions.break_glass_open(by=stranger.user, family=smith_family, reason=REASON)
    assert glass.expires_at - glass.opened_at == dt.timedelta(minutes=120)


def test_the_setting_still_overrides_it(settings, stranger, smith_family, ig_officer):
    settings.FAMILYHUB = {**settings.FAMILYHUB, "BREAK_GLASS_MINUTES": 30}
    glass = actions.break_glass_open(by=stranger.user, family=smith_family, reason=REASON)
    assert glass.expires_at - glass.opened_at == dt.timedelta(minutes=30)

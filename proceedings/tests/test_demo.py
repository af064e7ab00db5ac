"""proceedings.demo: the demo borough's pre-proceedings case with FGDM (both parents offered,
one accepts, one refuses; the family's plan; the meetings; the outcome), idempotent, removed
by the borough's reset before casework removes its episodes."""

import io

import pytest

from casework import demo as casework_demo
from demo import borough
from proceedings import demo
from proceedings.models import FgdmOffer, NetworkMember, PreProceedings, ProceedingsMeeting

pytestmark = pytest.mark.django_db


def test_the_demo_case_is_loaded_once_and_removed_with_the_borough():
    borough.load(families=40, seed=7)
    casework_demo.load_demo(seed=2026)
    out = io.StringIO()
    assert demo.load_demo(stdout=out) == 1
    assert "Pre-proceedings demo loaded" in out.getvalue()
    record = PreProceedings.objects.get()
    assert record.outcome == "B"
    assert record.letter_sent_on
    assert record.step_decision_on
    assert sorted(FgdmOffer.objects.values_list("response", flat=True)) == [
        "accepted",
        "refused",
    ]
    fgdm = ProceedingsMeeting.objects.get(kind="fgdm")
    assert record.child.given_name in fgdm.family_plan
    assert NetworkMember.objects.count() == 3
    assert demo.load_demo() == 0  # idempotent
    borough.reset()
    assert not PreProceedings.objects.exists()

"""sharing.demo: the demo borough's NHS number provenance (every s16LC reason used), a share
under the duty to share and decisions not to share; idempotent, removed with the borough."""

import io

import pytest

from demo import borough
from people.models import Person
from sharing import demo
from sharing.models import NonDisclosure, SharingRecord

pytestmark = pytest.mark.django_db


def test_demo_identifiers_and_decisions_not_to_share(db):
    borough.load(families=40, seed=7)
    out = io.StringIO()
    assert demo.load_demo(stdout=out) >= 1
    people = Person.objects.filter(is_synthetic=True)
    assert people.filter(nhs_number_status="verified").exists()
    assert people.filter(nhs_number_status="unverified").exists()
    for reason in ("s16lc_6", "s16lc_7", "s16lc_8"):
        assert people.filter(nhs_number="", nhs_number_absent_reason=reason).exists(), reason
    assert not people.exclude(nhs_number="").filter(nhs_number_source="").exists()
    decision = NonDisclosure.objects.filter(decided_by__email__startswith="health.visitor@").get()
    assert decision.recipient_role == "Designated safeguarding lead"
    assert SharingRecord.objects.filter(statutory_basis="ca2004_s16la").count() == 1
    assert demo.load_demo() == 0  # idempotent
    assert NonDisclosure.objects.count() == 2
    borough.reset()
    assert not NonDisclosure.objects.exists()

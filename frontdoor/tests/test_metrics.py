"""The front door's figures on a small known dataset, and the `frontdoor-metrics` command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from frontdoor import metrics
from frontdoor.factories import ConsultationFactory, ContactFactory, ThresholdDecisionFactory
from frontdoor.models import ConsultationStatus
from organisations.factories import OrganisationFactory
from people.factories import FamilyFactory

from .conftest import at

pytestmark = pytest.mark.django_db

OCTOBER = {"start": dt.date(2026, 10, 1), "end": dt.date(2026, 10, 31)}


def _contact(family, received, due, decided=None, outcome=None, consultation=None):
    contact = ContactFactory(
        family=family,
        received_at=received,
        due_at=due,
        decided_at=decided,
        consultation=consultation,
        status="closed" if decided else "received",
    )
    if outcome:
        ThresholdDecisionFactory(
            contact=contact, outcome=outcome, decided_at=decided, feedback_sent_at=decided
        )
    return contact


def _consultation(org, *, family=None, created, outcome="", status=ConsultationStatus.HELD):
    held = created + dt.timedelta(days=1) if status == ConsultationStatus.HELD else None
    return ConsultationFactory(
        requester_organisation=org,
        family=family,
        is_anonymous=family is None,
        created_at=created,
        status=status,
        outcome=outcome,
        outcome_recorded_at=held,
    )


@pytest.fixture
def dataset(db):
    a, b, c, d = (FamilyFactory(name=n) for n in ("A family", "B family", "C family", "D family"))
    school = OrganisationFactory(name="School")
    hv = OrganisationFactory(name="Health visiting")
    _consultation(school, family=a, created=at(2026, 9, 10, 10), outcome="advice")  # K1
    k2 = _consultation(school, family=b, created=at(2026, 10, 1, 10), outcome="csc")
    _consultation(hv, created=at(2026, 10, 5, 10), outcome="early_help")  # K3, anonymised
    _consultation(school, family=a, created=at(2026, 10, 25, 10), outcome="advice")  # K4
    _consultation(
        school, family=b, created=at(2026, 10, 28, 10), status=ConsultationStatus.REQUESTED
    )  # K5
    _consultation(
        school, family=b, created=at(2026, 10, 29, 10), status=ConsultationStatus.CANCELLED
    )  # K6: not counted
    _contact(c, at(2025, 8, 1, 10), at(2025, 8, 4, 10))  # C0: long before
    _contact(a, at(2026, 10, 5, 10), at(2026, 10, 6, 10), at(2026, 10, 5, 15), "nfa")  # C1
    _contact(
        a, at(2026, 10, 20, 10), at(2026, 10, 21, 10), at(2026, 10, 22, 9), "csc_referral"
    )  # C2: late, a re-contact, with a consultation in the year before
    _contact(
        b,
        at(2026, 10, 10, 10),
        at(2026, 10, 11, 10),
        at(2026, 10, 10, 16),
        "strategy_discussion",
        consultation=k2,
    )  # C3: from a consultation
    _contact(c, at(2026, 10, 12, 10), at(2026, 10, 13, 10))  # C4: open
    _contact(
        None, at(2026, 10, 15, 10), at(2026, 10, 16, 10), at(2026, 10, 15, 12), "early_help"
    )  # C5: no family
    _contact(
        d, at(2026, 9, 20, 10), at(2026, 9, 21, 10), at(2026, 10, 2, 10), "csc_referral"
    )  # C6: received before, decided (late) in October


def test_figures_on_a_known_dataset(dataset):
    m = metrics.compute(**OCTOBER)
    assert m.contacts_received == 5
    got = {r.label: (r.numerator, r.denominator, r.text) for r in m.ratios}
    assert got == {
        metrics.DECIDED_IN_TIME: (3, 5, "60%"),
        metrics.CONVERSION: (2, 3, "66.7%"),
        metrics.PRIOR_CONSULTATION: (2, 3, "66.7%"),
        metrics.NFA_RATE: (1, 5, "20%"),
        metrics.RE_CONTACTS: (1, 5, "20%"),
        metrics.RE_CONSULTATIONS: (2, 3, "66.7%"),
    }
    assert dict(m.outcomes)["Referral to children's social care"] == 2
    assert m.by_agency == [
        ("Health visiting", {"early_help": 1}, 1),
        ("School", {"csc": 1, "advice": 1}, 2),
    ]


def test_an_empty_period_has_no_percentages(db):
    m = metrics.compute(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 31))
    assert all(r.percent is None and r.text == "–" for r in m.ratios)


def test_the_command_prints_the_figures(dataset):
    out = io.StringIO()
    call_command("frontdoor-metrics", "--from", "2026-10-01", "--to", "2026-10-31", stdout=out)
    text = out.getvalue()
    assert "Contacts decided within one working day: 60% (3 of 5)" in text
    assert (
        "School: 2 (Advice given – no further action 1, Referral to children's social care 1)"
        in (text)
    )
    out = io.StringIO()
    call_command(
        "frontdoor-metrics", "--from", "2026-10-01", "--to", "2026-10-31", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["ratios"][metrics.NFA_RATE] == {"numerator": 1, "denominator": 5, "percent": 20.0}

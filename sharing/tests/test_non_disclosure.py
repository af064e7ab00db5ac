"""The duty to share (CA 2004 s16LA): sharing under it without asking consent, and decisions not
to share (the "more detrimental to the child" exception) recorded, reviewed, listed for
information governance, counted by agency for the partnership with small numbers suppressed,
and audited."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from familyhub import errors
from familyhub.suppression import FEWER_THAN
from organisations.factories import InvolvementFactory, OrganisationFactory, PractitionerFactory
from organisations.models import OrganisationType, Role
from sharing import actions
from sharing.actions import nondisclosure as nd_actions
from sharing.models import ConsentPosition, NonDisclosure, SharingDecision
from sharing.queries import nondisclosure as nd_queries

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def gp(db):
    return OrganisationFactory(name="Demo GP Surgery", org_type=OrganisationType.GP_PRACTICE)


@pytest.fixture
def health_visitor(smith_family):
    health = OrganisationFactory(
        name="Demo Health Visiting", org_type=OrganisationType.HEALTH_VISITING
    )
    hv = PractitionerFactory(
        user__full_name="Hana Visitor", organisation=health, team=None, role=Role.PARTNER
    )
    InvolvementFactory(family=smith_family, practitioner=hv, person=smith_family.jaden)
    return hv


def _record(by, family, recipient, **overrides):
    kwargs = dict(
        by=by,
        family=family,
        child=family.jaden,
        sections=["adult_needs"],
        withheld="Mum's disclosure of her own mental health crisis in October",
        recipient=recipient,
        recipient_role="GP",
        detriment_reasoning="Mum would stop engaging with health visiting, and Jaden would lose "
        "the one service that sees him every week",
        review_on=TODAY + dt.timedelta(days=90),
    )
    kwargs.update(overrides)
    return nd_actions.non_disclosure_record(**kwargs)


# --- The duty to share: consent is not asked ---------------------------------------------------


def test_sharing_under_the_duty_records_consent_as_not_needed(family_worker, smith_family, gp):
    record, _ = actions.sharing_record(
        by=family_worker.user,
        family=smith_family,
        decision=SharingDecision.SHARED,
        recipient=gp,
        sections=["plan"],
        purpose="So the GP knows about the plan",
        art6_basis="6_1_e",
        consent_position=ConsentPosition.REFUSED_OVERRIDDEN,  # ignored under the duty
        consent_reason="",
        statutory_basis="ca2004_s16la",
    )
    assert record.under_duty_to_share
    assert record.consent_position == ConsentPosition.NOT_APPLICABLE
    assert record.consent_reason == ""
    event = AuditEvent.objects.get(verb="share")
    assert event.changes["statutory_basis"] == "ca2004_s16la"


def test_the_duty_is_not_consent_and_not_a_way_to_record_not_sharing(
    family_worker, smith_family, gp
):
    with pytest.raises(errors.RuleViolation) as refused:
        actions.sharing_record(
            by=family_worker.user,
            family=smith_family,
            decision=SharingDecision.NOT_SHARED,
            recipient=gp,
            sections=["plan"],
            purpose="x",
            art6_basis="6_1_a",
            consent_position="",
            reason_not_shared="x",
            statutory_basis="ca2004_s16la",
        )
    assert refused.value.field_errors["art6_basis"] == [actions.DUTY_NEEDS_BASIS]
    assert refused.value.field_errors["decision"] == [actions.DUTY_NOT_SHARED]


def test_without_the_duty_the_consent_position_is_still_asked(family_worker, smith_family, gp):
    with pytest.raises(errors.RuleViolation) as refused:
        actions.sharing_record(
            by=family_worker.user,
            family=smith_family,
            decision=SharingDecision.SHARED,
            recipient=gp,
            sections=["plan"],
            purpose="x",
            art6_basis="6_1_e",
            consent_position="",
        )
    assert "consent_position" in refused.value.field_errors


def test_the_page_says_why_consent_was_not_asked(client, family_worker, smith_family, gp):
    c = client_for(client, family_worker)
    form = c.get(reverse("sharing:sharing-new", args=[smith_family.pk])).content.decode()
    assert "you do not ask the family for consent, because the law requires the sharing" in form
    response = c.post(
        reverse("sharing:sharing-new", args=[smith_family.pk]),
        {
            "statutory_basis": "ca2004_s16la",
            "decision": "shared",
            "recipient": gp.pk,
            "sections": ["plan"],
            "purpose": "So the GP knows about the plan",
            "art6_basis": "6_1_e",
        },
    )
    assert response.status_code == 302
    page = c.get(reverse("sharing:family", args=[smith_family.pk])).content.decode()
    assert "Shared under the duty to share (Children Act 2004 section 16LA)" in page
    assert "Not asked: the law requires agencies to share" in page


# --- Recording a decision not to share ---------------------------------------------------------


def test_a_decision_not_to_share_is_recorded_audited_and_chronicled(
    health_visitor, smith_family, gp
):
    record = _record(health_visitor.user, smith_family, gp)
    assert record.agency == health_visitor.organisation
    assert record.decided_by == health_visitor.user
    assert record.status == "withheld"
    event = AuditEvent.objects.get(verb="share", object_type="sharing.nondisclosure")
    assert event.family_id == smith_family.pk
    assert event.person_id == smith_family.jaden.pk
    assert event.reason.startswith("Mum would stop engaging")
    assert event.changes["decision"] == "not_shared"
    assert event.changes["recipient"] == gp.name
    assert event.changes["recipient_role"] == "GP"
    assert event.changes["review_on"] == "2027-03-07"
    entry = smith_family.chronology.get(kind="non_disclosure")
    assert "more detrimental" not in entry.summary  # the reasoning stays on the record


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"detriment_reasoning": "  "}, "detriment_reasoning", nd_actions.DETRIMENT_NEEDED),
        ({"withheld": ""}, "withheld", nd_actions.WITHHELD_NEEDED),
        ({"recipient_role": ""}, "recipient_role", nd_actions.RECIPIENT_ROLE_NEEDED),
        ({"sections": []}, "sections", nd_actions.SECTIONS_NEEDED),
        ({"review_on": None}, "review_on", nd_actions.REVIEW_ON_NEEDED),
        ({"review_on": TODAY}, "review_on", nd_actions.REVIEW_ON_FUTURE),
        ({"review_on": TODAY + dt.timedelta(days=400)}, "review_on", nd_actions.REVIEW_ON_TOO_LATE),
    ],
)
def test_a_decision_not_to_share_needs_all_of_it(
    health_visitor, smith_family, gp, overrides, field, message
):
    with pytest.raises(errors.RuleViolation) as refused:
        _record(health_visitor.user, smith_family, gp, **overrides)
    assert refused.value.field_errors[field] == [message]
    assert not NonDisclosure.objects.exists()


def test_the_child_must_be_a_child_of_the_family(health_visitor, smith_family, gp):
    with pytest.raises(errors.RuleViolation) as refused:
        _record(health_visitor.user, smith_family, gp, child=smith_family.kelly)
    assert refused.value.field_errors["child"] == [nd_actions.CHILD_NEEDED]


def test_someone_not_working_with_the_family_cannot_record_one(stranger, smith_family, gp):
    with pytest.raises(errors.NotPermitted):
        _record(stranger.user, smith_family, gp)


# --- Who sees it -----------------------------------------------------------------------------


def test_ig_sees_every_one_the_recipient_agency_never(
    client, health_visitor, smith_family, other_family, stranger, ig_officer, school_dsl
):
    school = school_dsl.organisation
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    mine = _record(health_visitor.user, smith_family, school, recipient_role="DSL")
    child = other_family.memberships.get().person
    other_family.jaden = child
    theirs = _record(stranger.user, other_family, school, recipient_role="DSL")
    assert set(nd_queries.visible_non_disclosures(ig_officer.user)) == {mine, theirs}
    assert list(nd_queries.visible_non_disclosures(health_visitor.user)) == [mine]
    assert list(nd_queries.visible_non_disclosures(school_dsl.user)) == []
    # the school works with the family, but the decision was about what to withhold from it
    url = reverse("sharing:non-disclosure", args=[mine.pk])
    assert client_for(client, school_dsl).get(url).status_code == 404
    assert client_for(client, ig_officer).get(url).status_code == 200
    assert AuditEvent.objects.filter(verb="view", object_type="sharing.nondisclosure").exists()


def test_ig_list_filters_and_is_audited(client, health_visitor, smith_family, gp, ig_officer):
    _record(health_visitor.user, smith_family, gp)
    other = OrganisationFactory(name="Demo Housing", org_type=OrganisationType.HOUSING)
    _record(health_visitor.user, smith_family, other, recipient_role="Housing officer")
    c = client_for(client, ig_officer)
    url = reverse("sharing:non-disclosures")
    text = c.get(url).content.decode()
    assert "2 decisions" in text
    assert "Demo GP Surgery" in text
    assert "Demo Housing" in text
    filtered = c.get(url, {"recipient": other.pk}).content.decode()
    assert "1 decision," in filtered
    assert "Housing officer" in filtered
    assert "Demo GP Surgery</td>" not in filtered
    event = AuditEvent.objects.filter(verb="list").order_by("pk").last()
    assert event.changes["filters"] == {"recipient": str(other.pk)}
    assert "2 decisions" not in c.get(url, {"review": "overdue"}).content.decode()


def test_ig_home_links_to_the_list(client, ig_officer):
    text = client_for(client, ig_officer).get(reverse("web:home")).content.decode()
    assert reverse("sharing:non-disclosures") in text
    assert reverse("sharing:non-disclosure-counts") in text
    assert reverse("ig:identifier-gaps") in text


# --- Counts for the partnership --------------------------------------------------------------


def test_partnership_counts_by_agency_suppress_small_numbers(
    client, health_visitor, smith_family, gp, family_worker, manager, ig_officer
):
    for _ in range(6):
        _record(health_visitor.user, smith_family, gp)
    _record(family_worker.user, smith_family, gp)
    counts = nd_queries.partnership_counts(
        ig_officer.user, period_from=dt.date(2026, 4, 1), period_to=TODAY
    )
    by_agency = {r.agency: r.decisions for r in counts.rows}
    # one small cell beside a total would be recoverable: the next smallest is withheld too
    assert by_agency == {
        "Demo Health Visiting": "withheld",
        family_worker.organisation.name: FEWER_THAN,
    }
    assert counts.total == 7
    for _ in range(5):
        _record(family_worker.user, smith_family, gp)
    counts = nd_queries.partnership_counts(
        ig_officer.user, period_from=dt.date(2026, 4, 1), period_to=TODAY
    )
    assert {r.agency: r.decisions for r in counts.rows} == {
        "Demo Health Visiting": "6",
        family_worker.organisation.name: "6",
    }
    text = client_for(client, manager).get(reverse("sharing:non-disclosure-counts")).content
    text = re.sub(r"\s+", " ", text.decode())
    assert "fewer than 5" in text
    assert "Mum's disclosure" not in text  # counts only, nothing of what was withheld
    assert AuditEvent.objects.filter(
        verb="list", changes__list="decisions not to share: partnership counts"
    ).exists()


def test_partnership_counts_open_on_the_year_to_date_shown_in_the_date_boxes(client, manager):
    page = client_for(client, manager).get(reverse("sharing:non-disclosure-counts"))
    html = page.content.decode()
    boxes = dict(re.findall(r'name="(period_(?:from|to)_\d)"[^>]*value="(\d+)"', html))
    first = dt.date(TODAY.year - (1 if TODAY.month < 4 else 0), 4, 1)
    assert boxes == {
        "period_from_0": str(first.day),
        "period_from_1": str(first.month),
        "period_from_2": str(first.year),
        "period_to_0": str(TODAY.day),
        "period_to_1": str(TODAY.month),
        "period_to_2": str(TODAY.year),
    }


# --- Review ----------------------------------------------------------------------------------


def test_review_keep_then_share(client, health_visitor, smith_family, gp):
    record = _record(health_visitor.user, smith_family, gp)
    with pytest.raises(errors.RuleViolation) as refused:
        nd_actions.non_disclosure_review(
            by=health_visitor.user, record=record, expected_version=1, outcome="keep", note="x"
        )
    assert refused.value.field_errors["next_review_on"] == [nd_actions.NEXT_REVIEW_NEEDED]
    nd_actions.non_disclosure_review(
        by=health_visitor.user,
        record=record,
        expected_version=1,
        outcome="keep",
        note="Mum is still in crisis",
        next_review_on=TODAY + dt.timedelta(days=30),
    )
    record.refresh_from_db()
    assert (record.status, record.review_on, record.version) == (
        "withheld",
        TODAY + dt.timedelta(days=30),
        2,
    )
    with pytest.raises(errors.StaleVersion):
        nd_actions.non_disclosure_review(
            by=health_visitor.user, record=record, expected_version=1, outcome="share", note="y"
        )
    c = client_for(client, health_visitor)
    response = c.post(
        reverse("sharing:non-disclosure", args=[record.pk]),
        {"outcome": "share", "note": "Mum agrees the GP should know", "version": "2"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "shared"
    assert record.reviews.count() == 2
    event = (
        AuditEvent.objects.filter(verb="update", object_type="sharing.nondisclosure")
        .order_by("pk")
        .last()
    )
    assert event.changes["status"] == ["withheld", "shared"]


def test_only_the_deciding_agency_or_ig_reviews(
    client, health_visitor, smith_family, gp, family_worker
):
    record = _record(health_visitor.user, smith_family, gp)
    with pytest.raises(errors.NotPermitted):
        nd_actions.non_disclosure_review(
            by=family_worker.user,
            record=record,
            expected_version=1,
            outcome="close",
            note="x",
        )
    c = client_for(client, family_worker)
    url = reverse("sharing:non-disclosure", args=[record.pk])
    assert c.get(url).status_code == 200  # sees it (works with the family)
    assert "Review this decision" not in c.get(url).content.decode()
    assert c.post(url, {"outcome": "close", "note": "x", "version": "1"}).status_code == 404


def test_form_keeps_what_was_typed_on_error(client, health_visitor, smith_family, gp):
    c = client_for(client, health_visitor)
    response = c.post(
        reverse("sharing:non-disclosure-new", args=[smith_family.pk]),
        {
            "child": smith_family.jaden.pk,
            "recipient": gp.pk,
            "recipient_role": "GP",
            "sections": ["adult_needs"],
            "withheld": "Mum's crisis",
            "detriment_reasoning": "",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "Explain why sharing would be more detrimental to the child" in text
    assert "Mum&#x27;s crisis" in text
    assert not NonDisclosure.objects.exists()

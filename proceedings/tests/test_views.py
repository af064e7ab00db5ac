"""The pre-proceedings pages through the client: the record page (the family's plan shown as
their words; network contact details only for the allocated worker and their managers), the
forms' errors in the GOV.UK summary, and the letter before proceedings as a PDF with the FGDM
offer in it, its download audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from proceedings import actions
from tests.pdf_text import pdf_text

from .test_actions import meeting, offer

D = dt.date


def signed_in(client, practitioner):
    client.force_login(practitioner.user)
    session = client.session
    from access import reauth

    session[reauth.SESSION_KEY] = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC).timestamp()
    session.save()
    return client


@pytest.fixture
def with_network(begun, social_worker, hill):
    offer(social_worker, begun, hill.rose, D(2026, 9, 10), "accepted", D(2026, 9, 14))
    offer(social_worker, begun, hill.tom, D(2026, 9, 10), "refused", D(2026, 9, 15))
    june = actions.network_member_add(
        by=social_worker.user, proceedings=begun, name="June Hill", kind="relative",
        relationship="Maternal grandmother", phone="07700 900123",
    )  # fmt: skip
    meeting(
        social_worker, begun, "fgdm", D(2026, 10, 1), family_attended=[hill.rose],
        network_attended=[june], family_plan="Nan June <b>will</b> have Mia after school.",
    )  # fmt: skip
    return begun


def test_the_record_page_shows_the_familys_plan_as_their_words(client, with_network, social_worker):
    page = signed_in(client, social_worker).get(
        reverse("proceedings:detail", args=[with_network.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "The family's plan, in their words" in html
    assert "Nan June &lt;b&gt;will&lt;/b&gt; have Mia after school." in html  # escaped, unedited
    assert "Accepted" in html
    assert "Refused" in html
    assert "07700 900123" in html
    assert AuditEvent.objects.filter(verb="view", object_type="proceedings.preproceedings").exists()


def test_network_contacts_are_for_the_allocated_worker_and_managers_only(
    client, with_network, team_manager, colleague
):
    url = reverse("proceedings:detail", args=[with_network.pk])
    assert "07700 900123" in signed_in(client, team_manager).get(url).content.decode()
    page = signed_in(client, colleague).get(url).content.decode()
    assert "June Hill" in page
    assert "07700 900123" not in page
    assert "Contact details are seen only by the child's allocated worker" in page


def test_the_exception_form_without_a_rationale_shows_the_error(client, begun, social_worker):
    url = reverse("proceedings:exception", args=[begun.pk])
    page = signed_in(client, social_worker).post(
        url,
        {
            "rationale": "",
            "decided_by": "Pat Head",
            "decided_on_0": "8", "decided_on_1": "9", "decided_on_2": "2026",
            "version": begun.version,
        },
    )  # fmt: skip
    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert "Explain why offering or holding" in page.content.decode()


def test_the_letter_before_proceedings_carries_the_offer_and_its_download_is_audited(
    client, with_network, social_worker
):
    url = reverse("proceedings:letter", args=[with_network.pk])
    response = signed_in(client, social_worker).get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Letter before proceedings about Mia Hill" in text
    assert "family group decision-making meeting" in text
    assert "Rose Hill" in text
    assert "Tom Hill" in text
    assert "In the letter before proceedings" in text
    event = AuditEvent.objects.get(verb="export", object_type="proceedings.preproceedings")
    assert event.reason == "letter before proceedings PDF"


def test_a_family_worker_on_the_family_sees_the_record_but_gets_404_on_the_forms(
    client, begun, family_worker
):
    from organisations.factories import InvolvementFactory

    InvolvementFactory(family=begun.family, practitioner=family_worker, started_on=D(2020, 1, 1))
    detail = reverse("proceedings:detail", args=[begun.pk])
    assert signed_in(client, family_worker).get(detail).status_code == 200
    for name in ("offer-add", "exception", "meeting-add", "timeline", "letter"):
        url = reverse(f"proceedings:{name}", args=[begun.pk])
        assert signed_in(client, family_worker).get(url).status_code == 404, name


def test_an_offer_waiting_for_its_answer_is_answered_once(client, begun, social_worker, hill):
    waiting = offer(social_worker, begun, hill.rose, D(2026, 9, 10))
    url = reverse("proceedings:offer-answer", args=[waiting.pk])
    c = signed_in(client, social_worker)
    assert (
        "Record the answer"
        in c.get(reverse("proceedings:detail", args=[begun.pk])).content.decode()
    )
    refused = c.post(url, {"response": "accepted"})
    assert "Enter when they answered" in refused.content.decode()
    done = c.post(
        url,
        {"response": "accepted", "responded_on_0": "14", "responded_on_1": "9",
         "responded_on_2": "2026"},
    )  # fmt: skip
    assert done.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.response, waiting.responded_on) == ("accepted", D(2026, 9, 14))
    assert c.get(url).status_code == 404  # answered: nothing more to record

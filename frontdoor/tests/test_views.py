"""Front-door pages through the Django test client: the three-screen concern with its draft,
errors that keep what was typed, 404 for the unrelated, the queue, the contact page with the
known-family check, decisions, sign-off, disagreements, early warnings and the figures."""

import html
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from frontdoor import actions
from frontdoor import messages as msg
from frontdoor.models import Concern, ConcernStatus, Contact, ContactStatus, SignOff

from .helpers import WORRIES, contact_from, decide, draft_concern, screened

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _value(response, name: str) -> str | None:
    page = response.content.decode()
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if not tag:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def _who_post(**extra):
    data = {
        "new-TOTAL_FORMS": "2",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "8",
        "action": "continue",
    }
    data.update(extra)
    return data


WHAT = {
    "worries": WORRIES,
    "indicators": ["parenting-basic-care"],
    "immediate_risk": "no",
    "wants": "referral",
    "consent": "given",
    "consent_reason": "",
    "referrer_view": "",
    "action": "send",
}


# --- Raising a concern ----------------------------------------------------------------------------


def test_a_concern_in_three_screens(client, dsl_involved, smith_family):
    """Who; what, with who was chosen shown and changeable, sent from the same screen; what
    happened. There is no separate check page any more (issue 17 item 6)."""
    c = client_for(client, dsl_involved)
    screen1 = c.get(reverse("frontdoor:concern-new"))
    assert screen1.status_code == 200
    assert "Smith family" in _text(screen1)
    assert "phone the front door now" in _text(screen1)
    r = c.post(
        reverse("frontdoor:concern-new"),
        _who_post(people=[f"{smith_family.pk}:{smith_family.jaden.pk}"]),
    )
    concern = Concern.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("frontdoor:concern-what", args=[concern.pk])
    screen2 = _text(c.get(r.url))
    assert "Which of these apply?" in screen2
    assert "step 2 of 2" in screen2
    assert "Jaden Smith" in screen2  # who was chosen, on the last step
    who = reverse("frontdoor:concern-who", args=[concern.pk])
    assert f'href="{who}">Change<span class="govuk-visually-hidden"> who you are' in screen2
    assert "Send concern" in screen2
    r = c.post(r.url, {**WHAT, "version": Concern.objects.get().version, "concern": concern.pk})
    assert r.url == reverse("frontdoor:concern", args=[concern.pk])
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SENT
    assert concern.worries == WORRIES
    page = _text(c.get(r.url))
    assert "Received by the front door" in page
    assert "sent to the front door" in page


def test_sending_with_no_one_chosen_links_back_to_screen_one(client, dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[])
    c = client_for(client, dsl_involved)
    url = reverse("frontdoor:concern-what", args=[concern.pk])
    r = c.post(url, {**WHAT, "version": concern.version, "concern": concern.pk})
    assert r.status_code == 200
    who = reverse("frontdoor:concern-who", args=[concern.pk])
    assert f'href="{who}#id_people"' in r.content.decode()
    assert WORRIES in _text(r)  # what was typed is kept (and saved)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DRAFT
    assert concern.worries == WORRIES


def test_screen_one_errors_keep_what_was_typed(client, school_dsl):
    c = client_for(client, school_dsl)
    r = c.post(
        reverse("frontdoor:concern-new"),
        _who_post(
            other="on",
            **{
                "new-0-given_name": "",
                "new-0-family_name": "",
                "new-0-date_of_birth_0": "1",
                "new-0-date_of_birth_1": "1",
                "new-0-date_of_birth_2": "2015",
                "new-1-given_name": "Ruby",
                "new-1-family_name": "Cole",
                "new-1-date_of_birth_0": "40",
                "new-1-date_of_birth_1": "2",
                "new-1-date_of_birth_2": "2019",
            },
        ),
    )
    assert r.status_code == 200
    page = _text(r)
    assert "There is a problem" in page
    assert f"Person 1: {msg.NEW_PERSON_NAME}" in page
    assert "Person 2: Date of birth must be a real date" in page
    assert _value(r, "new-1-given_name") == "Ruby"
    assert _value(r, "new-1-date_of_birth_0") == "40"
    assert r.context["form"].data["concern"]  # the draft was kept, with what was valid
    concern = Concern.objects.get()
    assert [p.given_name for p in concern.people.all()] == ["", "Ruby"]


def test_nothing_chosen_is_an_error(client, dsl_involved):
    c = client_for(client, dsl_involved)
    r = c.post(reverse("frontdoor:concern-new"), _who_post())
    assert r.status_code == 200
    assert msg.WHO_REQUIRED in _text(r)
    assert 'href="#id_people"' in r.content.decode()


def test_screen_two_errors_keep_what_was_typed(client, dsl_involved, smith_family):
    concern = draft_concern(
        dsl_involved.user,
        family=smith_family,
        people=[smith_family.jaden],
        worries="",
        wants="",
        consent="",
        immediate_risk=None,
    )
    c = client_for(client, dsl_involved)
    url = reverse("frontdoor:concern-what", args=[concern.pk])
    r = c.post(
        url,
        {
            "worries": "Bruises again",
            "consent": "not_sought",
            "version": concern.version,
            "concern": concern.pk,
            "action": "send",
        },
    )
    assert r.status_code == 200
    page = _text(r)
    for message in (msg.RISK_REQUIRED, msg.WANTS_REQUIRED, msg.CONSENT_REASON_NOT_SOUGHT):
        assert message in page
    assert "Bruises again" in page
    assert _value(r, "version") == str(Concern.objects.get().version)
    assert Concern.objects.get().worries == "Bruises again"  # saved even though incomplete


def test_immediate_risk_says_plainly_to_phone(client, dsl_involved, smith_family):
    concern = draft_concern(
        dsl_involved.user, family=smith_family, people=[smith_family.jaden], immediate_risk=True
    )
    c = client_for(client, dsl_involved)
    page = _text(c.get(reverse("frontdoor:concern-what", args=[concern.pk])))
    assert "phone the front door now on 020 7946 0100" in page
    assert "phone the police on 999" in page


def test_save_and_come_back_later(client, dsl_involved, smith_family):
    c = client_for(client, dsl_involved)
    r = c.post(
        reverse("frontdoor:concern-new"),
        _who_post(people=[f"{smith_family.pk}:{smith_family.kelly.pk}"], action="save"),
    )
    assert r.url == reverse("frontdoor:referred")
    listing = _text(c.get(r.url))
    assert "Drafts not sent yet" in listing
    assert "Smith family" in listing


def test_autosave_keeps_typing_and_returns_the_new_version(client, dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    c = client_for(client, dsl_involved)
    r = c.post(
        reverse("frontdoor:concern-autosave"),
        {
            "step": "what",
            "concern": concern.pk,
            "version": concern.version,
            "worries": "Typed, not yet submitted",
        },
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    concern.refresh_from_db()
    assert concern.worries == "Typed, not yet submitted"
    assert f'value="{concern.version}" id="id_version" hx-swap-oob="true"' in r.content.decode()
    assert "Draft saved at" in _text(r)
    stale = c.post(
        reverse("frontdoor:concern-autosave"),
        {"step": "what", "concern": concern.pk, "version": concern.version - 1, "worries": "x"},
    )
    assert msg.STALE_CONCERN in _text(stale)
    assert Concern.objects.get().worries == "Typed, not yet submitted"


def test_autosave_on_screen_one_starts_the_draft(client, dsl_involved, smith_family):
    c = client_for(client, dsl_involved)
    empty = c.post(reverse("frontdoor:concern-autosave"), _who_post(step="who"))
    assert empty.status_code == 200
    assert not Concern.objects.exists()
    r = c.post(
        reverse("frontdoor:concern-autosave"),
        _who_post(step="who", people=[f"{smith_family.pk}:{smith_family.jaden.pk}"]),
    )
    concern = Concern.objects.get()
    assert f'name="concern" value="{concern.pk}"' in r.content.decode()


def test_double_submit_sends_once(client, dsl_involved, smith_family):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    c = client_for(client, dsl_involved)
    url = reverse("frontdoor:concern-what", args=[concern.pk])
    data = {**WHAT, "concern": concern.pk, "version": concern.version}
    first = c.post(url, data)
    second = c.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Contact.objects.filter(concern=concern).count() == 1


def test_someone_elses_concern_is_not_found(client, dsl_involved, smith_family, stranger):
    concern = draft_concern(dsl_involved.user, family=smith_family, people=[smith_family.jaden])
    c = client_for(client, stranger)
    for name in ("concern", "concern-who", "concern-what"):
        assert c.get(reverse(f"frontdoor:{name}", args=[concern.pk])).status_code == 404
    assert (
        c.post(
            reverse("frontdoor:concern-autosave"), {"step": "what", "concern": concern.pk}
        ).status_code
        == 404
    )
    assert c.get(reverse("frontdoor:concern", args=[999999])).status_code == 404


def test_referrer_sees_outcome_not_the_record(client, dsl_involved, smith_family, fd_worker):
    contact = screened(
        contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden]),
        fd_worker,
    )
    decide(contact, fd_worker.user, level=1, outcome="nfa", feedback_to_referrer="Keep watching.")
    c = client_for(client, dsl_involved)
    listing = _text(c.get(reverse("frontdoor:referred")))
    assert "Decided" in listing
    assert "No further action" in listing
    page = _text(c.get(reverse("frontdoor:concern", args=[contact.concern_id])))
    assert "Keep watching." in page
    assert "I disagree with this decision" in page
    assert "Basic care needs not met" not in page  # the internal rationale stays inside
    assert c.get(reverse("frontdoor:contact", args=[contact.pk])).status_code == 404


# --- The front door ------------------------------------------------------------------------------


@pytest.fixture
def contact(dsl_involved, smith_family, fd_worker, fd_manager, locality_teams):
    return contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden])


def test_queue_lists_contacts_with_the_clock(
    client, contact, fd_worker, django_assert_max_num_queries
):
    c = client_for(client, fd_worker)
    with django_assert_max_num_queries(30):
        r = c.get(reverse("frontdoor:queue"))
    page = _text(r)
    assert contact.reference in page
    assert "Due by" in page
    assert "Not rated" in page
    assert AuditEvent.objects.filter(verb="list", changes__list="front door queue").exists()
    filtered = _text(c.get(reverse("frontdoor:queue"), {"urgency": "urgent"}))
    assert contact.reference not in filtered
    assert contact.reference in _text(c.get(reverse("frontdoor:queue"), {"sort": "-received"}))


def test_queue_is_not_found_for_partners(client, contact, dsl_involved, family_worker):
    for p in (dsl_involved, family_worker):
        assert client_for(client, p).get(reverse("frontdoor:queue")).status_code == 404


def test_contact_page_shows_the_known_family_check(client, contact, fd_worker, smith_family):
    c = client_for(client, fd_worker)
    r = c.get(reverse("frontdoor:contact", args=[contact.pk]))
    page = _text(r)
    assert "Known-family check" in page
    assert "Kelly Smith" in page
    assert "Fola Worker" in page  # who is involved now
    assert AuditEvent.objects.filter(
        verb="view", object_type="frontdoor.contact", family_id=smith_family.pk
    ).exists()
    assert AuditEvent.objects.filter(verb="search", reason__contains="known-family").exists()


def test_contact_is_not_found_for_the_unrelated(client, contact, stranger, family_worker):
    for p in (stranger, family_worker):
        c = client_for(client, p)
        assert c.get(reverse("frontdoor:contact", args=[contact.pk])).status_code == 404
        assert c.post(reverse("frontdoor:contact-screen", args=[contact.pk])).status_code == 404
        assert c.get(reverse("frontdoor:contact-decide", args=[contact.pk])).status_code == 404


def test_screen_then_decide_without_rationale_keeps_input(client, contact, fd_worker):
    c = client_for(client, fd_worker)
    r = c.post(
        reverse("frontdoor:contact-screen", args=[contact.pk]),
        {"version": contact.version, "rag": "amber"},
    )
    assert r.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING
    url = reverse("frontdoor:contact-decide", args=[contact.pk])
    assert "Record the decision" in _text(c.get(url))
    r = c.post(
        url,
        {
            "version": contact.version,
            "level": "3",
            "outcome": "csc_referral",
            "rationale": "",
            "feedback_to_referrer": "We will assess.",
            "referral_source": "2A",
            "primary_need": "",
            "locality": "North",
        },
    )
    assert r.status_code == 200
    page = _text(r)
    assert msg.RATIONALE_REQUIRED in page
    assert msg.NEED_REQUIRED in page
    assert "We will assess." in page
    assert not contact.decisions.exists()


def test_decide_and_sign_off_through_the_pages(client, contact, fd_worker, fd_manager):
    screened(contact, fd_worker)
    contact.refresh_from_db()
    c = client_for(client, fd_worker)
    r = c.post(
        reverse("frontdoor:contact-decide", args=[contact.pk]),
        {
            "version": contact.version,
            "level": "2",
            "outcome": "early_help",
            "indicators": ["parenting-basic-care"],
            "rationale": "Needs help with routines.",
            "feedback_to_referrer": "Early help will call the family.",
            "referral_source": "2A",
            "primary_need": "N4",
            "locality": "North",
        },
    )
    assert r.status_code == 302
    decision = contact.decisions.get()
    assert decision.sign_off == SignOff.PENDING
    sign_off_url = reverse("frontdoor:decision-sign-off", args=[decision.pk])
    assert c.get(sign_off_url).status_code == 404  # not for the practitioner
    m = client_for(client, fd_manager)
    assert "Sign off the decision" in _text(m.get(reverse("frontdoor:contact", args=[contact.pk])))
    r = m.post(sign_off_url, {"version": decision.version, "agree": "yes"})
    assert r.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED


def test_dissent_pages(client, contact, fd_worker, fd_manager, dsl_involved):
    screened(contact, fd_worker)
    decision = decide(contact, fd_worker.user, level=1, outcome="nfa")
    c = client_for(client, dsl_involved)
    url = reverse("frontdoor:dissent-raise", args=[decision.pk])
    r = c.post(url, {"reason": ""})
    assert msg.DISSENT_REASON_REQUIRED in _text(r)
    r = c.post(url, {"reason": "He told us more today."})
    assert r.status_code == 302
    dissent = decision.dissents.get()
    m = client_for(client, fd_manager)
    assert "He told us more today." in _text(m.get(reverse("frontdoor:dissents")))
    r = m.post(
        reverse("frontdoor:dissent", args=[dissent.pk]),
        {"version": dissent.version, "resolution": "stands", "resolution_note": ""},
    )
    assert msg.RESOLUTION_NOTE_REQUIRED in _text(r)
    r = m.post(
        reverse("frontdoor:dissent", args=[dissent.pk]),
        {"version": dissent.version, "resolution": "stands", "resolution_note": "Explained."},
    )
    assert r.status_code == 302
    assert (
        client_for(client, fd_worker)
        .post(
            reverse("frontdoor:dissent", args=[dissent.pk]),
            {"version": dissent.version, "resolution": "stands", "resolution_note": "x"},
        )
        .status_code
        == 404
    )


def test_info_request_page_for_the_agency(client, contact, fd_worker, health_visitor, stranger):
    screened(contact, fd_worker)
    contact.refresh_from_db()
    request = actions.info_request_send(
        by=fd_worker.user,
        contact=contact,
        expected_version=contact.version,
        organisation=health_visitor.organisation,
        question="When did you last visit?",
    )
    url = reverse("frontdoor:info-request", args=[request.pk])
    assert client_for(client, stranger).get(url).status_code == 404
    c = client_for(client, health_visitor)
    page = _text(c.get(url))
    assert "When did you last visit?" in page
    assert "Jaden Smith" in page
    assert "Kelly" not in page  # only the people the contact names
    r = c.post(url, {"version": request.version, "answer": ""})
    assert msg.INFO_ANSWER_REQUIRED in _text(r)
    assert c.post(url, {"version": request.version, "answer": "Last week."}).status_code == 302


def test_consultation_pages(client, health_visitor, embedded_sw, stranger):
    c = client_for(client, health_visitor)
    r = c.post(reverse("frontdoor:consultation-new"), {"slot": "request", "question": ""})
    page = _text(r)
    for message in (
        msg.SOCIAL_WORKER_REQUIRED,
        msg.MODE_REQUIRED,
        msg.ANONYMOUS_REQUIRED,
        msg.QUESTION_REQUIRED,
    ):
        assert message in page
    r = c.post(
        reverse("frontdoor:consultation-new"),
        {
            "slot": "request",
            "social_worker": str(embedded_sw.pk),
            "mode": "phone",
            "named": "no",
            "household": "Mum and a baby",
            "question": "Mum is low",
        },
    )
    assert r.status_code == 302
    consultation = embedded_sw.consultations.get()
    url = reverse("frontdoor:consultation", args=[consultation.pk])
    assert client_for(client, stranger).get(url).status_code == 404
    sw = client_for(client, embedded_sw)
    assert "Record the conversation and outcome" in _text(sw.get(url))
    assert "Consultations with you" in _text(sw.get(reverse("frontdoor:consultations")))


def test_early_warning_and_metrics_pages(client, manager, fd_manager, stranger, contact):
    assert client_for(client, stranger).get(reverse("frontdoor:early-warnings")).status_code == 404
    assert "Joined-up early warnings" in _text(
        client_for(client, manager).get(reverse("frontdoor:early-warnings"))
    )
    r = client_for(client, fd_manager).get(reverse("frontdoor:metrics"))
    assert "Contacts decided within one working day" in _text(r)
    html = r.content.decode()  # the figures drawn too (issue 17), each chart with its table
    assert html.count('role="img"') == 2
    assert '<title id="measures-title">Front door measures</title>' in html
    assert "Measures as a table" in html
    assert client_for(client, stranger).get(reverse("frontdoor:metrics")).status_code == 404
    bad = client_for(client, fd_manager).get(
        reverse("frontdoor:metrics"),
        {
            "start_0": "1",
            "start_1": "1",
            "start_2": "2026",
            "end_0": "1",
            "end_1": "1",
            "end_2": "2025",
        },
    )
    assert "‘To’ must be the same as or after ‘From’" in _text(bad)


def test_embedded_social_worker_publishes_a_time(client, embedded_sw, health_visitor):
    import time_machine

    from .conftest import at

    url = reverse("frontdoor:slot-new")
    assert client_for(client, health_visitor).get(url).status_code == 404
    c = client_for(client, embedded_sw)
    with time_machine.travel(at(2026, 11, 23, 9, 0), tick=False):
        bad = c.post(
            url,
            {
                "starts_on_0": "24",
                "starts_on_1": "11",
                "starts_on_2": "2026",
                "starts_at": "11:00",
                "ends_at": "10:30",
                "modes": ["phone"],
            },
        )
        assert msg.SLOT_END_BEFORE_START in _text(bad)
        assert _value(bad, "starts_at") == "11:00"
        ok = c.post(
            url,
            {
                "starts_on_0": "24",
                "starts_on_1": "11",
                "starts_on_2": "2026",
                "starts_at": "10:00",
                "ends_at": "10:30",
                "modes": ["phone", "online"],
                "location": "",
            },
        )
        assert ok.status_code == 302
        page = _text(c.get(reverse("frontdoor:consultations")))
    assert "Tue 24 Nov, 10am to 10:30am" in page


def test_a_stale_screening_shows_the_latest_version(client, contact, fd_worker):
    c = client_for(client, fd_worker)
    old = contact.version
    screened(contact, fd_worker)
    r = c.post(reverse("frontdoor:contact-screen", args=[contact.pk]), {"version": old})
    assert r.status_code == 200
    page = _text(r)
    assert msg.STALE_CONTACT in page
    assert "There is a problem" in page
    assert "Record the decision" in page  # the latest state: already being screened

"""casework views through the Django test client: pages, htmx partials, errors kept with the
user's input, 404 for unrelated families, and the stale-version conflict that loses nothing."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from casework import actions
from casework.models import Absence, CaseNote, Episode, FamilyPlan, Meeting
from casework.tests.conftest import build_episode
from conftest import client_for
from organisations.factories import InvolvementFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_family_page_shows_casework_sections(family_worker_client, smith_family):
    response = family_worker_client.get(reverse("people:family", args=[smith_family.pk]))
    assert response.status_code == 200
    text = _text(response)
    for heading in ("Who to contact", "Work with the family", "Case notes", "Family plan"):
        assert heading in text
    assert "020 7946 0999" in text  # the emergency duty team, from the out-of-hours data file


def test_partner_sees_lead_cover_and_out_of_hours_when_lead_is_away(
    client, smith_family, family_worker, colleague, school_dsl
):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
    )
    today = timezone.localdate()
    actions.absence_record(
        by=family_worker.user,
        practitioner=family_worker,
        kind="leave",
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
    )
    text = _text(
        client_for(client, school_dsl).get(reverse("people:family", args=[smith_family.pk]))
    )
    assert "Fola Worker is away (annual leave)" in text
    assert "Contact Cam Colleague, who is covering, instead." in text
    assert "Emergency Duty Team" in text
    assert "Change the lead practitioner" not in text  # a partner who is not the lead


def test_case_note_with_htmx_returns_the_partial(family_worker_client, smith_family):
    url = reverse("casework:note-add", args=[smith_family.pk])
    data = {
        "kind": "visit",
        **_date("occurred_on", timezone.localdate()),
        "seen": [smith_family.jaden.pk, smith_family.kelly.pk],
        "seen_alone": [smith_family.jaden.pk],
        "text": "Home visit. Jaden showed me his room.",
    }
    response = family_worker_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = _text(response)
    assert text.startswith('<div id="case-notes-section">')
    assert "Case note added." in text
    assert "Jaden showed me his room." in text
    note = CaseNote.objects.get()
    assert set(note.seen_alone.all()) == {smith_family.jaden}
    assert AuditEvent.objects.filter(verb="create", object_type="casework.casenote").exists()


def test_case_note_without_js_redirects_and_errors_keep_input(family_worker_client, smith_family):
    url = reverse("casework:note-add", args=[smith_family.pk])
    bad = {"kind": "", **_date("occurred_on", timezone.localdate()), "text": "Kept text"}
    response = family_worker_client.post(url, bad)
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "Choose the kind of contact" in text
    assert "Kept text" in text
    htmx = family_worker_client.post(url, bad, HTTP_HX_REQUEST="true")
    assert "Choose the kind of contact" in _text(htmx)
    assert "Kept text" in _text(htmx)
    good = family_worker_client.post(url, {**bad, "kind": "phone"})
    assert good.status_code == 302
    assert good["Location"].endswith("#case-notes")


def test_unrelated_family_pages_are_404(client, stranger, smith_family):
    c = client_for(client, stranger)
    episode = build_episode(smith_family, smith_family.jaden, "EH", "requested")
    for url in (
        reverse("casework:episode-open", args=[smith_family.pk, "EH"]),
        reverse("casework:episode", args=[episode.pk]),
        reverse("casework:note-add", args=[smith_family.pk]),
        reverse("casework:plan-edit", args=[smith_family.pk]),
        reverse("casework:lead", args=[smith_family.pk]),
        reverse("casework:chronology", args=[smith_family.pk]),
        reverse("casework:chronology-pdf", args=[smith_family.pk]),
        reverse("casework:meeting-add", args=[smith_family.pk]),
        reverse("casework:step-up-new", args=[smith_family.pk]),
        reverse("casework:episode", args=[999999]),
    ):
        assert c.get(url).status_code == 404, url


def test_cin_referral_form_shows_rule_messages_and_keeps_input(client, smith_family, social_worker):
    c = client_for(client, social_worker)
    url = reverse("casework:episode-open", args=[smith_family.pk, "CIN"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = c.post(
        url,
        {
            "children": [smith_family.jaden.pk],
            **_date("referral_date", tomorrow),
            "referral_source": "2A",
            "primary_need": "",
            "note": "From the school",
        },
    )
    text = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Referral date must be today or in the past" in text
    assert "From the school" in text
    assert not Episode.objects.exists()
    ok = c.post(
        url,
        {
            "children": [smith_family.jaden.pk],
            **_date("referral_date", timezone.localdate()),
            "referral_source": "2A",
            "primary_need": "N1",
        },
    )
    assert ok.status_code == 302
    episode = Episode.objects.get()
    assert episode.kind == "CIN"
    assert episode.clocks.count() == 1
    page = c.get(reverse("casework:episode", args=[episode.pk]))
    assert "Child and family assessment" in _text(page)
    # The history says each step and what the episode became in words, not the state codes.
    step = episode.transitions.get()
    assert step.to_state != step.state_label
    assert f"Open: {step.state_label}</h3>" in page.content.decode()
    assert f": {step.to_state}</h3>" not in page.content.decode()


def test_plan_conflict_shows_both_versions_and_keeps_text(
    client, smith_family, family_worker, colleague
):
    plan = actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Mornings calmer"}
    )
    url = reverse("casework:plan-edit", args=[smith_family.pk])
    first = client_for(client, family_worker)
    form = first.get(url)
    assert "Mornings calmer" in _text(form)
    actions.plan_update(
        by=colleague.user,
        plan=plan,
        expected_version=1,
        data={"family_words": "Mornings calmer and school every day"},
    )
    response = first.post(
        url,
        {
            "version": "1",
            "family_words": "Mornings calmer, Kelly's words",
            "worries": "Kelly's low mood",
            "working_well": "",
        },
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Someone else changed the family plan" in text
    assert "Mornings calmer and school every day" in text  # theirs
    assert (
        "Mornings calmer, Kelly&#x27;s words" in response.content.decode()
        or "Kelly's words" in text
    )
    assert 'name="version" value="2"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.family_words == "Mornings calmer and school every day"
    again = first.post(
        url,
        {
            "version": "2",
            "family_words": "Mornings calmer, Kelly's words",
            "worries": "Kelly's low mood",
            "working_well": "",
        },
    )
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 3
    assert plan.worries == "Kelly's low mood"


def test_meeting_scores_goals_and_sets_next_review(
    family_worker_client, smith_family, family_worker
):
    plan = actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Calmer"}
    )
    goal = actions.goal_add(
        by=family_worker.user, plan=plan, text="Jaden at school every day", baseline=3
    )
    response = family_worker_client.post(
        reverse("casework:meeting-add", args=[smith_family.pk]),
        {
            "kind": "taf_review",
            **_date("held_on", timezone.localdate()),
            "family_attended": [smith_family.kelly.pk],
            f"score_{goal.pk}": "7",
            "decisions": "Carry on",
            "action_text": "",
            "action_due_on_0": "",
            "action_due_on_1": "",
            "action_due_on_2": "",
        },
    )
    assert response.status_code == 302, _text(response)
    meeting = Meeting.objects.get()
    assert meeting.next_review_on == timezone.localdate() + dt.timedelta(weeks=8)
    page = _text(family_worker_client.get(reverse("casework:plan", args=[smith_family.pk])))
    assert "+4" in page


def test_chronology_filters_and_pdf_export_is_audited(
    family_worker_client, smith_family, family_worker
):
    actions.plan_create(by=family_worker.user, family=smith_family, data={"family_words": "Calmer"})
    url = reverse("casework:chronology", args=[smith_family.pk])
    text = _text(family_worker_client.get(url, {"group": "plan"}))
    assert "Family plan agreed" in text
    pdf_url = reverse("casework:chronology-pdf", args=[smith_family.pk])
    asked = family_worker_client.get(pdf_url, {"group": "plan"})
    assert asked["Location"].startswith("/sign-in/confirm/")  # exports ask for the password
    family_worker_client.post("/sign-in/confirm/", {"password": "correct-horse-battery"})
    pdf = family_worker_client.get(pdf_url, {"group": "plan"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(verb="export")
    assert event.family_id == smith_family.pk
    assert event.changes["filters"] == "Plan and goals"


def test_caseload_for_manager_lists_workers_and_unallocated(
    client, smith_family, manager, family_worker
):
    episode = build_episode(
        smith_family, smith_family.jaden, "EH", "requested", team=family_worker.team
    )
    c = client_for(client, manager)
    page = c.get(reverse("casework:caseload"))
    text = _text(page)
    assert "Fola Worker" in text
    assert "Unallocated work" in text
    html = page.content.decode()  # families per worker, drawn (issue 17), with its table
    assert '<title id="caseload-title">Families per worker</title>' in html
    desc = html.split('<desc id="caseload-desc">')[1].split("</desc>")[0]
    assert "Fola Worker: " in desc, desc
    assert "Your teams as a table" in html
    response = c.post(
        reverse("casework:episode-allocate", args=[episode.pk]), {"practitioner": family_worker.pk}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.allocated_to == family_worker


def _caseload_queries(c) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c.get(reverse("casework:caseload"))  # warm: what a process reads once
    with CaptureQueriesContext(connection) as captured:
        page = c.get(reverse("casework:caseload"))
    assert page.status_code == 200
    counted = [q for q in captured.captured_queries if "pg_advisory" not in q["sql"]]
    return len(counted), _text(page)


def test_manager_caseload_asks_the_same_queries_however_many_workers_are_away(
    client, manager, family_worker
):
    """Issue 16 (Load): each worker's absence today was one query per row of 'Your teams' (a
    manager over four teams: 63 queries); now one query finds them all."""
    from organisations.factories import PractitionerFactory

    today = timezone.localdate()

    def away(worker, days):
        Absence.objects.create(
            practitioner=worker,
            kind="leave",
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=days),
            recorded_by=manager.user,
        )

    away(family_worker, 3)
    c = client_for(client, manager)
    one, text = _caseload_queries(c)
    assert f"Annual leave until {(today + dt.timedelta(days=3)):%-d %b}" in text
    for n in range(5):
        worker = PractitionerFactory(
            user__full_name=f"Worker {n}",
            organisation=manager.organisation,
            team=manager.team,
        )
        away(worker, 10 + n)
        away(worker, 20 + n)  # two at once: the one ending first is shown, as on a contact
    more, text = _caseload_queries(c)
    assert more == one
    for n in range(5):
        ends = today + dt.timedelta(days=10 + n)
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert f"Worker {n} Annual leave until {ends:%-d %b}" in words


def test_manager_caseload_shows_a_page_of_overdue_and_unallocated_work_with_a_next_link(
    client, smith_family, manager, family_worker
):
    """Issue 16 (Load): the overdue and unallocated lists drew up to 200 rows each (a manager's
    page was 126 KB); now a page of 50 each with GOV.UK previous and next links, asked for
    without counting the whole list, so the page asks the same queries at 1 row or 60."""
    from casework.models import StatutoryClock
    from familyhub.paging import PAGE_SIZE

    today = timezone.localdate()
    held = build_episode(
        smith_family, smith_family.jaden, "EH", "allocated", allocated_to=family_worker,
        team=family_worker.team,
    )  # fmt: skip

    def overdue(n):
        StatutoryClock.objects.create(
            episode=held, family=smith_family, kind="eh_review", rules_version="t",
            starts_on=today - dt.timedelta(days=100), due_on=today - dt.timedelta(days=90 - n),
        )  # fmt: skip

    def unallocated():
        build_episode(smith_family, smith_family.jaden, "EH", "requested", team=manager.team)

    overdue(0)
    unallocated()
    c = client_for(client, manager)
    one, text = _caseload_queries(c)
    assert "Pages of overdue work" not in text
    for n in range(1, PAGE_SIZE + 10):
        overdue(n)
        unallocated()
    more, text = _caseload_queries(c)
    assert more == one
    html_ = c.get(reverse("casework:caseload")).content.decode()
    overdue_list = html_.split('id="overdue"')[1].split('id="outcome-checks"')[0]
    assert overdue_list.count("<li>") == PAGE_SIZE
    assert "Longest overdue first: 1 to 50" in overdue_list
    assert 'href="?overdue_page=2#overdue" rel="next"' in overdue_list
    unallocated_list = html_.split('id="unallocated"')[1].split('id="overdue"')[0]
    assert unallocated_list.count("<li>") == PAGE_SIZE
    assert 'href="?unallocated_page=2#unallocated" rel="next"' in unallocated_list
    # The second page of overdue work keeps the unallocated list's page in its links.
    second = c.get(reverse("casework:caseload") + "?overdue_page=2&unallocated_page=2")
    html_ = second.content.decode()
    overdue_list = html_.split('id="overdue"')[1].split('id="outcome-checks"')[0]
    assert overdue_list.count("<li>") == 10
    assert "Longest overdue first: 51 to 60" in overdue_list
    assert 'href="?unallocated_page=2&amp;overdue_page=1#overdue" rel="prev"' in overdue_list
    assert 'rel="next"' not in overdue_list
    first_due = (today - dt.timedelta(days=90 - 50)).strftime("%-d %b %Y")
    assert f"due {first_due}" in overdue_list  # soonest due first, as before, page by page
    event = AuditEvent.objects.filter(verb="list", changes__list="caseload").latest("pk")
    assert event.changes["overdue"] == 10
    assert event.changes["overdue_page"] == 2


def test_absence_page_records_and_cancels(family_worker_client, family_worker):
    today = timezone.localdate()
    response = family_worker_client.post(
        reverse("casework:absences"),
        {
            "practitioner": family_worker.pk,
            "kind": "sickness",
            **_date("starts_on", today),
            **_date("ends_on", today - dt.timedelta(days=1)),
        },
    )
    assert "The last day of absence must be on or after the first day" in _text(response)
    family_worker_client.post(
        reverse("casework:absences"),
        {
            "practitioner": family_worker.pk,
            "kind": "sickness",
            **_date("starts_on", today),
            **_date("ends_on", today),
        },
    )
    absence = Absence.objects.get()
    family_worker_client.post(reverse("casework:absence-cancel", args=[absence.pk]))
    absence.refresh_from_db()
    assert absence.cancelled_at is not None
    assert FamilyPlan.objects.count() == 0

"""Self-referral from the public hub page: no sign-in, the least personal data, the consent
wording kept; a hidden box and a limit per connection keep scripts out; the coordinator of the
hub matches the request to the register and enrols (after practitioners' referrals on the
waiting list) or declines with a reason; every step audited; others get 404."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import client_for
from hubs.models import Enrolment, SelfReferral
from people.models import ChronologyEntry
from tests.fixtures import fresh_rate_limits  # noqa: F401 (autouse: the public pages' limits)

pytestmark = pytest.mark.django_db

ASK = {
    "parent_name": "Kelly Smith",
    "phone": "07700 900123",
    "child_given_name": "Jaden",
    "child_family_name": "Smith",
    "child_date_of_birth_0": "7",
    "child_date_of_birth_1": "3",
    "child_date_of_birth_2": "2016",
    "postcode": "db1 2ab",
    "consent": "on",
}


def _ask(client, session, **changes):
    return client.post(f"/hubs/sessions/{session.pk}/ask/", {**ASK, **changes})


def test_a_parent_asks_without_signing_in_and_the_request_is_kept_with_its_consent(
    client, future_course, hub
):
    page = client.get(f"/hubs/{hub.pk}/")
    assert f"/hubs/sessions/{future_course.pk}/ask/" in page.content.decode()
    response = _ask(client, future_course)
    assert response.status_code == 302
    assert response["Location"] == f"/hubs/sessions/{future_course.pk}/asked/"
    referral = SelfReferral.objects.get()
    assert (referral.parent_name, referral.postcode, referral.status) == (
        "Kelly Smith",
        "DB1 2AB",
        "new",
    )
    assert "checks whether the hub already knows my family" in referral.consent_text
    event = AuditEvent.objects.get(object_type__icontains="selfreferral", verb="create")
    assert event.reason == "self-referral from the hub's public page"


def test_bad_input_is_explained_and_what_was_typed_is_kept(client, future_course):
    response = _ask(client, future_course, phone="", consent="", child_date_of_birth_1="13")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number or an email address" in html
    assert "Tick the box to say you agree" in html
    assert "must be a real date" in html
    assert 'value="Kelly Smith"' in html
    assert not SelfReferral.objects.exists()


def test_the_hidden_box_and_the_hourly_limit_keep_scripts_out(client, future_course):
    bot = _ask(client, future_course, website="http://spam.example")
    assert bot.status_code == 302  # thanked like anyone...
    assert not SelfReferral.objects.exists()  # ...and nothing kept
    for _ in range(4):
        assert _ask(client, future_course).status_code == 302
    assert SelfReferral.objects.count() == 4
    over = _ask(client, future_course)
    assert over.status_code == 429
    assert "cannot take another request just now" in over.content.decode()
    assert SelfReferral.objects.count() == 4
    other = client.post(f"/hubs/sessions/{future_course.pk}/ask/", ASK, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302  # the limit is per connection


def test_a_past_or_cancelled_session_takes_no_requests(client, course, future_course):
    assert client.get(f"/hubs/sessions/{course.pk}/ask/").status_code == 404  # all in the past
    future_course.cancelled_at = timezone.now()
    future_course.save()
    assert client.get(f"/hubs/sessions/{future_course.pk}/ask/").status_code == 404


def test_the_coordinator_matches_the_request_and_enrols_the_child_on_the_waiting_list(
    client, future_course, coordinator, smith_family, family_worker
):
    from hubs import actions
    from hubs.tests.conftest import make_family

    full = make_family("Amy", family_worker)
    actions.enrol(
        by=family_worker.user, session=future_course, family=full, person=full.parent
    )  # the one place
    _ask(client, future_course)
    referral = SelfReferral.objects.get()
    c = client_for(client, coordinator)
    queue = c.get("/self-referrals/")
    assert "Kelly Smith" in queue.content.decode()
    page = c.get(f"/self-referrals/{referral.pk}/")
    html = page.content.decode()
    assert "Already known?" in html
    assert f"{smith_family.pk}:{smith_family.kelly.pk}" in html
    assert AuditEvent.objects.filter(verb="search", reason__contains="self-referral").exists()
    choice = f"{smith_family.pk}:{smith_family.kelly.pk}"
    done = c.post(
        f"/self-referrals/{referral.pk}/", {"version": referral.version, "decision": choice}
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    enrolment = Enrolment.objects.get(person=smith_family.kelly)
    assert (referral.status, referral.enrolment, referral.family) == (
        "enrolled",
        enrolment,
        smith_family,
    )
    assert (enrolment.status, enrolment.priority) == ("waiting", 3)  # self-referral: last
    entry = ChronologyEntry.objects.get(family=smith_family, kind="session")
    assert "the family asked from the hub's page" in entry.summary
    again = c.post(f"/self-referrals/{referral.pk}/", {"version": 1, "decision": choice})
    assert again.status_code == 404  # decided once


def test_declining_needs_a_reason_and_a_stale_answer_is_refused(client, future_course, coordinator):
    _ask(client, future_course, parent_name="Zed Nobody", child_given_name="")
    referral = SelfReferral.objects.get()
    c = client_for(client, coordinator)
    page = c.get(f"/self-referrals/{referral.pk}/")
    assert "Nobody in the register fits this request" in page.content.decode()
    missing = c.post(f"/self-referrals/{referral.pk}/", {"version": 1, "decision": "decline"})
    assert "Say why the request is declined" in missing.content.decode()
    SelfReferral.objects.filter(pk=referral.pk).update(version=2)
    stale = c.post(
        f"/self-referrals/{referral.pk}/",
        {"version": 1, "decision": "decline", "reason": "Course is for parents of under 5s"},
    )
    assert "Someone else answered this request" in stale.content.decode()
    ok = c.post(
        f"/self-referrals/{referral.pk}/",
        {"version": 2, "decision": "decline", "reason": "Course is for parents of under 5s"},
    )
    assert ok.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == ("declined", "Course is for parents of under 5s")


def test_only_the_hubs_coordinators_see_the_requests(
    client, future_course, family_worker, stranger, early_help_org
):
    from organisations.factories import PractitionerFactory, TeamFactory
    from organisations.models import Role

    _ask(client, future_course)
    referral = SelfReferral.objects.get()
    elsewhere = PractitionerFactory(
        organisation=early_help_org,
        team=TeamFactory(organisation=early_help_org),
        role=Role.HUB_COORDINATOR,
    )
    for who in (family_worker, stranger, elsewhere):
        c = client_for(client, who)
        assert c.get(f"/self-referrals/{referral.pk}/").status_code == 404
        c.logout()
    assert client_for(client, elsewhere).get("/self-referrals/").context["rows"].count() == 0

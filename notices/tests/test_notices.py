import pytest

from audit.models import AuditEvent
from familyhub import errors
from notices import actions, queries


@pytest.mark.django_db
def test_notice_is_listed_for_its_recipient_only(client, family_worker, stranger):
    actions.notify(
        recipient=family_worker.user,
        subject="Your concern was decided",
        body="Early help",
        link="/",
    )
    assert queries.unread_count(family_worker.user) == 1
    assert queries.unread_count(stranger.user) == 0
    client.force_login(stranger.user)
    assert b"Your concern was decided" not in client.get("/notices/").content
    notice = queries.notices_for(family_worker.user).get()
    assert client.post(f"/notices/{notice.pk}/open/").status_code == 404
    client.force_login(family_worker.user)
    page = client.get("/notices/")
    assert b"Your concern was decided" in page.content
    assert client.post(f"/notices/{notice.pk}/open/").status_code == 302
    assert queries.unread_count(family_worker.user) == 0
    assert AuditEvent.objects.filter(object_type="notices.notice", verb="view").exists()


@pytest.mark.django_db
def test_notice_links_stay_inside_familyhub(family_worker, stranger):
    with pytest.raises(errors.RuleViolation):
        actions.notify(recipient=family_worker.user, subject="x", link="https://evil.example/")
    notice = actions.notify(recipient=family_worker.user, subject="x")
    with pytest.raises(errors.NotPermitted):
        actions.notice_mark_read(by=stranger.user, notice=notice)


@pytest.mark.django_db
def test_a_notice_about_a_record_opens_the_page_its_app_registered(client, family_worker):
    from familyhub import links
    from people.factories import FamilyFactory

    family = FamilyFactory()
    notice = actions.notify(recipient=family_worker.user, subject="x", link=links.ref(family))
    assert notice.link == f"record:people.family:{family.pk}"  # the action did not route
    client.force_login(family_worker.user)
    opened = client.post(f"/notices/{notice.pk}/open/")
    assert (opened.status_code, opened["Location"]) == (302, f"/families/{family.pk}/")

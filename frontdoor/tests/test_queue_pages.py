"""The front-door queue at a council's size (issue 16, "Load"): a page of 50 with GOV.UK
previous and next links, never counted whole, and the late-decision count only for the
managers who are shown it."""

import html

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from frontdoor.models import Contact

from .helpers import contact_from

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def contact(dsl_involved, smith_family, fd_worker, fd_manager, locality_teams):
    return contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden])


def _queue_queries(c, path="") -> tuple[list[str], str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c.get(reverse("frontdoor:queue") + path)  # warm
    with CaptureQueriesContext(connection) as captured:
        r = c.get(reverse("frontdoor:queue") + path)
    assert r.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries if "pg_advisory" not in q["sql"]]
    return sql, r.content.decode()


def _more_contacts(contact, n: int) -> None:
    """n copies of `contact`, each naming the same people."""
    people = list(contact.people.all())
    for i in range(n):
        more = Contact.objects.get(pk=contact.pk)
        more.pk, more.concern, more.reference = None, None, f"QX{i:05d}"
        more.save()
        for named in people:
            named.pk, named.contact = None, more
            named.save()


def test_queue_shows_a_page_of_fifty_with_a_next_link_and_counts_late_decisions_for_managers(
    client, contact, fd_worker, fd_manager
):
    """Issue 16 (Load): the queue drew up to 200 contacts (225 KB at the bench's 400 open) and
    counted every late decision ever made for everyone, although only a front-door manager is
    shown that figure (the front-door queue took 1.7 s at 20,000 families). Now a page of 50
    with GOV.UK previous and next links that keep the filters, the queue never counted whole,
    and the late decisions counted for managers only."""
    from familyhub.paging import PAGE_SIZE

    c = client_for(client, fd_worker)
    filtered = "?sort=-received&urgency=not_urgent"
    one, page = _queue_queries(c, filtered)
    assert "Pages of contacts" not in page
    assert not [q for q in one if '"decided_at" >' in q], "a late-decision count for a worker"
    _more_contacts(contact, PAGE_SIZE + 9)
    more, page = _queue_queries(c, filtered)
    assert len(more) == len(one), "\n".join(q[:150] for q in more)
    rows = page.split("<tbody")[1].split("</tbody>")[0]
    assert rows.count("<tr") == PAGE_SIZE
    assert "Contacts 1 to 50 open" in page
    assert 'href="?sort=-received&amp;urgency=not_urgent&amp;page=2" rel="next"' in page
    second = _text(c.get(reverse("frontdoor:queue"), {"sort": "-received", "page": "2"}))
    assert "Contacts 51 to 60 open" in second
    assert contact.reference in second  # received first: last when the newest come first
    event = AuditEvent.objects.filter(changes__list="front door queue").latest("pk")
    assert event.changes["count"] == 10
    assert event.changes["page"] == 2
    # A front-door manager still sees overdue or decided late in all, counted for them.
    manager_sql, page = _queue_queries(client_for(client, fd_manager))
    assert [q for q in manager_sql if '"decided_at" >' in q]
    assert "in all)" in page

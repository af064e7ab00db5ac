"""Each request asks each grant question once (Principal.remember): the family page used to
ask whether the practitioner was involved with the family 16 times (issue 11)."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access import registry
from access.principals import principal_for, request_scope
from people.models import Family
from people.policy import can_edit_family, can_view_family, can_view_section

pytestmark = pytest.mark.django_db


def _repeated(captured, table: str) -> dict[str, int]:
    counts = Counter(q["sql"] for q in captured if table in q["sql"])
    return {sql: n for sql, n in counts.items() if n > 1}


def test_the_family_page_asks_each_involvement_question_once(family_worker_client, smith_family):
    url = reverse("people:family", args=[smith_family.pk])
    with CaptureQueriesContext(connection) as captured:
        assert family_worker_client.get(url).status_code == 200
    involvement = [q for q in captured.captured_queries if "organisations_involvement" in q["sql"]]
    assert involvement  # the control: the page does ask
    assert not _repeated(captured.captured_queries, "organisations_involvement")


def test_predicates_are_answered_once_per_request_scope(family_worker, smith_family):
    principal = principal_for(family_worker.user)
    with request_scope():
        with CaptureQueriesContext(connection) as first:
            assert can_view_family(principal, smith_family)
            assert can_edit_family(principal, smith_family)
            assert can_view_section(principal, smith_family, "chronology")
            assert registry.can(principal, smith_family)
        with CaptureQueriesContext(connection) as again:
            for _ in range(5):
                assert can_view_family(principal, smith_family)
                assert can_edit_family(principal, smith_family)
                assert can_view_section(principal, smith_family, "chronology")
                assert registry.can(principal, smith_family)
    assert first.captured_queries  # answered from the database once...
    assert not again.captured_queries  # ...and then remembered for the rest of the request


def test_outside_a_request_nothing_is_remembered(family_worker, smith_family):
    """Scripts and tests that change grants between two questions get a fresh answer."""
    principal = principal_for(family_worker.user)
    assert can_view_family(principal, smith_family)
    Family.objects.filter(pk=smith_family.pk).update(is_restricted=True)
    smith_family.refresh_from_db()
    assert not can_view_family(principal, smith_family)

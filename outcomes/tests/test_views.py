"""The six-month outcome check page: seen and recorded by those working with the family."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_strangers_cannot_see_or_record_a_check(client, check, stranger):
    c = client_for(client, stranger)
    url = reverse("outcomes:outcome-check", args=[check.episode_id])
    assert c.get(url).status_code == 404
    assert c.post(url, {"sustained": "yes"}).status_code == 404


def test_the_worker_records_the_check_on_its_page(client, check, family_worker, smith_family):
    c = client_for(client, family_worker)
    url = reverse("outcomes:outcome-check", args=[check.episode_id])
    page = html.unescape(c.get(url).content.decode())
    assert "Six-month outcome check for Jaden Smith" in page
    assert "Overdue" in page
    missing = c.post(url, {**_date("checked_on", timezone.localdate()), "evidence": ""})
    assert missing.status_code == 200
    assert "Say whether the family's outcomes have been sustained" in html.unescape(
        missing.content.decode()
    )
    ok = c.post(
        url,
        {
            **_date("checked_on", timezone.localdate()),
            "sustained": "no",
            "need_housing": "yes",
            "need_debt": "no",
            "evidence": "Rent arrears back",
        },
    )
    assert ok.status_code == 302
    assert ok["Location"] == reverse("people:family", args=[smith_family.pk]) + "#work"
    check.refresh_from_db()
    assert (check.sustained, check.need_results) == (False, {"housing": True, "debt": False})


def test_a_missing_check_is_not_found(client, family_worker):
    c = client_for(client, family_worker)
    assert c.get(reverse("outcomes:outcome-check", args=[999999])).status_code == 404

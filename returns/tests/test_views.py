"""The returns page: who may use it, a run through the task's work, findings with their links,
and the download (audited with its purpose)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Verb
from people.identifiers import upn
from people.models import Person
from returns import actions
from returns.models import CensusRun, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst.user)
    return client


def test_only_analysts_and_managers_see_the_page(client, analyst, csc_manager, social_worker):
    for who, status in ((analyst, 200), (csc_manager, 200), (social_worker, 404)):
        client.force_login(who.user)
        assert client.get(reverse("returns:index")).status_code == status


def test_a_purpose_is_required_and_kept_on_error(analyst_client):
    page = analyst_client.post(reverse("returns:index"), {"year": "2026", "purpose": ""})
    assert page.status_code == 200
    assert "Say why you are running the census" in page.content.decode()
    assert not CensusRun.objects.exists()


def _start(client, year="2026", purpose="CIN census return to DfE") -> CensusRun:
    page = client.post(reverse("returns:index"), {"year": year, "purpose": purpose})
    assert page.status_code == 302
    run = CensusRun.objects.get()
    assert page.url == reverse("returns:run", args=[run.pk])
    return run


def test_a_run_lists_each_finding_with_a_link_to_the_field(analyst_client, census_casework):
    Person.objects.filter(pk=census_casework.ben.pk).update(upn=upn.make(999, 2001, 2023, 12))
    run = _start(analyst_client)
    assert run.status == RunStatus.QUEUED
    assert AuditEvent.objects.filter(verb=Verb.CREATE, reason="CIN census return to DfE").exists()
    run = actions.census_run_execute(run.pk)  # what the task worker runs
    assert (run.status, run.children_done, run.children_total) == (RunStatus.DONE, 3, 3)
    assert run.errors == 1
    page = analyst_client.get(reverse("returns:run", args=[run.pk])).content.decode()
    edit = reverse("people:person-edit", args=[census_casework.ben.pk])
    assert f'href="{edit}#id_upn"' in page
    assert "1530" in page
    assert "CEN002" in page
    assert "UPN invalid (characters 2-4 not a recognised LA code)" in page
    assert AuditEvent.objects.filter(verb=Verb.LIST).exists()


def test_progress_while_running_is_a_polling_fragment(analyst_client, census_casework):
    run = _start(analyst_client)
    CensusRun.objects.filter(pk=run.pk).update(
        status=RunStatus.WRITING, children_total=3, children_done=1
    )
    part = analyst_client.get(reverse("returns:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    html = part.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "1 of 3 children written" in html


def test_download_needs_a_purpose_and_is_audited(analyst_client, census_casework):
    run = actions.census_run_execute(_start(analyst_client).pk)
    url = reverse("returns:download", args=[run.pk])
    refused = analyst_client.post(url, {"purpose": ""})
    assert refused.status_code == 422
    assert "Say why you are downloading" in refused.content.decode()
    got = analyst_client.post(url, {"purpose": "Upload to DfE COLLECT"})
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith('attachment; filename="cin-census-2025-26.xml"')
    body = b"".join(got.streaming_content)
    assert b"<LAchildID>CEN002</LAchildID>" in body
    assert AuditEvent.objects.filter(verb=Verb.EXPORT, reason="Upload to DfE COLLECT").exists()


def test_another_analysts_run_is_visible_but_a_social_worker_gets_404(
    client, analyst, social_worker, census_casework
):
    client.force_login(analyst.user)
    run = _start(client)
    client.force_login(social_worker.user)
    assert client.get(reverse("returns:run", args=[run.pk])).status_code == 404
    assert (
        client.post(reverse("returns:download", args=[run.pk]), {"purpose": "x"}).status_code == 404
    )

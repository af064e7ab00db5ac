"""The data officer's pages: upload (runs as a background task), run progress, review."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from audit.models import AuditEvent, Verb
from linkage.models import Decision, LinkRun, ReviewItem, RunStatus

from .conftest import SCHOOL_ROLL


def upload(client, content=None, name="school-roll.csv", source="school-roll"):
    data = SCHOOL_ROLL.read_bytes() if content is None else content
    return client.post(
        "/linkage/",
        {"source": source, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


@pytest.mark.django_db(transaction=True)
def test_upload_runs_as_a_background_task_and_the_run_page_shows_the_counts(
    client, data_officer, register, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client.force_login(data_officer.user)
    response = upload(client)
    run = LinkRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/linkage/runs/{run.pk}/"
    assert run.status == RunStatus.QUEUED
    assert run.file_path.startswith(str(tmp_path / "uploads" / "linkage"))

    page = client.get(f"/linkage/runs/{run.pk}/")
    assert b'hx-trigger="every 2s"' in page.content  # polls while waiting or running

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED
    assert (run.rows_done, run.linked, run.created, run.to_review, run.unreadable) == (
        10,
        1,
        7,
        1,
        2,
    )
    fragment = client.get(f"/linkage/runs/{run.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "hx-trigger" not in text  # finished: no more polling
    assert "<html" not in text  # the fragment only
    assert "10 of 10 rows read" in text
    assert "Date of birth is not a real date" in text
    assert "Possible matches to review" in text


@pytest.mark.django_db
def test_a_file_without_the_columns_is_refused_with_the_error_summary(
    client, data_officer, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client.force_login(data_officer.user)
    response = upload(client, content=b"id,name\n1,Someone\n")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"no record_id" in response.content
    assert not LinkRun.objects.exists()
    response = upload(client, name="roll.xlsx")
    assert b"The selected file must be a CSV" in response.content


@pytest.mark.django_db
def test_review_page_shows_both_records_and_records_the_decision(client, data_officer, register):
    call_command(
        "link",
        str(SCHOOL_ROLL),
        "--source",
        "school-roll",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    item = ReviewItem.objects.get()
    client.force_login(data_officer.user)
    queue = client.get("/linkage/queue/")
    listed = AuditEvent.objects.filter(verb=Verb.LIST, actor_id=data_officer.user.pk).last()
    assert listed.changes["linkage_review_queue"] == [
        [item.pk, item.new_person_id, item.candidate_id]
    ]
    assert b"Jayden Smyth" in queue.content
    assert b"Jaden Smith" in queue.content
    page = client.get(f"/linkage/items/{item.pk}/")
    seen = set(
        AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=data_officer.user.pk).values_list(
            "person_id", flat=True
        )
    )
    assert {item.new_person_id, item.candidate_id} <= seen
    text = page.content.decode()
    assert "From partner data" in text
    assert "In the register" in text
    assert "day and month swapped" in text
    assert "DB9 9ZZ" in text
    assert "DB1 2AB" in text

    missing = client.post(f"/linkage/items/{item.pk}/", {"version": item.version})
    assert b"Choose whether these are the same person" in missing.content

    done = client.post(
        f"/linkage/items/{item.pk}/",
        {"decision": Decision.NOT_SAME, "note": "Different child", "version": item.version},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.decision == Decision.NOT_SAME
    assert item.note == "Different child"

    stale = client.post(
        f"/linkage/items/{item.pk}/",
        {"decision": Decision.SAME, "note": "typed", "version": item.version - 1},
    )
    assert stale.status_code == 200
    assert b"Someone else decided this possible match" in stale.content
    assert b"typed" in stale.content  # what was typed is kept


@pytest.mark.django_db
def test_pages_are_404_for_everyone_else(client, family_worker, data_officer, register):
    call_command(
        "link",
        str(SCHOOL_ROLL),
        "--source",
        "school-roll",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    item, run = ReviewItem.objects.get(), LinkRun.objects.get()
    client.force_login(family_worker.user)
    for path in (
        "/linkage/",
        "/linkage/queue/",
        f"/linkage/runs/{run.pk}/",
        f"/linkage/items/{item.pk}/",
    ):
        assert client.get(path).status_code == 404

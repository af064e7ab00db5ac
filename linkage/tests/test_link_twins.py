"""`familyhub link` never merges twins, siblings or a same-named parent and child into their
registered relative, queues near-misses for review, and still links genuine records that carry
an error (issue 16, item 7; the register and the file are matching/tests/twins.py)."""

import io

import pytest
from django.core.management import call_command

from linkage.models import LinkRun, RecordStatus, ReviewItem, RunStatus, SourceRecord
from matching.tests import twins

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(tmp_path):
    people = twins.build_register()
    path = twins.write_partner_file(tmp_path / "health-visiting.csv")
    call_command("link", str(path), "--source", "health-visiting", stdout=io.StringIO())
    run = LinkRun.objects.get()
    assert run.status == RunStatus.FINISHED
    records = {r.source_record_id: r for r in SourceRecord.objects.select_related("person")}
    return people, run, records


def test_relatives_become_new_people_with_nothing_to_review(linked):
    people, _run, records = linked
    for row in twins.NEVER_LINKED:
        record = records[row[0]]
        assert record.status == RecordStatus.NEW, row
        assert record.person.pk not in {p.pk for p in people.values()}, row
        assert record.person.given_name == row[1]
        assert not ReviewItem.objects.filter(new_person=record.person).exists(), row


def test_near_misses_are_queued_for_review(linked):
    people, _run, records = linked
    for row in twins.NEAR_MISSES:
        record = records[row[0]]
        assert record.status == RecordStatus.REVIEW, row
        item = ReviewItem.objects.get(new_person=record.person)
        assert item.candidate == people[row[-1]]
        assert item.band in ("possible", "likely")


def test_a_row_with_no_first_name_beside_twins_is_queued_not_linked(linked):
    people, _run, records = linked
    record = records[twins.BETWEEN_TWINS[0][0]]
    assert record.status == RecordStatus.REVIEW
    assert record.person.pk not in {p.pk for p in people.values()}
    item = ReviewItem.objects.get(new_person=record.person)
    assert item.candidate in {people[key] for key in twins.TWINS}


def test_genuine_records_with_an_error_are_linked(linked):
    people, run, records = linked
    for row in twins.GENUINE:
        record = records[row[0]]
        assert record.status == RecordStatus.LINKED, row
        assert record.person == people[row[-1]]
    rows = len(twins.ROWS)
    assert (run.linked, run.to_review, run.created) == (2, 3, rows - 2)

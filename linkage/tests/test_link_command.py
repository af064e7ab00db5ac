"""`familyhub link`: per-row report, thresholds, idempotent, resumable (killed and re-run)."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent, Verb
from linkage import actions
from linkage import rows as rowlib
from linkage.models import LinkRun, RecordStatus, ReviewItem, RunStatus, SourceRecord
from people.models import Address, Person

from .conftest import SCHOOL_ROLL


def link(path=SCHOOL_ROLL, source="school-roll", *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command("link", str(path), "--source", source, *extra, stdout=out, stderr=err)
    return LinkRun.objects.order_by("-pk").first(), out.getvalue(), err.getvalue()


def snapshot():
    return {
        "people": Person.objects.count(),
        "addresses": Address.objects.count(),
        "records": SourceRecord.objects.count(),
        "reviews": ReviewItem.objects.count(),
    }


@pytest.mark.django_db
def test_bad_rows_are_reported_per_row_and_skipped_and_the_rest_go_on(register):
    run, out, err = link()
    assert run.status == RunStatus.FINISHED
    assert run.rows_done == run.total_rows == 10
    assert run.unreadable == 2
    problems = {(p["row"], p["column"], p["problem"], p["skipped"]) for p in run.problems}
    assert (5, "dob", rowlib.BAD_DATE, True) in problems  # NGP-0004, line 5 of the file
    assert (6, "first_name", rowlib.NO_NAME, True) in problems  # NGP-0005
    assert (7, "nhs_number", rowlib.BAD_NHS, False) in problems  # a warning: row still linked
    assert run.warnings == 1
    assert "row 5 (NGP-0004) dob" in err
    assert "unreadable 2" in out
    assert not SourceRecord.objects.filter(source_record_id__in=["NGP-0004", "NGP-0005"]).exists()
    priya = SourceRecord.objects.get(source_record_id="NGP-0006")
    assert priya.person.nhs_number == ""  # the invalid number is not put on the register


@pytest.mark.django_db
def test_certain_match_links_possible_goes_to_review_and_no_match_creates(register):
    people_before = Person.objects.count()
    run, out, _ = link()
    amelia = SourceRecord.objects.get(source_record_id="NGP-0001")
    assert amelia.person == register["amelia"]
    assert amelia.status == RecordStatus.LINKED

    jayden = SourceRecord.objects.get(source_record_id="NGP-0002")
    assert jayden.person not in (register["jaden"], None)  # a new person, for now
    assert jayden.status == RecordStatus.REVIEW
    item = ReviewItem.objects.get()
    assert (item.new_person, item.candidate) == (jayden.person, register["jaden"])
    assert item.band in ("possible", "likely")
    assert any("day and month swapped" in r for r in item.reasons)

    zofia = SourceRecord.objects.get(source_record_id="NGP-0003")
    assert zofia.status == RecordStatus.NEW
    assert zofia.person.given_name == "Zofia"
    assert zofia.person.memberships.count() == 0
    assert zofia.person.addresses.get().postcode == "DB3 7EF"

    assert (run.linked, run.created, run.to_review) == (1, 7, 1)
    assert Person.objects.count() == people_before + 7
    assert "linked automatically 1, to review 1, created 7, unreadable 2" in out
    verbs = set(AuditEvent.objects.filter(person_id=zofia.person_id).values_list("verb", flat=True))
    assert {Verb.CREATE, Verb.LINK} <= verbs
    assert AuditEvent.objects.filter(verb=Verb.LINK, person_id=register["amelia"].pk).exists()


@pytest.mark.django_db
def test_running_the_same_file_again_changes_nothing(register):
    link()
    before = snapshot()
    run, _, _ = link()
    assert snapshot() == before
    assert (run.linked, run.created, run.to_review, run.updated) == (0, 0, 0, 0)
    assert run.unchanged == 8
    assert run.unreadable == 2


@pytest.mark.django_db
def test_a_changed_row_updates_its_record_without_a_new_person(register, tmp_path):
    link()
    before = snapshot()
    changed = tmp_path / "roll.csv"
    changed.write_text(SCHOOL_ROLL.read_text().replace("8 Elm Grove,,", "9 Elm Grove,,", 1))
    run, _, _ = link(changed)
    assert run.updated == 1
    assert run.unchanged == 7
    assert snapshot() == before
    assert SourceRecord.objects.get(source_record_id="NGP-0003").data["address_line_1"] == (
        "9 Elm Grove"
    )


@pytest.mark.django_db
def test_a_run_killed_part_way_carries_on_with_no_duplicates(register, monkeypatch, tmp_path):
    _killed_and_run_again(monkeypatch, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_run_matching_ahead_stopped_part_way_carries_on(register, monkeypatch, tmp_path):
    """Outside a transaction (PostgreSQL: the next batch matched in a process of its own while
    one is written), in batches of 2: stopped after the second, carried on by a re-run."""
    from linkage import batch

    monkeypatch.setenv(batch.BATCH_ENV, "2")
    _killed_and_run_again(monkeypatch, tmp_path)


def _killed_and_run_again(monkeypatch, tmp_path):
    path = tmp_path / "roll.csv"
    shutil.copy(SCHOOL_ROLL, path)
    monkeypatch.setenv(actions.STOP_AFTER_ENV, "4")
    with pytest.raises(CommandError, match="Stopped after 4 of 10 rows"):
        link(path)
    killed = LinkRun.objects.get()
    assert killed.status == RunStatus.INTERRUPTED
    assert killed.rows_done == 4
    assert SourceRecord.objects.count() == 3  # rows 1-3; the 4th could not be read
    assert SourceRecord.objects.filter(source_record_id="NGP-0003").exists()

    monkeypatch.delenv(actions.STOP_AFTER_ENV)
    run, _, _ = link(path)
    assert run.status == RunStatus.FINISHED
    assert run.unchanged == 3
    assert SourceRecord.objects.count() == 8
    assert ReviewItem.objects.count() == 1
    names = list(Person.objects.values_list("given_name", "family_name"))
    assert len(names) == len(set(names))  # nobody recorded twice
    for record_id in ("NGP-0001", "NGP-0003", "NGP-0010"):
        assert SourceRecord.objects.filter(source_record_id=record_id).count() == 1


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused(register, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name\n1,Someone\n")
    with pytest.raises(CommandError, match="no record_id"):
        link(path)
    assert LinkRun.objects.get().status == RunStatus.FAILED
    assert SourceRecord.objects.count() == 0

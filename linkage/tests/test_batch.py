"""Linking a file a batch at a time gives what linking it row by row gives: the same records,
people, review items and counts whether a batch holds one row or the whole file, including a
child listed twice under two record ids (linked to the person their first row created), a
record id listed twice (read once), twins (never linked to each other) and an NHS number
already held by someone else (left off the new person, with a warning)."""

import pytest
from django.db import connection

from audit.models import AuditEvent, Verb
from audit.verify import verify_chain
from linkage import actions, batch, prefetch
from linkage.models import RecordStatus, ReviewItem, SourceRecord
from people.models import Person

HEADER = "record_id,source_system,first_name,surname,dob,sex,postcode,address_line_1,nhs_number\n"
ROWS = [
    "R1,MIS,Amelia,Khan,2015-09-21,F,DB2 4CD,3 Park Road,943 476 5919",  # the register's
    "R2,MIS,Jayden,Smyth,2016-07-03,M,DB9 9ZZ,2 Canal Street,",  # possible: Jaden Smith
    "R3,MIS,Zofia,Nowak,2017-02-11,F,DB3 7EF,8 Elm Grove,",  # new
    "R4,MIS,Zofia,Nowak,2017-02-11,F,DB3 7EF,8 Elm Grove,",  # the same child again
    "R3,MIS,Zofia,Nowak,2017-02-11,F,DB3 7EF,8 Elm Grove,",  # the same row again
    "R5,MIS,Maja,Nowak,2017-02-11,F,DB3 7EF,8 Elm Grove,",  # Zofia's twin: new
    "R6,MIS,Oscar,Bennett,2015-11-02,M,DB6 3JK,40 Bridge Street,9434765919",  # NHS in use
    "R7,MIS,Bad,Date,2016-13-45,M,DB6 3JK,1 Road,",  # unreadable
]


def _outcome(data_officer, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    run = actions.run_create(by=data_officer.user, source="school-roll", file_name="x.csv")
    run = actions.run_file(run=run, path=path)
    people = {p.pk: f"{p.given_name} {p.family_name}" for p in Person.objects.all()}
    records = {
        r.source_record_id: (r.status, people[r.person_id], r.person.nhs_number)
        for r in SourceRecord.objects.select_related("person")
    }
    reviews = sorted(
        (people[i.new_person_id], people[i.candidate_id], i.band) for i in ReviewItem.objects.all()
    )
    counts = {k: getattr(run, k) for k in ("rows_done", "linked", "created", "to_review")}
    counts |= {k: getattr(run, k) for k in ("unchanged", "unreadable", "warnings")}
    links = AuditEvent.objects.filter(verb=Verb.LINK).count()
    return records, reviews, counts, links, run.problems


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["1", "3", "2000"])
def test_batches_of_any_size_link_as_row_by_row(
    size, register, data_officer, tmp_path, monkeypatch
):
    monkeypatch.setenv(batch.BATCH_ENV, size)
    _check(*_outcome(data_officer, tmp_path))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["process", "thread"])
@pytest.mark.parametrize("size", ["1", "3"])
def test_batches_matched_ahead_link_as_row_by_row(
    size, where, register, data_officer, tmp_path, monkeypatch
):
    """Outside a transaction on PostgreSQL each batch is matched in a process (or a thread)
    of its own while the batch before it is written, seeing only what was committed: R4, the
    same child as R3 in a later batch, is matched again once R3's new person is there (and
    linked to her)."""
    monkeypatch.setenv(batch.BATCH_ENV, size)
    monkeypatch.setenv(prefetch.PREFETCH_ENV, where)
    seen = []
    ahead = batch._ahead

    def before_r3_committed(rows, found):
        """As the look-up ahead finds R4 when it runs before R3's batch commits: no one."""
        seen.extend(found.matches)
        if "R4" in found.matches and "R3" not in found.matches:
            found.matches["R4"] = None
        return ahead(rows, found)

    monkeypatch.setattr(batch, "_ahead", before_r3_committed)
    _check(*_outcome(data_officer, tmp_path))
    if connection.vendor == "postgresql":
        assert "R4" in seen  # (the batches were matched ahead)


def _check(records, reviews, counts, links, problems):
    assert records == {
        "R1": (RecordStatus.LINKED, "Amelia Khan", "9434765919"),
        "R2": (RecordStatus.REVIEW, "Jayden Smyth", ""),
        "R3": (RecordStatus.NEW, "Zofia Nowak", ""),
        "R4": (RecordStatus.LINKED, "Zofia Nowak", ""),
        "R5": (RecordStatus.NEW, "Maja Nowak", ""),
        "R6": (RecordStatus.NEW, "Oscar Bennett", ""),
    }
    assert SourceRecord.objects.get(source_record_id="R3").person_id == (
        SourceRecord.objects.get(source_record_id="R4").person_id
    )
    assert reviews == [("Jayden Smyth", "Jaden Smith", reviews[0][2])]
    assert counts == {
        "rows_done": 8,
        "linked": 2,
        "created": 4,
        "to_review": 1,
        "unchanged": 1,
        "unreadable": 1,
        "warnings": 1,
    }
    assert links == 2 + 4 + 1  # each linked row, each new person, the pair proposed
    assert [(p["row"], p["column"], p["problem"]) for p in problems if not p["skipped"]] == [
        (8, "nhs_number", actions.NHS_IN_USE)
    ]
    assert verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["1", "2000"])
def test_a_batch_stores_new_peoples_keys_and_names_whom_it_links(
    size, register, data_officer, tmp_path, monkeypatch
):
    """The new people's matching keys are those the register's own refresh reads back for
    them (the batch makes them from the people as saved, without reading them back), and the
    event of a row linked to someone names them and their family (read in one query each)."""
    from matching import register as engine
    from matching.models import PersonKey
    from people.factories import MembershipFactory

    MembershipFactory(family=register["family"], person=register["amelia"], role="child")
    monkeypatch.setenv(batch.BATCH_ENV, size)
    _outcome(data_officer, tmp_path)
    new = SourceRecord.objects.exclude(status=RecordStatus.LINKED).values_list("person_id")
    ids = sorted({pk for (pk,) in new})
    assert len(ids) == 4
    for pk in ids:
        stored = set(PersonKey.objects.filter(person_id=pk).values_list("pass_code", "key"))
        read_back = {
            (code, key) for _pk, code, key in engine.key_rows(engine._rows_with_address([pk]))
        }
        assert stored
        assert stored == read_back
    amelia = register["amelia"]
    linked = AuditEvent.objects.get(verb=Verb.LINK, person_id=amelia.pk)
    assert (linked.object_label, linked.family_id) == ("Amelia Khan", register["family"].pk)
    assert linked.changes["record_id"] == "R1"


@pytest.mark.django_db(transaction=True)
def test_a_child_two_batches_after_their_first_row_is_linked_to_them(
    register, data_officer, tmp_path, monkeypatch
):
    """With two matchers (FAMILYHUB_LINK_MATCHERS) a batch is matched while the two batches
    before it are still being written: R4, the same child as R3 two batches later, is matched
    again once R3's batch has committed, though the batch between them created no one it
    would find."""
    monkeypatch.setenv(batch.BATCH_ENV, "1")
    monkeypatch.setenv(prefetch.MATCHERS_ENV, "2")
    seen = []
    ahead = batch._ahead

    def as_if_before_r3_committed(rows, found):
        seen.extend(found.matches)
        if "R4" in found.matches:
            found.matches["R4"] = None  # (as the look-up ahead finds her before R3 commits)
        return ahead(rows, found)

    monkeypatch.setattr(batch, "_ahead", as_if_before_r3_committed)
    path = tmp_path / "extract.csv"
    path.write_text(HEADER + "\n".join([ROWS[2], ROWS[0], ROWS[3]]) + "\n")
    run = actions.run_create(by=data_officer.user, source="school-roll", file_name="x.csv")
    run = actions.run_file(run=run, path=path)
    r3, r4 = (SourceRecord.objects.get(source_record_id=r) for r in ("R3", "R4"))
    assert (r3.status, r4.status) == (RecordStatus.NEW, RecordStatus.LINKED)
    assert r4.person_id == r3.person_id
    assert (run.created, run.linked) == (1, 2)
    if connection.vendor == "postgresql":
        assert "R4" in seen  # (the batches were matched ahead)


@pytest.mark.django_db
def test_a_run_asks_the_garbage_collector_less_often_and_gives_its_setting_back(
    register, data_officer, tmp_path, monkeypatch
):
    import gc

    before = gc.get_threshold()
    during = []
    link_batch = batch.link_batch

    def noted(**kwargs):
        during.append(gc.get_threshold())
        return link_batch(**kwargs)

    monkeypatch.setattr(batch, "link_batch", noted)
    _check(*_outcome(data_officer, tmp_path))
    assert during
    assert set(during) == {prefetch.RUN_GC_THRESHOLDS}
    assert before != prefetch.RUN_GC_THRESHOLDS
    assert gc.get_threshold() == before

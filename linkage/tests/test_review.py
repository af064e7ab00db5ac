"""The clerical review queue: same (merge), not the same (remembered), not sure (stays)."""

import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent, Verb
from familyhub import errors
from ig import actions as ig_actions
from linkage import actions, policy, queries
from linkage.models import Decision, NotSame, RecordStatus, ReviewItem, SourceRecord
from organisations.factories import PractitionerFactory
from organisations.models import Role

from .conftest import SCHOOL_ROLL

JAYDEN_ROW = (
    "record_id,source_system,first_name,surname,dob,sex,postcode,address_line_1,nhs_number\n"
    "{id},{system},Jayden,Smyth,2016-07-03,M,DB9 9ZZ,{line},,\n"
)


def link(path=SCHOOL_ROLL, source="school-roll"):
    call_command("link", str(path), "--source", source, stdout=io.StringIO(), stderr=io.StringIO())


def decide(user, item, decision, note=""):
    return actions.review_decide(
        by=user, item=item, decision=decision, note=note, expected_version=item.version
    )


@pytest.fixture
def item(register):
    link()
    return ReviewItem.objects.get()


@pytest.mark.django_db
def test_same_person_merges_the_new_person_into_the_register_person(item, data_officer, register):
    jaden, new = register["jaden"], item.new_person
    decided = decide(data_officer.user, item, Decision.SAME, "Same child: school confirmed")
    assert decided.decision == Decision.SAME
    new.refresh_from_db()
    assert new.merged_into == jaden
    record = SourceRecord.objects.get(source_record_id="NGP-0002")
    assert record.person == jaden  # the merge re-pointed the partner's record too
    assert record.status == RecordStatus.CONFIRMED
    assert decided.merge_id is not None
    assert not queries.review_queue_for(data_officer.user).exists()
    for person in (jaden, new):
        assert AuditEvent.objects.filter(verb=Verb.LINK, person_id=person.pk).exists()
    assert AuditEvent.objects.filter(verb=Verb.MERGE, person_id=jaden.pk).exists()
    link_event = AuditEvent.objects.filter(verb=Verb.LINK, person_id=jaden.pk).last()
    assert link_event.family_id == register["family"].pk

    # Running the file again leaves the decision alone.
    link()
    record.refresh_from_db()
    assert (record.person, record.status) == (jaden, RecordStatus.CONFIRMED)
    assert ReviewItem.objects.count() == 1


@pytest.mark.django_db
def test_not_the_same_is_remembered_and_never_proposed_again(
    item, data_officer, register, tmp_path
):
    jaden, new = register["jaden"], item.new_person
    decide(data_officer.user, item, Decision.NOT_SAME, "Different child: other school")
    assert NotSame.objects.filter(
        person_a=min(jaden, new, key=lambda p: p.pk), person_b=max(jaden, new, key=lambda p: p.pk)
    ).exists()
    assert SourceRecord.objects.get(source_record_id="NGP-0002").status == RecordStatus.DISTINCT

    # The school sends the row again, changed: no new proposal of the pair.
    changed = tmp_path / "roll.csv"
    changed.write_text(SCHOOL_ROLL.read_text().replace("2 Canal Street", "2a Canal Street"))
    link(changed)
    assert ReviewItem.objects.count() == 1

    # Another source's row for the same child links to the new person (now on the register),
    # not proposed again against Jaden.
    hv = tmp_path / "hv.csv"
    hv.write_text(JAYDEN_ROW.format(id="HV-77", system="Health visiting", line="2 Canal Street"))
    link(hv, source="health-visiting")
    record = SourceRecord.objects.get(source="health-visiting", source_record_id="HV-77")
    assert record.person == new
    assert record.status == RecordStatus.LINKED
    assert ReviewItem.objects.count() == 1
    assert not ReviewItem.objects.filter(decision=Decision.OPEN).exists()


@pytest.mark.django_db
def test_a_changed_row_of_an_undecided_new_person_is_matched_again_but_not_duplicated(
    item, data_officer, tmp_path
):
    changed = tmp_path / "roll.csv"
    changed.write_text(SCHOOL_ROLL.read_text().replace("2 Canal Street", "2a Canal Street"))
    link(changed)
    assert ReviewItem.objects.count() == 1  # the same pair, still waiting
    assert SourceRecord.objects.get(source_record_id="NGP-0002").person == item.new_person


@pytest.mark.django_db
def test_not_sure_stays_in_the_queue_marked(item, data_officer):
    decide(data_officer.user, item, Decision.UNSURE, "Ask the school for the NHS number")
    item.refresh_from_db()
    assert item.decision == Decision.UNSURE
    assert list(queries.review_queue_for(data_officer.user)) == [item]
    decide(data_officer.user, item, Decision.NOT_SAME)  # decided later
    assert not queries.review_queue_for(data_officer.user).exists()


@pytest.mark.django_db
def test_a_stale_decision_is_refused(item, data_officer):
    seen = item.version
    decide(data_officer.user, item, Decision.UNSURE)
    with pytest.raises(errors.StaleVersion):
        actions.review_decide(
            by=data_officer.user, item=item, decision=Decision.SAME, expected_version=seen
        )


@pytest.mark.django_db
def test_only_data_officers_and_admins_review(item, data_officer, family_worker):
    admin = PractitionerFactory(role=Role.ADMIN)
    assert policy.can_review_match(data_officer.user, item)
    assert policy.can_review_match(admin.user, item)
    assert not policy.can_review_match(family_worker.user, item)
    with pytest.raises(errors.NotPermitted):
        decide(family_worker.user, item, Decision.SAME)


@pytest.mark.django_db
def test_a_sealed_familys_possible_match_is_hidden_unless_on_the_access_list(
    item, data_officer, register
):
    other_officer = PractitionerFactory(role=Role.DATA_OFFICER)
    ig = PractitionerFactory(role=Role.IG_OFFICER)
    ig_actions.family_seal(
        by=ig.user, family=register["family"], reason="Refuge", access_list=[data_officer]
    )
    for user, allowed in ((data_officer.user, True), (other_officer.user, False)):
        assert policy.can_review_match(user, item) is allowed
        in_filter = ReviewItem.objects.filter(policy.review_item_visibility_q(user)).exists()
        assert in_filter is allowed  # the predicate and the filter agree
    from django.http import Http404

    with pytest.raises(Http404):
        queries.get_review_item_for(other_officer.user, item.pk)


@pytest.mark.django_db
def test_undoing_a_merge_decided_here_records_not_the_same(item, data_officer, register):
    """Un-merging says the two are different people: the item records it, the partner's
    record goes back to the new person, and the pair is never proposed again."""
    from people import merge as merging
    from people.models import PersonMerge

    decided = decide(data_officer.user, item, Decision.SAME, "Looked the same")
    merge = PersonMerge.objects.get(pk=decided.merge_id)
    merging.unmerge(by=data_officer.user, merge=merge, reason="Different child: checked DOB")
    item.refresh_from_db()
    assert item.decision == Decision.NOT_SAME
    assert "Different child: checked DOB" in item.note
    record = SourceRecord.objects.get(source_record_id="NGP-0002")
    assert record.person == item.new_person  # un-merge put the partner's record back
    assert record.status == RecordStatus.DISTINCT
    assert NotSame.objects.filter(review_item=item).exists()
    link()  # re-running the file proposes nothing again
    assert ReviewItem.objects.count() == 1
    assert not queries.review_queue_for(data_officer.user).exists()

"""Merging and un-merging the records of one person (people.merge)."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEvent, Verb
from casework.models import Episode
from frontdoor.factories import ConcernFactory
from frontdoor.models import ConcernPerson
from ig import actions as ig_actions
from organisations.factories import InvolvementFactory, PractitionerFactory
from organisations.models import Role
from people import merge as merging
from people import policy, queries
from people.factories import (
    AddressFactory,
    FamilyFactory,
    MembershipFactory,
    PersonFactory,
    valid_nhs_number,
)
from people.models import (
    ChronologyEntry,
    Membership,
    Person,
    PersonIdentifier,
    PersonMerge,
    Relationship,
)
from people.search import SearchTerms

REASON = "Same child: school roll and health visiting records"


@pytest.fixture
def data_officer(db):
    return PractitionerFactory(user__full_name="Dana Data", role=Role.DATA_OFFICER, team=None)


@pytest.fixture
def jayden(smith_family):
    """A second record of Jaden Smith, held by another family record (as a partner's data
    would arrive): Jayden Smyth, born 03/07/2016 (day and month swapped), with a full set of
    relations."""
    family = FamilyFactory(name="Smyth family")
    other = PersonFactory(
        given_name="Jayden", family_name="Smyth", date_of_birth=dt.date(2016, 7, 3), sex="M"
    )
    mum = PersonFactory(given_name="Kelly", family_name="Smyth", date_of_birth="1990-05-12")
    MembershipFactory(family=family, person=other, role="child")
    MembershipFactory(family=family, person=mum, role="parent_carer")
    Relationship.objects.create(from_person=mum, to_person=other, kind="parent")
    Relationship.objects.create(from_person=other, to_person=smith_family.kelly, kind="other")
    InvolvementFactory(family=family, person=other, role="dsl")
    AddressFactory(person=other, postcode="DB1 2AB")
    PersonIdentifier.objects.create(person=other, id_type="uln", value="1234567890")
    ChronologyEntry.objects.create(family=family, person=other, kind="note", summary="Seen")
    Episode.objects.create(family=family, child=other, kind="EH", state="open")
    ConcernPerson.objects.create(concern=ConcernFactory(), person=other)
    family.other, family.mum = other, mum
    return family


def snapshot(*people: Person) -> set[tuple]:
    """Every row, in every app, that points at any of these people: (model, pk, field, value)."""
    ids = [p.pk for p in people]
    rows = set()
    for model, field in merging.person_references():
        for pk, value in model._base_manager.filter(**{f"{field.attname}__in": ids}).values_list(
            "pk", field.attname
        ):
            rows.add((model._meta.label_lower, pk, field.name, value))
    return rows


def test_walk_covers_relations_in_every_app():
    found = {(m._meta.label_lower, f.name) for m, f in merging.person_references()}
    assert {
        ("people.membership", "person"),
        ("people.relationship", "from_person"),
        ("people.relationship", "to_person"),
        ("people.address", "person"),
        ("people.personidentifier", "person"),
        ("people.chronologyentry", "person"),
        ("people.person", "merged_into"),
        ("organisations.involvement", "person"),
        ("casework.episode", "child"),
        ("frontdoor.concernperson", "person"),
        ("sharing.consent", "person"),
    } <= found
    assert not {label for label, _ in found} & {"people.personmerge", "matching.personkey"}


def test_merge_and_unmerge_round_trip_restores_every_relation(smith_family, jayden, data_officer):
    keep, other = smith_family.jaden, jayden.other
    before = snapshot(keep, other)
    on_other = {r for r in before if r[3] == other.pk}
    assert len(on_other) == 9

    merge = merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)

    after_merge = snapshot(keep, other)
    assert not {r for r in after_merge if r[3] == other.pk}, "nothing left on the merged record"
    moved = {(label, pk, field) for label, pk, field in merge.moved}
    assert moved == {(r[0], r[1], r[2]) for r in on_other}
    other.refresh_from_db()
    assert other.merged_into == keep
    assert Person.objects.filter(pk=other.pk).exists()  # kept, never deleted
    assert set(jayden.memberships.values_list("person_id", flat=True)) == {keep.pk, jayden.mum.pk}
    assert Episode.objects.get(family=jayden).child == keep
    assert ChronologyEntry.objects.filter(person=keep, kind="records_merged").count() == 2

    merging.unmerge(by=data_officer.user, merge=merge, reason="Two different children")

    after = snapshot(keep, other)
    merge_entries = ChronologyEntry.objects.filter(kind__in=["records_merged", "merge_undone"])
    assert after - {("people.chronologyentry", e.pk, "person", keep.pk) for e in merge_entries} == (
        before
    )
    other.refresh_from_db()
    merge.refresh_from_db()
    assert other.merged_into is None
    assert merge.undone_at is not None
    assert merge.undone_by == data_officer.user
    assert merge.undo_reason == "Two different children"


def test_members_of_the_same_family_keep_one_current_membership(smith_family, data_officer):
    other = PersonFactory(given_name="Jayden", family_name="Smith", date_of_birth="2016-03-07")
    duplicate = MembershipFactory(family=smith_family, person=other, role="child")
    keep = smith_family.jaden
    before = snapshot(keep, other)

    merge = merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)

    assert merge.not_moved == [
        ["people.membership", duplicate.pk, "person", "the kept record already has the same"]
    ]
    duplicate.refresh_from_db()
    assert duplicate.person == other
    assert duplicate.left_on is not None
    current = smith_family.memberships.filter(left_on__isnull=True)
    assert sorted(current.values_list("person_id", flat=True)) == sorted(
        [keep.pk, smith_family.kelly.pk]
    )
    page = queries.family_page(data_officer.user, smith_family)
    assert other not in [row.person for row in page.members + page.former_members]

    merging.unmerge(by=data_officer.user, merge=merge, reason="Twins after all")
    duplicate.refresh_from_db()
    assert duplicate.left_on is None
    assert {r for r in snapshot(keep, other) if r[0] != "people.chronologyentry"} == {
        r for r in before if r[0] != "people.chronologyentry"
    }


def test_merged_record_hidden_from_search_and_lists(smith_family, jayden, family_worker):
    InvolvementFactory(family=jayden, practitioner=family_worker)
    user = family_worker.user
    terms = SearchTerms(name="Jayden Smyth")
    assert jayden.other in [r.hit.person for r in queries.search_people(user, terms)]
    officer = PractitionerFactory(role=Role.DATA_OFFICER)
    merging.merge_people(
        by=officer.user, keep=smith_family.jaden, other=jayden.other, reason=REASON
    )

    found = [r.hit.person for r in queries.search_people(user, terms)]
    assert jayden.other not in found
    assert not queries.people_visible_to(user).filter(pk=jayden.other.pk).exists()
    # Its own page still opens for those who see the person it was merged into.
    assert queries.get_person_for(user, jayden.other.pk, record_view=False) == jayden.other


def test_audit_events_for_both_people_and_families(smith_family, jayden, data_officer):
    keep, other = smith_family.jaden, jayden.other
    merge = merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)
    events = AuditEvent.objects.filter(verb=Verb.MERGE)
    assert {(e.person_id, e.family_id) for e in events} == {
        (keep.pk, smith_family.pk),
        (other.pk, jayden.pk),
    }
    for e in events:
        assert e.reason == REASON
        assert e.changes["moved"] == len(merge.moved)
        assert e.changes["merge"] == merge.pk

    merging.unmerge(by=data_officer.user, merge=merge, reason="Not the same")
    undone = AuditEvent.objects.filter(verb=Verb.UNMERGE)
    assert {(e.person_id, e.family_id) for e in undone} == {
        (keep.pk, smith_family.pk),
        (other.pk, jayden.pk),
    }
    assert {e.changes["moved_back"] for e in undone} == {len(merge.moved)}


def test_person_with_no_family_merges_into_a_register_person(smith_family, data_officer):
    """As bulk linkage does: a person created from a partner's row, in no family."""
    new = PersonFactory(given_name="Jaden", family_name="Smith", date_of_birth="2016-03-07")
    AddressFactory(person=new)
    merge = merging.merge_people(
        by=data_officer.user, keep=smith_family.jaden, other=new, reason="Review: same"
    )
    assert [m[0] for m in merge.moved] == ["people.address"]
    assert AuditEvent.objects.filter(verb=Verb.MERGE, person_id=new.pk, family_id=None).exists()
    merging.unmerge(by=data_officer.user, merge=merge, reason="Review reopened")
    assert new.addresses.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nhs_number": valid_nhs_number(2)}, "two different NHS numbers"),
        ({"date_of_birth": dt.date(1986, 3, 7)}, "years apart"),
    ],
)
def test_refuses_records_of_two_people(smith_family, data_officer, change, message):
    smith_family.jaden.nhs_number = valid_nhs_number(1)
    smith_family.jaden.save()
    other = PersonFactory(given_name="Jaden", family_name="Smith", date_of_birth="2016-03-07")
    for name, value in change.items():
        setattr(other, name, value)
    other.save()
    with pytest.raises(merging.MergeRefused, match=message):
        merging.merge_people(by=data_officer.user, keep=smith_family.jaden, other=other, reason="x")
    other.refresh_from_db()
    assert other.merged_into is None
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.MERGE).exists()


def test_restricted_and_open_records_not_merged(smith_family):
    other = PersonFactory(given_name="Jaden", family_name="Smith", is_restricted=True)
    smith_family.jaden.refresh_from_db()
    assert merging.merge_problem(smith_family.jaden, other) == merging.RESTRICTED_DIFFER
    assert merging.merge_problem(smith_family.jaden, smith_family.jaden) == merging.SAME_RECORD


def test_year_typo_and_day_month_swap_are_not_years_apart():
    assert not merging._dates_years_apart(dt.date(2016, 3, 7), dt.date(2016, 7, 3))
    assert not merging._dates_years_apart(dt.date(2016, 3, 7), dt.date(2006, 3, 7))
    assert not merging._dates_years_apart(dt.date(2016, 3, 7), dt.date(2015, 3, 7))
    assert merging._dates_years_apart(dt.date(2016, 3, 7), dt.date(1990, 3, 7))


def test_refuses_two_people_related_to_each_other(smith_family, data_officer):
    Relationship.objects.create(
        from_person=smith_family.kelly, to_person=smith_family.jaden, kind="parent"
    )
    twin = PersonFactory(given_name="Jaiden", family_name="Smith", date_of_birth="2016-03-07")
    MembershipFactory(family=smith_family, person=twin)
    Relationship.objects.create(from_person=twin, to_person=smith_family.jaden, kind="sibling")
    with pytest.raises(merging.MergeRefused, match="Jaiden Smith is recorded as sibling of Jaden"):
        merging.merge_people(by=data_officer.user, keep=smith_family.jaden, other=twin, reason="x")


def test_refused_across_a_sealed_record_without_access(smith_family, jayden, data_officer):
    ig = PractitionerFactory(role=Role.IG_OFFICER)
    ig_actions.family_seal(by=ig.user, family=jayden, reason="Refuge", access_list=[ig])
    keep, other = smith_family.jaden, jayden.other
    assert not merging.can_merge(data_officer.user, keep, other)
    with pytest.raises(merging.MergeNotPermitted):
        merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)
    assert Membership.objects.filter(person=other).count() == 1

    ig_actions.access_grant(
        by=ig.user, family=jayden, practitioner=data_officer, reason="Data officer tidies"
    )
    assert merging.can_merge(data_officer.user, keep, other)
    merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)
    # The kept record is now in the sealed family: undoing needs the access list too.
    merge = PersonMerge.objects.get()
    assert not merging.can_merge(PractitionerFactory(role=Role.DATA_OFFICER).user, keep, other)
    assert not policy.can_unmerge_people(PractitionerFactory(role=Role.ADMIN).user, merge)


def test_who_may_merge(smith_family, jayden, family_worker, manager, data_officer):
    keep, other = smith_family.jaden, jayden.other
    admin = PractitionerFactory(role=Role.ADMIN)
    assert merging.can_merge(data_officer.user, keep, other)
    assert merging.can_merge(admin.user, keep, other)
    # A worker may not merge, even records they see; a manager only records they see both of.
    InvolvementFactory(family=jayden, practitioner=family_worker)
    assert not merging.can_merge(family_worker.user, keep, other)
    assert merging.can_merge(manager.user, keep, other)
    assert not merging.can_merge(PractitionerFactory(role=Role.TEAM_MANAGER).user, keep, other)
    with pytest.raises(merging.MergeNotPermitted):
        merging.merge_people(by=family_worker.user, keep=keep, other=other, reason=REASON)


def test_stale_and_repeated_merges_refused(smith_family, jayden, data_officer):
    keep, other = smith_family.jaden, jayden.other
    with pytest.raises(merging.MergeRefused, match="changed while you were looking"):
        merging.merge_people(
            by=data_officer.user,
            keep=keep,
            other=other,
            reason=REASON,
            expected_versions=(keep.version, other.version - 1),
        )
    with pytest.raises(merging.MergeRefused, match="Enter why"):
        merging.merge_people(by=data_officer.user, keep=keep, other=other, reason="  ")
    merge = merging.merge_people(
        by=data_officer.user,
        keep=keep,
        other=other,
        reason=REASON,
        expected_versions=(keep.version, other.version),
    )
    with pytest.raises(merging.MergeRefused, match="already been merged"):
        merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)
    merging.unmerge(by=data_officer.user, merge=merge, reason="Wrong")
    with pytest.raises(merging.MergeRefused, match="already been undone"):
        merging.unmerge(by=data_officer.user, merge=merge, reason="Wrong")


def test_chain_of_merges_undone_in_order(smith_family, jayden, data_officer):
    """A into B, then B into C: A now points at C; B's merge must be undone first."""
    by = data_officer.user
    a = PersonFactory(given_name="Jay", family_name="Smith", date_of_birth="2016-03-07")
    AddressFactory(person=a)
    b, c = jayden.other, smith_family.jaden
    first = merging.merge_people(by=by, keep=b, other=a, reason=REASON)
    second = merging.merge_people(by=by, keep=c, other=b, reason=REASON)
    a.refresh_from_db()
    assert a.merged_into == c
    assert a.addresses.count() == 0
    with pytest.raises(merging.MergeRefused, match="undo that merge first"):
        merging.unmerge(by=by, merge=first, reason="Wrong")
    merging.unmerge(by=by, merge=second, reason="Wrong")
    a.refresh_from_db()
    assert a.merged_into == b
    merging.unmerge(by=by, merge=first, reason="Wrong")
    a.refresh_from_db()
    assert a.merged_into is None
    assert a.addresses.count() == 1


# --- Pages ---------------------------------------------------------------------------------------

PURPOSE = "Duplicate reported by the front door (synthetic ticket 42)"


def _say_why(client, person) -> None:
    """A data officer says why they open the merge page of someone outside their work."""
    response = client.post(f"/people/{person.pk}/merge/", {"purpose": PURPOSE})
    assert response.status_code == 302


def test_a_data_officer_says_why_before_the_merge_page_shows_a_name(
    client, smith_family, data_officer
):
    """Issue 16 item 10: data officers and administrators open the merge page of any unsealed
    person (duplicates are reported from anywhere) but only with a reason, audited."""
    client.force_login(data_officer.user)
    keep = smith_family.jaden
    url = f"/people/{keep.pk}/merge/"
    page = client.get(url).content.decode()
    assert "Why are you opening this record?" in page
    assert keep.full_name not in page
    assert keep.la_child_id not in page
    page = client.post(url, {"purpose": "dup"}).content.decode()
    assert "Say in a few words why you are opening this record" in page
    assert not AuditEvent.objects.filter(person_id=keep.pk, verb="view").exists()
    response = client.post(url, {"purpose": PURPOSE})
    assert response.status_code == 302
    event = AuditEvent.objects.get(person_id=keep.pk, verb="view")
    assert event.reason == "opened to merge duplicate records: " + PURPOSE
    assert event.changes == {"purpose": "data quality (merge)"}
    assert event.actor_id == data_officer.user.pk
    assert keep.full_name in client.get(url).content.decode()


def test_a_manager_who_sees_the_person_is_not_asked_why(client, smith_family, manager):
    client.force_login(manager.user)
    page = client.get(f"/people/{smith_family.jaden.pk}/merge/").content.decode()
    assert "Why are you opening this record?" not in page
    assert smith_family.jaden.full_name in page


def test_data_officer_merges_and_unmerges_through_the_pages(client, smith_family, jayden):
    officer = PractitionerFactory(role=Role.DATA_OFFICER)
    client.force_login(officer.user)
    keep, other = smith_family.jaden, jayden.other
    url = f"/people/{keep.pk}/merge/"
    _say_why(client, keep)
    assert "LA child ID of the other record" in client.get(url).content.decode()

    page = client.get(url, {"record": "NOPE"}).content.decode()
    assert merging.NO_SUCH_RECORD in page

    page = client.get(url, {"record": other.la_child_id.lower()}).content.decode()
    assert "Jayden" in page
    assert "Jaden" in page
    assert "day and month swapped" in page
    assert "Merge records" in page

    response = client.post(
        f"{url}?record={other.la_child_id}",
        {"reason": "", "keep_version": keep.version, "other_version": other.version},
    )
    assert "Enter why these records are the same person" in response.content.decode()
    response = client.post(
        f"{url}?record={other.la_child_id}",
        {"reason": REASON, "keep_version": keep.version, "other_version": other.version},
    )
    # A data officer does not see the people's pages: they land on the merge record.
    assert response.status_code == 302
    assert response["Location"] == f"/people/{other.pk}/unmerge/"
    other.refresh_from_db()
    assert other.merged_into == keep

    record = client.get(response["Location"]).content.decode()
    assert "Records merged" in record
    assert REASON in record
    assert (
        "Enter why this merge is being undone"
        in client.post(response["Location"], {"reason": ""}).content.decode()
    )
    response = client.post(response["Location"], {"reason": "Different children"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into is None
    assert client.get(f"/people/{other.pk}/unmerge/").status_code == 404


def test_stale_merge_page_keeps_the_reason(client, smith_family, jayden, data_officer):
    client.force_login(data_officer.user)
    keep, other = smith_family.jaden, jayden.other
    _say_why(client, keep)
    response = client.post(
        f"/people/{keep.pk}/merge/?record={other.la_child_id}",
        {"reason": "Typed reason", "keep_version": keep.version - 1, "other_version": 1},
    )
    page = response.content.decode()
    assert "changed while you were looking" in page
    assert "Typed reason" in page
    other.refresh_from_db()
    assert other.merged_into is None


def test_person_pages_show_the_merge_both_ways(client, smith_family, jayden, manager):
    merging.merge_people(
        by=PractitionerFactory(role=Role.DATA_OFFICER).user,
        keep=smith_family.jaden,
        other=jayden.other,
        reason=REASON,
    )
    client.force_login(manager.user)
    kept = client.get(f"/people/{smith_family.jaden.pk}/").content.decode()
    assert "Also recorded as" in kept
    assert jayden.other.la_child_id in kept
    assert f'action="/people/{jayden.other.pk}/unmerge/"' in kept
    away = client.get(f"/people/{jayden.other.pk}/").content.decode()
    assert "Merged into" in away
    assert f'href="/people/{smith_family.jaden.pk}/"' in away
    assert "Change personal details" not in away

    response = client.post(f"/people/{jayden.other.pk}/unmerge/", {"reason": "Not him"})
    assert response["Location"] == f"/people/{jayden.other.pk}/"
    # The family page lists the kept record once again, and no longer the merged one.
    assert jayden.memberships.filter(person=jayden.other, left_on__isnull=True).exists()


def test_workers_cannot_reach_the_merge_pages(client, smith_family, jayden, family_worker):
    InvolvementFactory(family=jayden, practitioner=family_worker)
    client.force_login(family_worker.user)
    keep, other = smith_family.jaden, jayden.other
    url = f"/people/{keep.pk}/merge/?record={other.la_child_id}"
    assert client.get(url).status_code == 404
    response = client.post(url, {"reason": "x", "keep_version": 1, "other_version": 1})
    assert response.status_code == 404
    assert "Merge another record" not in client.get(f"/people/{keep.pk}/").content.decode()
    other.refresh_from_db()
    assert other.merged_into is None


def test_sealed_record_is_not_found_on_the_merge_page(client, smith_family, jayden, data_officer):
    ig = PractitionerFactory(role=Role.IG_OFFICER)
    ig_actions.family_seal(by=ig.user, family=jayden, reason="Refuge", access_list=[ig])
    client.force_login(data_officer.user)
    url = f"/people/{smith_family.jaden.pk}/merge/"
    _say_why(client, smith_family.jaden)
    page = client.get(url, {"record": jayden.other.la_child_id}).content.decode()
    assert merging.NO_SUCH_RECORD in page
    assert client.get(f"/people/{jayden.other.pk}/merge/").status_code == 404


def test_merged_record_is_not_a_matching_candidate(smith_family, jayden, data_officer):
    from matching import register

    register.refresh([smith_family.jaden.pk, jayden.other.pk])
    record = {"first_name": "Jayden", "surname": "Smyth", "dob": "2016-07-03"}
    assert jayden.other.pk in [m.person_id for m in register.find(record)]
    merge = merging.merge_people(
        by=data_officer.user, keep=smith_family.jaden, other=jayden.other, reason=REASON
    )
    found = [m.person_id for m in register.find(record)]
    assert jayden.other.pk not in found
    assert smith_family.jaden.pk in found
    register.reindex()  # a full rebuild does not bring the merged-away record back
    assert jayden.other.pk not in [m.person_id for m in register.find(record)]
    assert not register.PersonKey.objects.filter(person_id=jayden.other.pk).exists()
    merging.unmerge(by=data_officer.user, merge=merge, reason="Not the same")
    assert jayden.other.pk in [m.person_id for m in register.find(record)]


def test_demo_reset_removes_merges_of_synthetic_people(smith_family, data_officer):
    from demo import borough

    new = PersonFactory(given_name="Jaden", family_name="Smith", date_of_birth="2016-03-07")
    merging.merge_people(by=data_officer.user, keep=smith_family.jaden, other=new, reason="x")
    borough.reset()
    assert not PersonMerge.objects.exists()
    assert not Person.objects.filter(is_synthetic=True).exists()


def test_undoing_a_merge_does_not_land_on_are_these_the_same_person(
    client, smith_family, jayden, data_officer
):
    """Issue 17: after undoing, the page must not invite merging the two again."""
    from django.urls import reverse

    from conftest import client_for

    keep, other = smith_family.jaden, jayden.other
    merging.merge_people(by=data_officer.user, keep=keep, other=other, reason=REASON)
    c = client_for(client, data_officer)
    response = c.post(reverse("people:unmerge", args=[other.pk]), {"reason": "Different children"})
    assert response.status_code == 302
    assert "/merge/" not in response["Location"]
    other.refresh_from_db()
    assert other.merged_into is None

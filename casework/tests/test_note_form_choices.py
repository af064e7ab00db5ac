"""The family page's case note form offers the family's members from what the page has already
read (people.queries.family_facts), in the same order and with the same people as the form's
own querysets, which still check what is posted."""

import pytest

from casework import queries
from casework.forms import CaseNoteForm
from people.factories import MembershipFactory, PersonFactory
from people.queries import family_facts

pytestmark = pytest.mark.django_db


def _labels(field) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


def test_offered_members_match_the_querysets(smith_family):
    family = smith_family
    older = PersonFactory(given_name="Amara", family_name="Smith", date_of_birth="2012-01-02")
    MembershipFactory(family=family, person=older, role="child")
    gran = PersonFactory(given_name="Rose", family_name="Smith", date_of_birth="1960-02-03")
    MembershipFactory(family=family, person=gran, role="other_adult")
    gone = PersonFactory(given_name="Left", family_name="Smith", date_of_birth="1985-01-01")
    MembershipFactory(family=family, person=gone, role="parent_carer", left_on="2024-01-01")

    from_db = CaseNoteForm(
        members=queries.current_members(family), children=queries.current_children(family)
    )
    offered = CaseNoteForm(
        members=queries.current_members(family), children=queries.current_children(family)
    )
    offered.offer_from(family_facts(family).memberships)

    assert _labels(offered.fields["seen"]) == _labels(from_db.fields["seen"])
    assert [name for _, name in _labels(offered.fields["seen"])] == [
        "Rose Smith",
        "Kelly Smith",
        "Amara Smith",
        "Jaden Smith",
    ]
    assert sorted(_labels(offered.fields["seen_alone"])) == sorted(
        _labels(from_db.fields["seen_alone"])
    )


def test_a_posted_person_outside_the_family_is_still_refused(smith_family):
    stranger = PersonFactory(given_name="Not", family_name="Here")
    form = CaseNoteForm(
        {
            "kind": "home_visit",
            "occurred_on_0": "1",
            "occurred_on_1": "1",
            "occurred_on_2": "2025",
            "seen": [stranger.pk],
            "text": "Visited",
        },
        members=queries.current_members(smith_family),
        children=queries.current_children(smith_family),
    )
    form.offer_from(family_facts(smith_family).memberships)
    assert not form.is_valid()
    assert "seen" in form.errors

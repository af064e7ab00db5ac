"""The family drawn from the record (issue 17): a constructed three-generation family with a
separated parent and a deceased grandparent; recording the death and the separation through
the actions; the genogram, the ecomap and their tables; the chronology PDF's copy."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

import rules
from casework import queries
from people import actions as people_actions
from people.models import Relationship

from .walsh import build_walsh

pytestmark = pytest.mark.django_db


@pytest.fixture
def walsh(family_worker, colleague):
    w = build_walsh(family_worker, colleague, rules.current("timescales").version)
    people_actions.person_update(
        by=family_worker.user,
        person=w.bridget,
        expected_version=w.bridget.version,
        data={"date_of_death": dt.date(2019, 11, 4)},
    )
    people_actions.relationship_end(
        by=family_worker.user, family=w.family, relationship=w.couple, ended_on=dt.date(2023, 6, 1)
    )
    return w


def test_the_genogram_table_holds_the_facts(walsh, family_worker):
    drawn = queries.family_drawn(family_worker.user, walsh.family)
    rows = {r.name: r for r in drawn.people}
    assert [r.generation for r in drawn.people] == [1, 1, 2, 2, 3, 3]
    assert rows["Bridget Walsh"].died == "4 November 2019"
    assert rows["Sean Byrne"].household == "No"
    assert "Partner of Claire Walsh (separated June 2023)" in rows["Sean Byrne"].relationships
    assert rows["Claire Walsh"].parental_responsibility == ["For Colm Walsh", "For Aoife Walsh"]
    assert rows["Colm Walsh"].of_concern
    assert not rows["Aoife Walsh"].of_concern
    assert "Bridget Walsh (died" not in drawn.genogram  # names only; the years are separate
    assert 'role="img"' in drawn.genogram
    assert "Died: Bridget Walsh." in drawn.genogram
    assert "Child or children of concern: Colm Walsh." in drawn.genogram


def test_the_ecomap_table_holds_the_ties(walsh, family_worker):
    drawn = queries.family_drawn(family_worker.user, walsh.family)
    ties = {t.label: t for t in drawn.ties}
    hub = ties[family_worker.organisation.name]
    assert hub.mark == "Lead practitioner and cover"
    assert hub.strength == "strong"
    assert ties["St Brigid's Primary"].strength == "moderate"
    assert ties["Northgate Housing"].strength == "weak"
    assert ties["Tom Walsh"].strength == "network"
    assert "Bridget Walsh" not in ties  # she has died: not around the family now
    assert drawn.ties[0].label == family_worker.organisation.name  # the lead first


def test_recording_a_separation_is_checked_and_audited(walsh, family_worker):
    from audit.models import AuditEvent
    from familyhub import errors

    assert Relationship.objects.get(pk=walsh.couple.pk).ended_on == dt.date(2023, 6, 1)
    assert AuditEvent.objects.filter(
        object_type="people.relationship", object_id=str(walsh.couple.pk)
    ).exists()
    with pytest.raises(errors.RuleViolation):  # already recorded
        people_actions.relationship_end(
            by=family_worker.user, family=walsh.family, relationship=walsh.couple,
            ended_on=dt.date(2023, 6, 1),
        )  # fmt: skip
    parent = Relationship.objects.get(from_person=walsh.claire, to_person=walsh.colm)
    with pytest.raises(errors.RuleViolation):  # not a couple
        people_actions.relationship_end(
            by=family_worker.user, family=walsh.family, relationship=parent,
            ended_on=dt.date(2023, 6, 1),
        )  # fmt: skip


def test_the_chronology_pdf_carries_the_drawings_and_tables(walsh, family_worker):
    from access.principals import principal_for

    drawn = queries.family_drawn(family_worker.user, walsh.family)
    html = render_to_string(
        "casework/chronology_pdf.html",
        {
            "family": walsh.family,
            "entries": [],
            "filters": "everything",
            "by": principal_for(family_worker.user),
            "now": dt.datetime(2026, 12, 8, 19, 7, tzinfo=dt.UTC),
            "drawn": drawn,
        },
    )
    assert "Genogram of the Walsh family" in html
    assert "Ecomap of the Walsh family" in html
    assert "The people in the genogram" in html
    assert "7:07pm on 8 December 2026" in html

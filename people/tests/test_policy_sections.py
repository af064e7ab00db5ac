"""Sections: partners see who the family are and who is involved, and what is shared with them."""

import datetime as dt

import pytest

from organisations.factories import InvolvementFactory
from people.actions import chronicle
from people.policy import can_view_section
from sharing import actions as sharing_actions

pytestmark = pytest.mark.django_db


def test_partner_sees_shared_sections_only(family_worker, school_dsl, smith_family):
    InvolvementFactory(
        family=smith_family, practitioner=school_dsl, person=smith_family.jaden, role="dsl"
    )
    for section in ("members", "involvements"):
        assert can_view_section(school_dsl.user, smith_family, section)
    for section in ("chronology", "adult_needs", "case_notes", "assessment", "plan"):
        assert not can_view_section(school_dsl.user, smith_family, section)
        assert can_view_section(family_worker.user, smith_family, section)
    sharing_actions.sharing_record(
        by=family_worker.user,
        family=smith_family,
        decision="shared",
        recipient=school_dsl.organisation,
        sections=["plan"],
        purpose="School actions",
        art6_basis="6_1_e",
        consent_position="given",
    )
    assert can_view_section(school_dsl.user, smith_family, "plan")
    assert not can_view_section(school_dsl.user, smith_family, "adult_needs")


def test_expired_share_no_longer_opens_the_section(family_worker, school_dsl, smith_family):
    InvolvementFactory(family=smith_family, practitioner=school_dsl)
    record, _ = sharing_actions.sharing_record(
        by=family_worker.user,
        family=smith_family,
        decision="shared",
        recipient=school_dsl.organisation,
        sections=["chronology"],
        purpose="x",
        art6_basis="6_1_e",
        consent_position="given",
    )
    assert can_view_section(school_dsl.user, smith_family, "chronology")
    record.expires_on = dt.date(2020, 1, 1)
    record.save()
    assert not can_view_section(school_dsl.user, smith_family, "chronology")


def test_partner_family_page_shows_only_its_own_chronology_entries(
    family_worker, school_dsl, smith_family, client
):
    InvolvementFactory(family=smith_family, practitioner=school_dsl)
    chronicle(
        by=family_worker.user,
        family=smith_family,
        kind="note",
        summary="Mum told me about her depression",
    )
    chronicle(
        by=school_dsl.user,
        family=smith_family,
        kind="note",
        summary="Attendance fell to 85% this term",
    )
    client.force_login(school_dsl.user)
    page = client.get(f"/families/{smith_family.pk}/").content.decode()
    assert "Attendance fell to 85% this term" in page
    assert "depression" not in page
    assert "has not been shared with" in page

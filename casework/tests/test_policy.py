"""casework.policy's rules as a matrix: each predicate and its queryset filter agree, and
give the expected answer, for each role and relationship to the family."""

import pytest

from casework import policy
from casework.models import CaseNote, Episode
from casework.tests.conftest import build_episode
from organisations.factories import InvolvementFactory
from organisations.models import Practitioner
from organisations.policy import absence_manageable_q, can_record_absence
from people.policy import can_view_handover, can_view_section

pytestmark = pytest.mark.django_db

# (actor, sees casework, sees a supervision note, sees the episode in a caseload,
#  may record the family worker's absence, may record casework)
MATRIX = [
    ("family_worker", True, True, True, True, True),
    ("colleague", True, True, False, False, True),
    ("manager", True, True, True, True, True),
    ("stranger", False, False, False, False, False),
    ("dsl_involved", True, False, False, False, False),
    ("dsl_not_involved", False, False, False, False, False),
    ("ig_officer", False, False, False, False, False),
]


@pytest.fixture
def cast(smith_family, family_worker, colleague, manager, stranger, school_dsl, ig_officer):
    episode = build_episode(
        smith_family,
        smith_family.jaden,
        "EH",
        "allocated",
        allocated_to=family_worker,
        team=family_worker.team,
    )
    visit = CaseNote.objects.create(
        family=smith_family,
        kind="visit",
        occurred_on="2025-01-02",
        text="Visit",
        author=family_worker.user,
        agency=family_worker.organisation,
    )
    supervision = CaseNote.objects.create(
        family=smith_family,
        kind="supervision",
        occurred_on="2025-01-02",
        text="Supervision",
        author=family_worker.user,
        agency=family_worker.organisation,
    )
    return {
        "family": smith_family,
        "episode": episode,
        "visit": visit,
        "supervision": supervision,
        "family_worker": family_worker,
        "colleague": colleague,
        "manager": manager,
        "stranger": stranger,
        "school_dsl": school_dsl,
        "ig_officer": ig_officer,
    }


def _actor(name, cast):
    if name == "dsl_involved":
        InvolvementFactory(family=cast["family"], practitioner=cast["school_dsl"], role="dsl")
        return cast["school_dsl"].user
    if name == "dsl_not_involved":
        return cast["school_dsl"].user
    return cast[name].user


@pytest.mark.parametrize(("who", "view", "supervision", "caseload", "absence", "record"), MATRIX)
def test_casework_matrix(cast, who, view, supervision, caseload, absence, record):
    user = _actor(who, cast)
    episode, family = cast["episode"], cast["family"]
    assert policy.can_view_casework(user, family) is view
    assert (
        Episode.objects.filter(policy.casework_visibility_q(user), pk=episode.pk).exists() is view
    )
    assert policy.can_record_casework(user, family) is record

    # A partner sees another agency's case notes only when the family shares them with it.
    visit = view and who != "dsl_involved"
    for note, expected in ((cast["visit"], visit), (cast["supervision"], supervision)):
        assert policy.can_view_case_note(user, note) is expected
        assert (
            CaseNote.objects.filter(policy.case_note_visibility_q(user), pk=note.pk).exists()
            is expected
        )

    assert policy.can_see_in_caseload(user, episode) is caseload
    assert Episode.objects.filter(policy.caseload_q(user), pk=episode.pk).exists() is caseload

    target = cast["family_worker"]
    assert can_record_absence(user, target) is absence
    assert Practitioner.objects.filter(absence_manageable_q(user), pk=target.pk).exists() is absence


def test_caseload_filter_finds_the_teams_work_by_index_not_by_a_join(
    smith_family, family_worker, manager, stranger
):
    """Issue 16 (Load): a manager's caseload filter joined each episode to its worker's team
    inside an OR, so PostgreSQL read every open episode; now the workers of the managed teams
    are named by id, and the filter is two index look-ups. Same answers: the team's work,
    whoever holds it, and work allocated to one of its workers from another team."""
    from organisations.factories import PractitionerFactory

    elsewhere = PractitionerFactory(team=stranger.team, organisation=stranger.organisation)
    theirs = build_episode(
        smith_family, smith_family.jaden, "EH", "allocated", allocated_to=family_worker,
        team=stranger.team,
    )  # fmt: skip
    teams = build_episode(
        smith_family, smith_family.jaden, "EH", "allocated", allocated_to=elsewhere,
        team=manager.team,
    )  # fmt: skip
    other = build_episode(
        smith_family, smith_family.jaden, "EH", "allocated", allocated_to=elsewhere,
        team=stranger.team,
    )  # fmt: skip
    found = Episode.objects.filter(policy.caseload_q(manager.user))
    assert set(found.values_list("pk", flat=True)) == {theirs.pk, teams.pk}
    assert other.pk not in set(found.values_list("pk", flat=True))
    sql = str(found.query)
    assert "organisations_practitioner" not in sql, sql


def test_caseload_leaves_out_sealed_families_without_joining_every_family(
    smith_family, family_worker
):
    """Issue 16 (Load): the caseload filter left out sealed families by joining every episode
    to its family (`family__is_restricted=False`); at 1,000,000 people PostgreSQL merged a
    manager's episodes with all 333,000 families. Now the few sealed families' ids are a
    subquery (a partial index finds them). Same answer: a sealed family's work is not listed."""
    from people.factories import FamilyFactory, MembershipFactory, PersonFactory

    mine = build_episode(
        smith_family, smith_family.jaden, "EH", "allocated", allocated_to=family_worker
    )
    sealed = FamilyFactory(is_restricted=True)
    child = PersonFactory()
    MembershipFactory(family=sealed, person=child, role="child")
    build_episode(sealed, child, "EH", "allocated", allocated_to=family_worker)
    found = Episode.objects.filter(policy.caseload_q(family_worker.user))
    assert set(found.values_list("pk", flat=True)) == {mine.pk}
    sql = str(found.query)
    assert 'JOIN "people_family"' not in sql, sql


def test_partner_who_leads_may_record_casework(cast):
    from casework import actions

    dsl = cast["school_dsl"]
    InvolvementFactory(family=cast["family"], practitioner=dsl, role="dsl")
    assert not policy.can_record_casework(dsl.user, cast["family"])
    actions.lead_assign(
        by=cast["family_worker"].user,
        family=cast["family"],
        lead=dsl,
        cover=None,
        family_say="chosen",
    )
    fresh = type(dsl.user).objects.get(pk=dsl.user.pk)
    assert policy.can_record_casework(fresh, cast["family"])
    assert policy.is_lead_practitioner(fresh, cast["family"])


@pytest.mark.parametrize("section", ["assessment", "plan", "chronology", "adult_needs"])
def test_a_partner_who_leads_the_family_sees_every_section(
    smith_family, family_worker, school_dsl, section
):
    """A teacher or health visitor can be the lead practitioner: they then see the whole
    record they lead, not only what is shared with their agency."""
    from casework import actions

    InvolvementFactory(family=smith_family, practitioner=school_dsl, role="dsl")
    assert not can_view_section(school_dsl.user, smith_family, section)
    assert not can_view_handover(school_dsl.user, smith_family)
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=school_dsl,
        cover=None,
        family_say="chosen",
    )
    assert can_view_section(school_dsl.user, smith_family, section)
    assert can_view_handover(school_dsl.user, smith_family)


def test_a_partner_who_leads_sees_the_other_agencies_case_notes_in_the_list_too(cast):
    """The case-note filter and predicate agree for a partner lead (the filter once left out
    the families a partner leads, so the notes it could open were missing from its lists)."""
    from casework import actions

    dsl = cast["school_dsl"]
    InvolvementFactory(family=cast["family"], practitioner=dsl, role="dsl")
    visit = cast["visit"]

    def listed(user):
        return CaseNote.objects.filter(policy.case_note_visibility_q(user), pk=visit.pk).exists()

    assert not policy.can_view_case_note(dsl.user, visit)
    assert not listed(dsl.user)
    actions.lead_assign(
        by=cast["family_worker"].user,
        family=cast["family"],
        lead=dsl,
        cover=None,
        family_say="chosen",
    )
    fresh = type(dsl.user).objects.get(pk=dsl.user.pk)
    assert policy.can_view_case_note(fresh, visit)
    assert listed(fresh)
    assert not policy.can_view_case_note(fresh, cast["supervision"])
    assert not CaseNote.objects.filter(
        policy.case_note_visibility_q(fresh), pk=cast["supervision"].pk
    ).exists()

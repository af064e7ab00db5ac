"""people.policy (families and people): every rule's predicate and queryset filter must
agree, and give the expected answer, for each role and relationship to a family."""

import datetime as dt

import pytest
from django.utils import timezone

from access import registry
from access.principals import ANONYMOUS, PrincipalKind, Purpose, principal_for
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
    UserFactory,
)
from organisations.models import InvolvementRole, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.models import Family, Person
from people.policy import (
    can_contribute_to_family,
    can_create_family,
    can_edit_family,
    can_edit_person,
    can_use_register,
    can_view_family,
    can_view_person,
    family_visibility_q,
    person_visibility_q,
)

pytestmark = pytest.mark.django_db


def _sees(actor, family, purpose=Purpose.VIEW) -> bool:
    """Whether the queryset filter lets the family through."""
    q = family_visibility_q(actor, purpose)
    return Family.objects.filter(q).filter(pk=family.pk).exists()


def _sees_person(actor, person) -> bool:
    return Person.objects.filter(person_visibility_q(actor)).filter(pk=person.pk).exists()


def _fresh(user):
    """principal_for() caches on the user object; tests that change data use a fresh copy."""
    return type(user).objects.get(pk=user.pk)


# Each case: (label, function building the actor for smith_family, can view, can edit).
def _family_worker(ctx):
    return ctx["family_worker"].user


def _colleague(ctx):
    # Involvements are recorded against the worker's team, so the whole team can see the family.
    return ctx["colleague"].user


def _manager(ctx):
    return ctx["manager"].user


def _manager_via_manages(ctx):
    """A manager in another team who manages the worker's team (Practitioner.manages)."""
    other = TeamFactory(organisation=ctx["family_worker"].organisation)
    m = PractitionerFactory(organisation=other.organisation, team=other, role=Role.TEAM_MANAGER)
    m.manages.add(ctx["family_worker"].team)
    return m.user


def _stranger(ctx):
    return ctx["stranger"].user


def _same_org_other_team(ctx):
    other = TeamFactory(organisation=ctx["family_worker"].organisation)
    return PractitionerFactory(organisation=other.organisation, team=other).user


def _dsl_involved(ctx):
    dsl = ctx["school_dsl"]
    InvolvementFactory(family=ctx["family"], practitioner=dsl, role=InvolvementRole.DSL)
    return dsl.user


def _dsl_not_involved(ctx):
    return ctx["school_dsl"].user


def _ig_officer(ctx):
    return ctx["ig_officer"].user


def _ig_officer_involved(ctx):
    """Even with an involvement row, an IG officer does not see case records."""
    ig = ctx["ig_officer"]
    InvolvementFactory(family=ctx["family"], practitioner=ig, role=InvolvementRole.OTHER)
    return ig.user


def _no_practitioner(ctx):
    return UserFactory()


def _superuser_no_practitioner(ctx):
    return UserFactory(is_superuser=True, is_staff=True)


MATRIX = [
    ("family worker directly involved", _family_worker, True, True),
    ("colleague in the same team", _colleague, True, True),
    ("manager of the team", _manager, True, True),
    ("manager who manages the team from another team", _manager_via_manages, True, True),
    ("stranger in another organisation", _stranger, False, False),
    ("same organisation, other team, not involved", _same_org_other_team, False, False),
    ("school DSL (partner) with an involvement", _dsl_involved, True, False),
    ("school DSL (partner) without an involvement", _dsl_not_involved, False, False),
    ("IG officer", _ig_officer, False, False),
    ("IG officer with an involvement row", _ig_officer_involved, False, False),
    ("user with no practitioner record", _no_practitioner, False, False),
    ("superuser with no practitioner record", _superuser_no_practitioner, False, False),
]


@pytest.fixture
def ctx(smith_family, family_worker, colleague, manager, stranger, school_dsl, ig_officer):
    return {
        "family": smith_family,
        "family_worker": family_worker,
        "colleague": colleague,
        "manager": manager,
        "stranger": stranger,
        "school_dsl": school_dsl,
        "ig_officer": ig_officer,
    }


@pytest.mark.parametrize(
    ("label", "make_actor", "view", "edit"), MATRIX, ids=[m[0] for m in MATRIX]
)
def test_family_access_matrix(ctx, label, make_actor, view, edit):
    family = ctx["family"]
    actor = make_actor(ctx)

    assert can_view_family(actor, family) is view, label
    assert _sees(actor, family) is view, f"{label}: queryset filter disagrees with predicate"

    assert can_edit_family(actor, family) is edit, label
    assert _sees(actor, family, Purpose.EDIT) is edit, (
        f"{label}: edit filter disagrees with predicate"
    )
    # Contributing follows viewing; the person-level rules follow the family.
    assert can_contribute_to_family(actor, family) is view
    for person in (family.jaden, family.kelly):
        assert can_view_person(actor, person) is view, label
        assert _sees_person(actor, person) is view, f"{label}: person filter disagrees"
        assert can_edit_person(actor, person) is edit, label


@pytest.mark.parametrize(
    ("label", "make_actor", "view", "edit"), MATRIX, ids=[m[0] for m in MATRIX]
)
def test_principal_for_resolves_the_same_answers(ctx, label, make_actor, view, edit):
    """Passing a Principal instead of a user gives the same answers."""
    family = ctx["family"]
    principal = principal_for(make_actor(ctx))
    assert can_view_family(principal, family) is view
    assert _sees(principal, family) is view


def test_anonymous_and_none_see_nothing(smith_family):
    from django.contrib.auth.models import AnonymousUser

    for actor in (None, AnonymousUser(), ANONYMOUS):
        assert not can_view_family(actor, smith_family)
        assert not _sees(actor, smith_family)
        assert not _sees_person(actor, smith_family.jaden)
        assert not registry.has_capability(actor, "can_view_audit")
        assert not can_use_register(actor)
        assert not can_create_family(actor)


def test_ended_involvement_gives_no_access(smith_family, family_worker):
    today = timezone.localdate()
    involvement = smith_family.involvements.get(practitioner=family_worker)
    involvement.ended_on = today - dt.timedelta(days=1)
    involvement.save()
    # The team also loses sight: the involvement was the only link.
    for user in (family_worker.user,):
        actor = _fresh(user)
        assert not can_view_family(actor, smith_family)
        assert not _sees(actor, smith_family)
        assert not can_view_person(actor, smith_family.jaden)
        assert not _sees_person(actor, smith_family.jaden)


def test_involvement_ending_today_still_gives_access(smith_family, family_worker):
    involvement = smith_family.involvements.get(practitioner=family_worker)
    involvement.ended_on = timezone.localdate()
    involvement.save()
    actor = _fresh(family_worker.user)
    assert can_view_family(actor, smith_family)
    assert _sees(actor, smith_family)


def test_ended_involvement_does_not_give_colleagues_access(smith_family, family_worker, colleague):
    involvement = smith_family.involvements.get(practitioner=family_worker)
    involvement.ended_on = timezone.localdate() - dt.timedelta(days=1)
    involvement.save()
    assert not can_view_family(colleague.user, smith_family)
    assert not _sees(colleague.user, smith_family)


def test_future_started_involvement_gives_no_access(family_worker):
    family = FamilyFactory()
    InvolvementFactory(
        family=family,
        practitioner=family_worker,
        started_on=timezone.localdate() + dt.timedelta(days=1),
    )
    assert not can_view_family(family_worker.user, family)
    assert not _sees(family_worker.user, family)


def test_involvement_starting_today_gives_access(family_worker):
    family = FamilyFactory()
    InvolvementFactory(family=family, practitioner=family_worker, started_on=timezone.localdate())
    assert can_view_family(family_worker.user, family)
    assert _sees(family_worker.user, family)


@pytest.mark.parametrize("who", ["family_worker", "colleague", "manager"])
def test_restricted_family_is_invisible_even_to_those_involved(smith_family, who, request):
    smith_family.is_restricted = True
    smith_family.save()
    user = request.getfixturevalue(who).user
    assert not can_view_family(user, smith_family)
    assert not _sees(user, smith_family)
    assert not can_edit_family(user, smith_family)
    assert not _sees(user, smith_family, Purpose.EDIT)
    # ... and so are its members, through that family.
    assert not can_view_person(user, smith_family.jaden)
    assert not _sees_person(user, smith_family.jaden)


def test_restricted_person_is_invisible_though_the_family_is_visible(smith_family, family_worker):
    jaden = smith_family.jaden
    jaden.is_restricted = True
    jaden.save()
    user = family_worker.user
    assert can_view_family(user, smith_family)
    assert not can_view_person(user, jaden)
    assert not _sees_person(user, jaden)
    assert not can_edit_person(user, jaden)
    # Kelly is not restricted.
    assert can_view_person(user, smith_family.kelly)
    assert _sees_person(user, smith_family.kelly)


def test_person_visibility_follows_any_visible_family(
    family_worker, stranger, smith_family, other_family
):
    """A person in two families is visible to anyone who sees either family."""
    shared = PersonFactory(given_name="Shared", family_name="Member")
    MembershipFactory(family=smith_family, person=shared, role="wider_family")
    MembershipFactory(family=other_family, person=shared, role="wider_family")
    jones = other_family.memberships.exclude(person=shared).get().person
    for user, sees_jones, sees_jaden in (
        (family_worker.user, False, True),
        (stranger.user, True, False),
    ):
        assert can_view_person(user, shared)
        assert _sees_person(user, shared)
        assert can_view_person(user, jones) is sees_jones
        assert _sees_person(user, jones) is sees_jones
        assert can_view_person(user, smith_family.jaden) is sees_jaden
        assert _sees_person(user, smith_family.jaden) is sees_jaden


def test_person_with_no_family_is_invisible(family_worker):
    loner = PersonFactory()
    assert not can_view_person(family_worker.user, loner)
    assert not _sees_person(family_worker.user, loner)


def test_person_visibility_filter_agrees_with_predicate_for_everyone(
    smith_family,
    other_family,
    family_worker,
    colleague,
    manager,
    stranger,
    school_dsl,
    ig_officer,
):
    """Across every person and every actor, the filter and the predicate give one answer."""
    restricted = PersonFactory(is_restricted=True)
    MembershipFactory(family=smith_family, person=restricted)
    PersonFactory()  # in no family
    actors = [p.user for p in (family_worker, colleague, manager, stranger, school_dsl, ig_officer)]
    for actor in actors:
        visible = set(
            Person.objects.filter(person_visibility_q(actor)).values_list("pk", flat=True)
        )
        for person in Person.objects.all():
            assert can_view_person(actor, person) is (person.pk in visible), (actor, person)
        families = set(
            Family.objects.filter(family_visibility_q(actor)).values_list("pk", flat=True)
        )
        for family in Family.objects.all():
            assert can_view_family(actor, family) is (family.pk in families)


def test_involvement_of_another_team_in_same_org_does_not_leak(family_worker):
    """Only the involved practitioner's team (or their managers) gets sight."""
    org = family_worker.organisation
    other_team = TeamFactory(organisation=org)
    other_worker = PractitionerFactory(organisation=org, team=other_team)
    family = FamilyFactory()
    InvolvementFactory(family=family, practitioner=other_worker)
    assert not can_view_family(family_worker.user, family)
    assert not _sees(family_worker.user, family)
    assert can_view_family(other_worker.user, family)
    assert _sees(other_worker.user, family)


def test_organisation_only_involvement_gives_no_individual_access(family_worker):
    org = OrganisationFactory()
    family = FamilyFactory()
    InvolvementFactory(family=family, practitioner=None, organisation=org, team=None)
    assert not can_view_family(family_worker.user, family)
    assert not _sees(family_worker.user, family)


def test_can_edit_family_false_for_partner_and_ig_officer(smith_family, school_dsl, ig_officer):
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role=InvolvementRole.DSL)
    InvolvementFactory(family=smith_family, practitioner=ig_officer, role=InvolvementRole.OTHER)
    assert can_view_family(school_dsl.user, smith_family)
    assert not can_edit_family(school_dsl.user, smith_family)
    assert not can_edit_person(school_dsl.user, smith_family.jaden)
    assert not can_edit_family(ig_officer.user, smith_family)
    assert not _sees(school_dsl.user, smith_family, Purpose.EDIT)
    assert not _sees(ig_officer.user, smith_family, Purpose.EDIT)


@pytest.mark.parametrize(
    ("role", "create", "register", "audit"),
    [
        (Role.FAMILY_WORKER, True, True, False),
        (Role.SOCIAL_WORKER, True, True, False),
        (Role.FRONT_DOOR, True, True, False),
        (Role.TEAM_MANAGER, True, True, False),
        (Role.HUB_COORDINATOR, False, True, False),
        (Role.PARTNER, False, True, False),
        (Role.IG_OFFICER, False, False, True),
        (Role.ADMIN, False, False, False),
    ],
)
def test_role_capabilities(db, role, create, register, audit):
    user = PractitionerFactory(role=role).user
    assert can_create_family(user) is create
    assert can_use_register(user) is register
    assert registry.has_capability(user, "can_view_audit") is audit


def test_principal_for_describes_the_practitioner(family_worker, manager):
    p = principal_for(family_worker.user)
    assert p.kind == PrincipalKind.PRACTITIONER
    assert p.practitioner_id == family_worker.pk
    assert p.organisation_id == family_worker.organisation_id
    assert p.team_ids == frozenset({family_worker.team_id})
    assert p.managed_team_ids == frozenset()
    assert p.label == "Fola Worker"
    m = principal_for(manager.user)
    assert m.managed_team_ids == frozenset({manager.team_id})

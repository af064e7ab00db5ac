"""The demo borough: `familyhub demo` and the generator behind it."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Verb
from demo import households, structure
from organisations.models import (
    Hub,
    Involvement,
    Organisation,
    OrganisationType,
    Practitioner,
    Role,
    Team,
)
from people.identifiers import nhs_number, upn
from people.models import Address, ChronologyEntry, Family, Membership, Person, Relationship
from people.queries import families_visible_to

PASSWORD = "FamilyHub-demo-2026"
WELL_KNOWN = [
    ("family.worker@demo.familyhub.test", Role.FAMILY_WORKER),
    ("social.worker@demo.familyhub.test", Role.SOCIAL_WORKER),
    ("teacher@demo.familyhub.test", Role.PARTNER),
    ("health.visitor@demo.familyhub.test", Role.PARTNER),
    ("front.door@demo.familyhub.test", Role.FRONT_DOOR),
    ("manager@demo.familyhub.test", Role.TEAM_MANAGER),
    ("hub.coordinator@demo.familyhub.test", Role.HUB_COORDINATOR),
    ("ig.officer@demo.familyhub.test", Role.IG_OFFICER),
    ("admin@demo.familyhub.test", Role.ADMIN),
]
MODELS = (
    Organisation,
    Hub,
    Team,
    Practitioner,
    User,
    Family,
    Person,
    Membership,
    Address,
    Relationship,
    Involvement,
    ChronologyEntry,
)


def run_demo(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", stdout=out, stderr=err, **{"families": 30, "seed": 1, **options})
    return out.getvalue(), err.getvalue()


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def borough(db):
    return run_demo()


def test_every_organisation_type_and_role(borough):
    types = Counter(Organisation.objects.values_list("org_type", flat=True))
    assert set(types) == set(OrganisationType.values)
    assert types[OrganisationType.SCHOOL] == 6
    assert types[OrganisationType.GP_PRACTICE] == 3
    assert types[OrganisationType.VOLUNTARY] == 2
    assert Team.objects.filter(organisation__org_type=OrganisationType.HEALTH_VISITING).count() == 2
    assert set(Practitioner.objects.values_list("role", flat=True)) == set(Role.values)
    assert Practitioner.objects.count() >= 28
    for locality in structure.LOCALITIES:
        assert Hub.objects.filter(locality=locality, main_site=None).count() == 1
        assert Hub.objects.filter(locality=locality, main_site__isnull=False).exists()
    for org in Organisation.objects.all():
        assert org.email.endswith(".example")
        assert org.phone.startswith(("020 7946 0", "0113 496 0"))


def test_well_known_users(borough):
    for email, role in WELL_KNOWN:
        practitioner = Practitioner.objects.select_related("user").get(user__email=email)
        assert practitioner.role == role
    teacher = Practitioner.objects.get(user__email="teacher@demo.familyhub.test")
    assert teacher.organisation.org_type == OrganisationType.SCHOOL
    assert "dsl" in teacher.designations
    hv = Practitioner.objects.get(user__email="health.visitor@demo.familyhub.test")
    assert hv.organisation.org_type == OrganisationType.HEALTH_VISITING
    manager = Practitioner.objects.get(user__email="manager@demo.familyhub.test")
    assert manager.team.name == "North early help team"
    # Their own team; the front door's demo data adds the MASH team for sign-off.
    assert manager.team in manager.manages.all()
    fw = Practitioner.objects.get(user__email="family.worker@demo.familyhub.test")
    assert fw.team == manager.team
    social = Practitioner.objects.get(user__email="social.worker@demo.familyhub.test")
    assert social.team.name == "Assessment team"
    assert User.objects.get(email="admin@demo.familyhub.test").is_staff
    designations = {d for p in Practitioner.objects.all() for d in p.designations}
    assert {"dsl", "embedded_sw", "lead_practitioner"} <= designations
    # Every practitioner's demo account shares one password hash (hashed once); partner
    # systems' API clients have accounts with no usable password (they sign in with their
    # keys), and a family member's own sign-in has the password they chose (portal/demo.py).
    people = User.objects.filter(api_client__isnull=True, family_account__isnull=True)
    assert people.values("password").distinct().count() == 1


@pytest.mark.parametrize(("email", "role"), WELL_KNOWN[::4])
def test_well_known_users_can_sign_in(borough, email, role):
    response = Client().post("/sign-in/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_every_well_known_password_works(borough):
    for email, _ in WELL_KNOWN:
        assert User.objects.get(email=email).check_password(PASSWORD)


def test_output_lists_sign_ins_and_progress(db):
    out, err = run_demo()
    for email, _ in WELL_KNOWN:
        assert email in out
    assert PASSWORD in out
    assert "families 30/30" in err
    event = AuditEvent.objects.get(verb=Verb.DEMO_LOAD)
    assert event.actor_label == "demo loader"
    assert event.changes == {"families": 30, "seed": 1}


# The dashboards' synthetic history (insight/demo.py: one child per family, for the figures
# only, with no household or address) is not the households borough these tests describe.
HISTORY = {"memberships__family__reference__startswith": "INS"}


def test_identifiers_are_valid_and_unique(borough):
    assert not Person.objects.filter(is_synthetic=False).exists()
    people = list(Person.objects.exclude(**HISTORY))
    assert Family.objects.filter(is_synthetic=False).count() == 0
    numbers = [p.nhs_number for p in people if p.nhs_number]
    assert len(numbers) > 0.85 * len(people)
    assert all(nhs_number.is_valid(n) for n in numbers)
    assert not any(n.startswith("0") for n in numbers)
    assert len(set(numbers)) == len(numbers)
    upns = [p.upn for p in people if p.upn]
    assert upns
    assert all(upn.is_valid(u) for u in upns)
    assert len(set(upns)) == len(upns)
    today = timezone.localdate()
    for p in people:
        if p.upn:
            assert 4 <= p.age_on(today) <= 17
        assert p.given_key  # search keys were indexed
        assert p.family_key
    assert all(len(f.reference) <= 20 for f in Family.objects.all())


def test_households_and_addresses(borough):
    families = Family.objects.exclude(reference__startswith="INS")
    for family in families.prefetch_related("memberships__person__addresses", "involvements"):
        assert family.hub.locality == family.locality
        assert any(i.is_active for i in family.involvements.all())
        current = set()
        for m in family.memberships.all():
            if m.in_household and m.left_on is None and m.person.date_of_birth:
                here = [a for a in m.person.addresses.all() if a.moved_out_on is None]
                assert len(here) == 1
                current.add(here[0].uprn)
                assert here[0].postcode.startswith("DB")
                assert here[0].town == "Demo Borough"
        assert len(current) == 1, family
    assert ChronologyEntry.objects.filter(kind="family_created").count() == 30
    assert not ChronologyEntry.objects.filter(occurred_at__gt=dt.datetime.now(dt.UTC)).exists()


def test_running_again_changes_nothing(borough):
    before = counts()
    out, _ = run_demo(families=50, seed=7)
    assert "already loaded" in out
    assert "family.worker@demo.familyhub.test" in out
    assert counts() == before


def test_reset_rebuilds_the_same_borough(borough):
    names = sorted(Person.objects.values_list("given_name", "family_name", "date_of_birth"))
    before = counts()
    run_demo(reset=True)
    assert counts() == before
    assert sorted(Person.objects.values_list("given_name", "family_name", "date_of_birth")) == names
    assert AuditEvent.objects.filter(verb=Verb.DEMO_LOAD).count() == 2


def test_unfinished_load_is_reported(db):
    User.objects.create_user("family.worker@demo.familyhub.test", "x", full_name="Half loaded")
    with pytest.raises(CommandError, match="did not finish"):
        run_demo()


def test_refuses_to_run_in_production(db):
    with (
        override_settings(FAMILYHUB={**settings.FAMILYHUB, "DEMO": False}),
        pytest.raises(CommandError, match="DEMO"),
    ):
        run_demo()
    assert Organisation.objects.count() == 0


def test_refuses_a_borough_too_small_for_the_other_apps_demos(db):
    """`--families 20 --seed 1` stopped in the casework demo ("No family with two parents: run
    `familyhub demo` first"), `--families 1` at its "too few families"."""
    for families in (1, 20):
        with pytest.raises(CommandError, match="at least 30"):
            run_demo(families=families)
    assert Organisation.objects.count() == 0


def test_family_worker_sees_her_families(borough):
    user = User.objects.get(email="family.worker@demo.familyhub.test")
    assert families_visible_to(user).count() >= 5
    mine = Involvement.objects.active().filter(practitioner__user=user)
    assert mine.values("family").distinct().count() >= 5
    assert all(i.team_id == i.practitioner.team_id for i in mine)
    teacher = User.objects.get(email="teacher@demo.familyhub.test")
    taught = Involvement.objects.active().filter(practitioner__user=teacher)
    assert taught.exists()
    assert all(i.role == "dsl" and i.person_id for i in taught)


# --- The generator, without the database ----------------------------------------------------

TODAY = dt.date(2026, 11, 23)


def test_same_seed_gives_the_same_borough():
    first = list(households.generate(families=40, seed=5, today=TODAY))
    second = list(households.generate(families=40, seed=5, today=TODAY))
    assert first == second
    other = list(households.generate(families=40, seed=6, today=TODAY))
    names = [(p.given_name, p.family_name, p.date_of_birth) for f in first for p in f.people]
    assert names != [
        (p.given_name, p.family_name, p.date_of_birth) for f in other for p in f.people
    ]


@pytest.fixture(scope="module")
def plans_300():
    return list(households.generate(families=300, seed=2026, today=TODAY))


def test_twins_and_father_and_son_with_the_same_name(plans_300):
    twins = juniors = 0
    for family in plans_300:
        kids = [p for p in family.people if p.role == "child" and p.date_of_birth]
        pairs = Counter((k.family_name, k.date_of_birth) for k in kids)
        for (surname, dob), n in pairs.items():
            if n > 1:
                same = [k for k in kids if (k.family_name, k.date_of_birth) == (surname, dob)]
                assert len({k.given_name for k in same}) == n  # twins have different names
                twins += 1
        for r in family.relationships:
            a, b = family.people[r.from_index], family.people[r.to_index]
            if r.kind == "parent" and a.sex == b.sex == "M" and a.full_name == b.full_name:
                juniors += 1
    assert twins >= 2
    assert juniors >= 1


def test_household_shapes_and_ages(plans_300):
    unborn = wider = step = half = grandparent_carers = 0
    for family in plans_300:
        for p in family.people:
            age = p.age_on(TODAY)
            assert p.sex in ("F", "M") or p.date_of_birth is None
            if p.date_of_birth is None:
                unborn += 1
                assert p.expected_date_of_birth > TODAY
            elif p.role == "child":
                assert 0 <= age <= 17
            elif p.role == "parent_carer" and p.in_household:
                assert 18 <= age <= 80
            wider += not p.in_household
        kinds = Counter(r.kind for r in family.relationships)
        step += kinds["step_parent"] > 0
        half += kinds["half_sibling"] > 0
        grandparent_carers += any(
            r.kind == "grandparent" and family.people[r.from_index].in_household
            for r in family.relationships
        )
    for found in (unborn, wider, step, half, grandparent_carers):
        assert found
    ethnicities = Counter(p.ethnicity for f in plans_300 for p in f.people)
    assert len(ethnicities) >= 12
    languages = Counter(p.first_language for f in plans_300 for p in f.people)
    assert len(languages) >= 10
    assert any(p.interpreter_needed for f in plans_300 for p in f.people)


def test_caseloads_of_the_well_known_users():
    plans = list(households.generate(families=500, seed=2026, today=TODAY))
    caseload = Counter()
    for family in plans:
        for key in {i.practitioner for i in family.involvements if i.ended_on is None}:
            caseload[key] += 1
    assert 15 <= caseload["family_worker"] <= 30
    assert 10 <= caseload["social_worker"] <= 20
    assert caseload["teacher"] >= 5
    assert caseload["health_visitor"] >= 5
    assert all(f.reference.startswith("FH-D") for f in plans)
    assert len({f.reference for f in plans}) == 500

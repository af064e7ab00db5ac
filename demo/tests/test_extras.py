"""Other apps' demo data on top of the borough (FAMILYHUB DEMO_EXTRAS), where it once failed."""

import datetime as dt

import pytest
from django.utils import timezone

from access.models import User
from casework import demo as casework_demo
from casework.models import FamilyPlan
from demo import borough
from demo.structure import DEMO_PASSWORD
from people.models import Family, Membership, Person
from portal import demo as portal_demo
from portal.models import FamilyAccount

TODAY = dt.date(2026, 11, 23)


@pytest.mark.django_db
def test_family_sign_ins_go_to_families_without_a_plan():
    """The portal's demo gives families with no lead a plan of their own and a family sign-in.
    A family with an open plan and no lead (the casework demo's step-down waiting to be
    accepted) is left alone: `familyhub demo --families 40 --seed 3` stopped at "The family
    already has a plan" when the seed chose that family."""
    borough.load(families=12, seed=3, today=TODAY)
    author = User.objects.get(email="social.worker@demo.familyhub.test")
    planned = set(Family.objects.order_by("pk").values_list("pk", flat=True)[::2])
    for pk in planned:
        FamilyPlan.objects.create(family_id=pk, family_words="Back on track.", created_by=author)

    portal_demo.load_demo(seed=3)

    signed_in = set(
        FamilyAccount.objects.filter(sign_in_name__startswith="DEMOEXT").values_list(
            "family_id", flat=True
        )
    )
    assert signed_in
    assert not signed_in & planned
    for pk in signed_in:
        assert FamilyPlan.objects.filter(family_id=pk, ended_on=None).count() == 1


@pytest.mark.django_db
def test_casework_demo_leaves_out_families_whose_children_are_all_babies():
    """The casework demo opens early help on a family's eldest child up to 350 days ago, so it
    chooses families with a child born before that: `--families 30` with seeds 5 and 10 chose a
    family whose only children were younger and stopped at "The referral date must not be
    before the child's date of birth"."""
    borough.load(families=12, seed=3, today=TODAY)
    children = Membership.objects.filter(role="child", left_on=None)
    a_year_and_a_half = timezone.localdate() - dt.timedelta(days=550)
    older = children.filter(person__date_of_birth__lte=a_year_and_a_half)
    keep = (
        Family.objects.filter(pk__in=older.values("family_id"), is_restricted=False)
        .order_by("pk")
        .first()
    )
    kept = children.filter(family=keep).values("person_id")
    born = children.filter(person__date_of_birth__isnull=False)
    babies = born.exclude(person__in=kept).values("person_id")
    Person.objects.filter(pk__in=babies).update(
        date_of_birth=timezone.localdate() - dt.timedelta(days=30)
    )
    for seed in range(5):
        assert casework_demo._families(seed, 1) == [keep]


@pytest.mark.django_db
def test_family_sign_ins_share_the_demo_passwords_one_hash():
    """The family sign-ins have the demo's one password, hashed once for them all: it was
    hashed again for each (argon2 outside the tests, 0.2-0.4 s a time)."""
    borough.load(families=12, seed=3, today=TODAY)

    portal_demo.load_demo(seed=3)

    users = User.objects.filter(family_account__isnull=False)
    assert users.count() >= 2
    assert users.values("password").distinct().count() == 1
    assert users.first().check_password(DEMO_PASSWORD)

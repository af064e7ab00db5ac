"""A constructed family of three generations (synthetic), for the genogram and ecomap tests and
journey: grandparents Bridget (she died in 2019) and Tom; their daughter Claire; Claire's
partner Sean, from whom she has separated and who lives elsewhere; their children Colm (of
concern: an open early help episode) and Aoife. Sean is not yet recorded as separated and
Bridget's death not yet recorded: the tests and the journey record both."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from casework.actions import lead_assign
from casework.models import Episode
from organisations.factories import InvolvementFactory, OrganisationFactory, PractitionerFactory
from organisations.models import OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from people.models import Relationship

D = dt.date


def build_walsh(family_worker, colleague, rules_version: str) -> SimpleNamespace:
    family = FamilyFactory(name="Walsh family")
    people = {}
    for key, given, sex, born, role, home in (
        ("bridget", "Bridget", "F", D(1950, 2, 2), "wider_family", False),
        ("tom", "Tom", "M", D(1948, 7, 7), "wider_family", False),
        ("claire", "Claire", "F", D(1985, 3, 3), "parent_carer", True),
        ("sean", "Sean", "M", D(1983, 8, 8), "parent_carer", False),
        ("colm", "Colm", "M", D(2012, 5, 1), "child", True),
        ("aoife", "Aoife", "F", D(2016, 1, 9), "child", True),
    ):
        surname = "Byrne" if key == "sean" else "Walsh"
        p = PersonFactory(given_name=given, family_name=surname, sex=sex, date_of_birth=born)
        MembershipFactory(family=family, person=p, role=role, in_household=home)
        people[key] = p
    w = SimpleNamespace(family=family, **people)

    def rel(a, kind, b, pr=False):
        return Relationship.objects.create(
            from_person=a, to_person=b, kind=kind, parental_responsibility=pr
        )

    rel(w.bridget, "partner", w.tom)
    for gp in (w.bridget, w.tom):
        rel(gp, "parent", w.claire)
    w.couple = rel(w.claire, "partner", w.sean)
    for child in (w.colm, w.aoife):
        rel(w.claire, "parent", child, pr=True)
        rel(w.sean, "parent", child, pr=True)
    Episode.objects.create(
        family=family,
        child=w.colm,
        kind="EH",
        state="planned",
        referral_date=D(2026, 9, 1),
        rules_version=rules_version,
    )
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    InvolvementFactory(family=family, practitioner=family_worker, started_on=ago(270))
    InvolvementFactory(family=family, practitioner=colleague, started_on=ago(20))
    for name, org_type, who, role, since in (
        ("St Brigid's Primary", OrganisationType.SCHOOL, "Dee Lane", "dsl", ago(60)),
        ("Northgate Housing", OrganisationType.HOUSING, "Hal Ho", "housing_officer", ago(10)),
    ):
        org = OrganisationFactory(name=name, org_type=org_type)
        p = PractitionerFactory(organisation=org, role=Role.PARTNER, user__full_name=who)
        InvolvementFactory(family=family, practitioner=p, role=role, started_on=since)
    lead_assign(
        by=family_worker.user,
        family=family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
    )
    return w

from pathlib import Path

import pytest

from organisations.factories import PractitionerFactory
from organisations.models import Role
from people.factories import AddressFactory, PersonFactory

SCHOOL_ROLL = Path(__file__).resolve().parent.parent / "data" / "school-roll.csv"


@pytest.fixture
def data_officer(db):
    return PractitionerFactory(
        user__full_name="Dana Officer", role=Role.DATA_OFFICER, job_title="Data officer"
    )


@pytest.fixture
def register(smith_family):
    """The register the school roll is linked into: Amelia Khan (whose row matches exactly)
    and Jaden Smith of the Smith family (the roll has "Jayden Smyth" with day and month
    swapped, living elsewhere: a possible match)."""
    jaden = smith_family.jaden
    AddressFactory(person=jaden, line_1="14 Mill Lane", postcode="DB1 2AB")
    amelia = PersonFactory(
        given_name="Amelia",
        family_name="Khan",
        date_of_birth="2015-09-21",
        sex="F",
        nhs_number="9434765919",
    )
    AddressFactory(person=amelia, line_1="3 Park Road", postcode="DB2 4CD")
    return {"jaden": jaden, "amelia": amelia, "kelly": smith_family.kelly, "family": smith_family}

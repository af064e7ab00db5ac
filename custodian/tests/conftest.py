"""The custodian's cast: Jaden Smith (NHS number, a child in a family an early help worker
works with, so children's services details are held), a school and a police force that ask,
each through its partner system's client with the custodian scopes, and the helpers to write
agreements and to ask."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api.tests.conftest import Api, make_client
from custodian import actions
from custodian.models import Mode, RecordType, SharingPurpose
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType
from people.factories import valid_nhs_number
from tests.fixtures import fresh_rate_limits  # noqa: F401 (autouse for the custodian's tests)

CSC = RecordType.CHILDRENS_SERVICES
PERSONAL = RecordType.PERSONAL
SAFEGUARDING = SharingPurpose.SAFEGUARDING
CUSTODIAN_SCOPES = ["custodian:find", "custodian:fetch"]


@pytest.fixture
def jaden(smith_family):
    smith_family.jaden.nhs_number = valid_nhs_number(301)
    smith_family.jaden.save()
    return smith_family.jaden


@pytest.fixture
def school(db):
    return OrganisationFactory(name="Southfields Primary", org_type=OrganisationType.SCHOOL)


@pytest.fixture
def school_api(admin, school):
    return Api(make_client(admin, school, scopes=CUSTODIAN_SCOPES, name="Southfields MIS")[1])


@pytest.fixture
def police_api(admin):
    police = OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE)
    return Api(make_client(admin, police, scopes=CUSTODIAN_SCOPES, name="Police system")[1])


_made = {"n": 0}


def agree(admin, *, record_type=CSC, mode=Mode.CONTENT, purpose=SAFEGUARDING, **overrides):
    """An agreement in force from yesterday, for schools unless told otherwise."""
    _made["n"] += 1
    data = {
        "title": "Test agreement (synthetic)",
        "source_type": OrganisationType.CHILDRENS_SOCIAL_CARE,
        "destination_type": OrganisationType.SCHOOL,
        "record_type": record_type,
        "purpose": purpose,
        "mode": mode,
        "valid_from": timezone.localdate() - dt.timedelta(days=1),
        "valid_until": None,
        "change_note": "",
        **overrides,
    }
    return actions.agreement_create(by=admin.user, reference=f"DSA-T-{_made['n']}", data=data)


def find(api, nhs_number, purpose=SAFEGUARDING):
    return api.post(
        "/api/v1/custodian/find/", {"nhs_number": nhs_number, "purpose": purpose}, key=None
    )


def fetch(api, nhs_number, record_type=CSC, purpose=SAFEGUARDING):
    body = {"nhs_number": nhs_number, "purpose": purpose, "record_type": record_type}
    return api.post("/api/v1/custodian/fetch/", body, key=None)

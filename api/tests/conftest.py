"""The partner API's cast: an administrator, a school that works with the Smith family (its DSL
is involved), the school's API client with every scope, and a police client whose force works
with no family."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api import actions
from api.scopes import Scope
from frontdoor.tests.conftest import (  # noqa: F401 (the front door's cast, for webhooks)
    csc_org,
    fd_manager,
    fd_worker,
    locality_teams,
    mash_team,
)
from hubs.tests.conftest import course, hub, parenting  # noqa: F401 (a hub's course)
from organisations.factories import InvolvementFactory, OrganisationFactory
from organisations.models import InvolvementRole, OrganisationType
from people.factories import valid_nhs_number
from tests.fixtures import fresh_rate_limits  # noqa: F401 (autouse for the API's tests)


@pytest.fixture
def school_involved(smith_family, school_dsl):
    smith_family.jaden.nhs_number = valid_nhs_number(123)
    smith_family.jaden.save()
    InvolvementFactory(family=smith_family, practitioner=school_dsl, role=InvolvementRole.DSL)
    smith_family.locality = "North"
    smith_family.save()
    return school_dsl.organisation


def make_client(admin, organisation, scopes=None, name="Demo MIS"):
    client, key = actions.api_client_create(
        by=admin.user,
        organisation=organisation,
        name=name,
        scopes=list(scopes if scopes is not None else Scope.values),
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    return client, key


class Api:
    """A partner system calling the API with its key."""

    def __init__(self, key: str):
        self.http = Client()
        self.key = key

    def _headers(self, extra):
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        return {**headers, **extra}

    def get(self, path, **headers):
        return self.http.get(path, headers=self._headers(headers))

    def post(self, path, body, key="k-1", **headers):
        if key:
            headers["Idempotency-Key"] = key
        return self.http.post(
            path, body, content_type="application/json", headers=self._headers(headers)
        )


@pytest.fixture
def school_client(admin, school_involved):
    return make_client(admin, school_involved)


@pytest.fixture
def school_api(school_client):
    return Api(school_client[1])


@pytest.fixture
def police_client(admin):
    police = OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE)
    return make_client(admin, police, name="Police system")


@pytest.fixture
def police_api(police_client):
    return Api(police_client[1])


def concern_body(family, **overrides):
    body = {
        "family_reference": family.reference,
        "people": [
            {
                "given_name": "Jaden",
                "family_name": "Smith",
                "date_of_birth": "2016-03-07",
                "role": "child",
            }
        ],
        "worries": "Jaden has come to school hungry every day this week (synthetic).",
        "immediate_risk": False,
        "wants": "advice",
        "consent": "given",
    }
    return {**body, **overrides}

"""The demo's agreement set and requesters: loaded once (idempotent), each requester's key
printed with a child to ask about, the keys working under the agreements, removed on reset."""

from __future__ import annotations

import io
import re

import pytest

from api.models import ApiClient
from api.tests.conftest import Api
from custodian import demo
from custodian.models import Agreement
from organisations.factories import OrganisationFactory, PractitionerFactory
from organisations.models import OrganisationType, Role

from .conftest import fetch, find

pytestmark = pytest.mark.django_db

KEY = re.compile(r"\((?P<org>[^)]*)\): (?P<key>fh_[0-9a-f]{12}_\S+)\n.*NHS number (?P<nhs>\d+)")


class Out:
    def __init__(self):
        self.text = io.StringIO()

    def write(self, line=""):
        self.text.write(line + "\n")


def test_the_demo_agreements_and_requesters(jaden):
    PractitionerFactory(user__email=demo.ADMIN_EMAIL, role=Role.ADMIN)
    OrganisationFactory(name="Northgate Primary School", org_type=OrganisationType.SCHOOL)
    OrganisationFactory(
        name="Demo Community Health NHS Trust – Health Visiting",
        org_type=OrganisationType.HEALTH_VISITING,
    )
    out = Out()
    assert demo.load_demo(stdout=out) == 4
    printed = {m["org"]: m for m in KEY.finditer(out.text.getvalue())}
    assert set(printed) == {
        "Northgate Primary School",
        "Demo Community Health NHS Trust – Health Visiting",
    }, out.text.getvalue()
    assert Agreement.objects.count() == len(demo.AGREEMENTS)
    assert all("synthetic" in a.title for a in Agreement.objects.all())

    health = printed["Demo Community Health NHS Trust – Health Visiting"]
    assert health["nhs"] == jaden.nhs_number
    hv = Api(health["key"])
    assert fetch(hv, jaden.nhs_number).status_code == 200  # content for safeguarding
    assert find(hv, jaden.nhs_number, purpose="education").status_code == 403
    school = Api(printed["Northgate Primary School"]["key"])
    records = find(school, jaden.nhs_number).json()["records"]
    assert {r["record_type"]: r["mode"] for r in records} == {
        "personal.details": "content",
        "childrens-services.details": "existence",
    }
    assert fetch(school, jaden.nhs_number).status_code == 403  # existence only

    again = Out()
    demo.load_demo(stdout=again)  # idempotent: no second agreement set; keys replaced
    assert Agreement.objects.count() == len(demo.AGREEMENTS)
    assert "(0 new)" in again.text.getvalue()
    assert fetch(hv, jaden.nhs_number).status_code == 401  # the old key was replaced
    assert ApiClient.objects.filter(name__contains="Find and Fetch").count() == 2

    demo.reset_demo()
    assert not Agreement.objects.exists()

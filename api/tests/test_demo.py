"""The demo borough's two partner systems: keys printed by `familyhub demo`, replaced on every
run, and everything the clients sent removed with the borough."""

from __future__ import annotations

import re

import pytest

from api.demo import SAMPLE_WEBHOOK
from api.models import ApiClient
from api.tests.conftest import Api, concern_body
from demo.tests.test_demo import run_demo
from frontdoor.models import Concern
from people.models import Family

pytestmark = pytest.mark.django_db(transaction=False)

KEY = re.compile(r"\((?P<org>(?:[^()]|\([^()]*\))*)\): (?P<key>fh_[0-9a-f]{12}_\S+)")


def _keys(out: str) -> dict[str, str]:
    """The keys printed under "Partner API clients" (the custodian's requester clients, which
    may belong to the same organisations, are printed under their own heading)."""
    section = out.split("Partner API clients", 1)[1].splitlines()[1:]
    lines = []
    for line in section:
        if line and not line.startswith("  "):
            break
        lines.append(line)
    return {m["org"]: m["key"] for m in KEY.finditer("\n".join(lines))}


def test_the_demo_has_two_partner_clients_whose_printed_keys_work():
    out, _ = run_demo()
    keys = _keys(out)
    assert set(keys) == {
        "Northgate Primary School",
        "Demo Community Health NHS Trust – Health Visiting",
        "Demo Borough Family Hubs (early help)",
    }
    school = Api(keys["Northgate Primary School"])
    example = re.search(r"e\.g\. family (\S+), child NHS number (\d+)", out)
    assert example, out
    family = Family.objects.get(reference=example[1])
    child = [{"given_name": "As known to the school", "nhs_number": example[2]}]
    sent = school.post("/api/v1/concerns/", concern_body(family, people=child))
    assert sent.status_code == 201, sent.content
    contacts = school.get(f"/api/v1/families/{example[1]}/contacts/")
    assert contacts.status_code == 200, contacts.content

    again, _ = run_demo()
    new = _keys(again)
    assert new["Northgate Primary School"] != keys["Northgate Primary School"]
    assert school.get("/api/v1/concerns/").status_code == 401  # the old key stopped working
    assert Api(new["Northgate Primary School"]).get("/api/v1/concerns/").status_code == 200
    hooks = Api(new["Northgate Primary School"]).get("/api/v1/webhooks/").json()["results"]
    assert [h["url"] for h in hooks] == [SAMPLE_WEBHOOK]  # one sample, kept across runs
    assert ApiClient.objects.count() == 5  # 3 partner systems, 2 Find/Fetch requesters: not doubled

    run_demo(reset=True)  # what the client sent goes with the borough; nothing blocks it
    assert not Concern.objects.filter(reference=sent.json()["reference"]).exists()
    assert ApiClient.objects.count() == 5  # 3 partner systems, 2 Find/Fetch requesters: not doubled

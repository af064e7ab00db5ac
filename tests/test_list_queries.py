"""Every list page and every export asks the database a fixed number of questions, however
many rows it shows (issue 16, "Load": an N+1 must not creep back).

The URLs come from the URLconf: a URL with no object in its path, or one that downloads
(CSV, spreadsheet, PDF, JSON export), is a list or an export and must be pinned in PINNED
(or be pinned elsewhere, or be named in NOT_A_LIST with why); a new one fails
test_every_list_url_is_pinned until it is. Lists of one object's things (a family's notes,
its chronology, a partner system's calls, a dashboard's children) are pinned too.

Each pinned URL is asked by someone who may see it, on the authorisation cast (one open family
with a real object of every kind, tests/list_queries_cast.py), then again after `grow` added
more families with everything the first has, and more of each list's other rows: the count
must be the same both times and equal to the pinned number. If a change adds a query to a
list, that is a decision: raise the number here with a reason in the commit, never to hide a
query per row. The audit trail's transaction lock on PostgreSQL (pg_advisory_xact_lock) is
not counted, so the numbers hold on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from access import reauth
from tests.authorisation_cast import url_names
from tests.list_queries_cast import build, grow

# --- What is a list -----------------------------------------------------------------------
EXPORT = re.compile(r"(download|export|\.csv|\.pdf|\.xlsx|letter)")

# url name -> (who asks, path, queries): the path is a format string over the cast's open
# family's objects `o` and the extras `e`; "api" asks with the partner system's key, "anon"
# signed out.
PINNED: dict[str, tuple[str, str, int]] = {
    # Information governance
    "ig:break-glass-queue": ("ig", "/ig/break-glass/", 6),
    "ig:record-access": ("ig", "/ig/record-access/", 5),
    "ig:lookup": ("ig", "/audit/?q={o[family].reference}", 5),
    "ig:unusual": ("ig", "/ig/unusual-access/", 16),
    "ig:identifier-gaps": ("admin", "/data-quality/child-identifiers/", 12),
    "notices:list": ("worker", "/notices/", 7),
    # The directory: open data (ORUK) and the pages
    "oruk:services": ("anon", "/oruk/services", 2),
    "oruk:service_at_locations": ("anon", "/oruk/service_at_locations", 2),
    "oruk:organizations": ("anon", "/oruk/organizations", 2),
    "oruk:taxonomies": ("anon", "/oruk/taxonomies", 2),
    "oruk:taxonomy_terms": ("anon", "/oruk/taxonomy_terms", 2),
    "hubs:directory": ("worker", "/directory/", 5),
    "hubs:services": ("hub", "/services/", 14),
    "hubs:sessions": ("hub", "/sessions/", 7),
    "hubs:reach": ("hub", "/reach/", 12),
    "hubs:reach-download": ("hub", "/reach/download/", 11),
    "hubs:self-referrals": ("hub", "/self-referrals/", 6),
    "hubs:public-hubs": ("anon", "/hubs/", 1),
    # The front door
    "frontdoor:referred": ("partner", "/concerns/", 17),
    "frontdoor:consultations": ("partner", "/consultations/", 12),
    "frontdoor:queue": ("front_door", "/front-door/", 16),
    "frontdoor:dissents": ("front_door", "/front-door/disagreements/", 9),
    "frontdoor:metrics": ("front_door", "/front-door/metrics/", 27),
    "frontdoor:early-warnings": ("manager", "/early-warnings/", 11),
    # Sharing
    "sharing:family": ("worker", "/families/{o[family].pk}/sharing/", 16),
    "sharing:agreements": ("ig", "/sharing/agreements/", 7),
    "sharing:notifications": ("partner", "/sharing/notifications/", 6),
    "sharing:non-disclosures": ("ig", "/ig/non-disclosures/", 13),
    "sharing:non-disclosure-counts": ("ig", "/partnership/non-disclosures/", 10),
    "sharing:retention": ("ig", "/ig/retention/", 12),
    "sharing:sars": ("ig", "/ig/sar/", 6),
    "sharing:sar-export": ("ig", "/ig/sar/{e[sar].pk}/export.json", 25),
    # Casework
    # a page of unallocated work: its ids from an index, then those episodes (issue 16, Load)
    "casework:caseload": ("manager", "/caseload/", 21),
    "casework:s47-list": ("macpt", "/s47-enquiries/", 11),
    "casework:absences": ("worker", "/absences/", 9),
    "casework:notes": ("worker", "/families/{o[family].pk}/notes/", 15),
    "casework:chronology": ("worker", "/families/{o[family].pk}/chronology/", 15),
    "casework:chronology-pdf": ("worker", "/families/{o[family].pk}/chronology.pdf", 16),
    "proceedings:timeline": ("manager", "/pre-proceedings/{o[pre_proceedings].pk}/timeline/", 8),
    "proceedings:letter": ("manager", "/pre-proceedings/{o[pre_proceedings].pk}/letter.pdf", 13),
    "portal:relationships": ("worker", "/relationships/", 10),
    "portal:relationships-csv": ("worker", "/relationships/download.csv", 9),
    "organisations:macpts": ("admin", "/macpts/", 7),
    # Linking partner data and returns
    "linkage:upload": ("admin", "/linkage/", 10),
    "linkage:queue": ("admin", "/linkage/queue/", 12),
    "returns:index": ("manager", "/returns/", 8),
    "returns:annex-a": ("manager", "/returns/annex-a/", 6),
    "returns:claims": ("manager", "/returns/family-help-claims/", 11),
    "returns:disproportionality": ("ig", "/reports/disproportionality/", 16),
    "returns:disproportionality-download": ("ig", "/reports/disproportionality/download/", 15),
    # Dashboards
    "insight:index": ("manager", "/dashboards/", 7),
    "insight:dashboard": ("manager", "/dashboards/caseloads/", 13),
    "insight:download": ("manager", "/dashboards/caseloads/download/", 11),
    "insight:children": ("manager", "/dashboards/timeliness/children/clocks/", 15),
    # Partner systems and the API
    "api:clients": ("admin", "/partner-systems/", 7),
    "api:client": ("admin", "/partner-systems/{e[api_client].pk}/", 10),
    "api:concerns": ("api", "/api/v1/concerns/", 14),
    "api:webhooks": ("api", "/api/v1/webhooks/", 11),
    "api:sessions": ("api", "/api/v1/sessions/", 11),
    "api:directory-services": ("api", "/api/v1/directory/services/", 13),
    "custodian:agreements": ("admin", "/partner-systems/agreements/", 8),
}
# Lists whose page is the same size after grow() (figures, or rows grow() does not add): for
# them the pin alone holds the count; every other pinned page must have grown.
_FIGURES = "figures, not rows (counted in the database)"
SAME_SIZE: dict[str, str] = {
    "ig:record-access": "no record access grant is made",
    "ig:lookup": "the first family's audit trail: no new look at it",
    "hubs:directory": "asked without a search: the form",
    "hubs:reach": _FIGURES,
    "hubs:reach-download": _FIGURES,
    "hubs:public-hubs": "one hub",
    "sharing:non-disclosure-counts": _FIGURES,
    "sharing:retention": "no family is due for review",
    "proceedings:timeline": "one child's pre-proceedings",
    "proceedings:letter": "one child's pre-proceedings",
    "portal:relationships": "no family member is invited",
    "portal:relationships-csv": "no family member is invited",
    "returns:annex-a": "the choice of period, before the download",
    "returns:claims": "no family meets the claim conditions",
    "returns:disproportionality-download": _FIGURES,
    "insight:index": "the nightly summary, not rebuilt",
    "insight:dashboard": "the nightly summary, not rebuilt",
    "insight:download": "the nightly summary, not rebuilt",
    "api:sessions": "the school runs no hub sessions",
}
ELSEWHERE = {  # web/tests/test_page_queries.py
    "web:home",
    "people:search",
}
_FORM = "a form or a step of one: no list"
NOT_A_LIST: dict[str, str] = {
    **{
        f"access:{n}": "signing in, out and again: no list"
        for n in ("sign-in", "sign-out", "confirm-password", "two-factor", "two-factor-setup")
    },
    "access:sso-start": "a redirect to the identity provider",
    "access:sso-callback": "the identity provider's answer",
    "web:healthz": "a health check (bench-load's floor page)",
    "web:readyz": "a health check",
    "api:docs": "the API's documentation: no records",
    "api:schema": "the API's OpenAPI document: no records",
    "oruk:root": "the open directory API's description: no records",
    "api:notifications": "POST only: a partner's notification in",
    "custodian:find": "POST only: one child's pointers (custodian/tests pin what it reads)",
    "custodian:fetch": "POST only: one child's record",
    "returns:download": "POST: sends the file the census run already wrote (no query per row)",
    "returns:claim-approve": "POST only: approves claims",
    "frontdoor:concern-new": _FORM,
    "frontdoor:concern-autosave": _FORM,
    "frontdoor:consultation-new": _FORM,
    "frontdoor:slot-new": _FORM,
    "hubs:session-new": _FORM,
    "hubs:import": _FORM,
    "people:family-create": _FORM,
    "ig:break-glass": _FORM,
    **{
        f"portal:{n}": "the family's own view: one family's pages, signed in as its member"
        for n in ("home", "start", "sign-in", "password", "score", "check")
    },
}


def _candidates() -> dict[str, str]:
    return {
        name: pattern
        for name, pattern in url_names()
        if "<" not in pattern or EXPORT.search(pattern)
    }


def test_every_list_url_is_pinned():
    unpinned = sorted(set(_candidates()) - set(PINNED) - ELSEWHERE - set(NOT_A_LIST))
    assert not unpinned, f"list or export URLs with no pinned query count: {unpinned}"
    names = {name for name, _ in url_names()}
    assert not (set(PINNED) | ELSEWHERE | set(NOT_A_LIST)) - names, "stale entries"
    assert set(SAME_SIZE) <= set(PINNED)


def _count(people, objects, extra) -> dict[str, tuple[int, int, int]]:
    """url name -> (status, statements, bytes) of one warm request of each pinned URL."""
    out = {}
    for name, (who, path, _) in PINNED.items():
        url = path.format(o=objects["open"], e=extra)
        client = Client()
        headers = {}
        if who == "api":
            headers["Authorization"] = f"Bearer {extra['api_key']}"
        elif who != "anon":
            client.force_login(people[who].user)
            session = client.session
            session[reauth.SESSION_KEY] = int(time.time())  # the password confirmed just now
            session.save()
        for _ in range(2):  # warm: what a process reads once (on PostgreSQL the PDF's, twice)
            client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        counted = [q for q in queries.captured_queries if "pg_advisory" not in q["sql"]]
        out[name] = (response.status_code, len(counted), len(response.content))
    return out


@pytest.mark.django_db
def test_list_and_export_queries():
    people, objects, extra = build()
    small = _count(people, objects, extra)
    grow(people, objects, extra)
    grown = _count(people, objects, extra)
    failures = []
    for name in PINNED:
        (status, n, size), (grown_status, grown_n, grown_size) = small[name], grown[name]
        pin = PINNED[name][2]
        if status != 200 or grown_status != 200:
            failures.append(f"{name}: answered {status} and {grown_status}, not 200")
        elif n != grown_n:
            failures.append(f"{name}: {n} queries with one row, {grown_n} with more (N+1)")
        elif n != pin:
            failures.append(f"{name}: {n} queries, pinned at {pin}")
        elif name not in SAME_SIZE and grown_size <= size:
            failures.append(f"{name}: the page did not grow ({size} bytes, then {grown_size})")
    assert not failures, "\n".join(failures)

"""Ofsted's Annex A lists: the columns as Ofsted publishes them (written out here, apart from the
module's own constants), rows for the constructed census children, formula-like text made inert,
each export audited with its purpose, and only for those the policy allows after the password."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile

from openpyxl import load_workbook

from access import reauth
from audit.models import AuditEvent, Verb
from casework.models import Episode
from returns import actions

D = dt.date
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABLED = "Does the Child have a Disability"
TEAM = ["Allocated Team", "Allocated Worker"]
# Ofsted's published headings (Annex A template, as quoted in Data to Insight's ssd-data-model
# AnnexA SQL and the Annex A validator's configuration).
PUBLISHED = {
    "List 1 Contacts": COMMON + ["Date of Contact", "Contact Source"],
    "List 2 Early help": COMMON + [
        "Assessment start date", "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3 Referrals": COMMON + [
        "Date of referral", "Referral Source", "Referral NFA?",
        "Number of Referrals in Last 12 Months", *TEAM,
    ],
    "List 4 Assessments": COMMON + [
        DISABLED, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation", *TEAM,
    ],
    "List 5 Section 47 and ICPC": COMMON + [
        DISABLED, "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months", *TEAM,
    ],
    "List 6 Children in need": COMMON + [
        DISABLED, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
        "CIN Closure Date", "Reason for Closure", "Case Status", *TEAM,
    ],
    "List 7 Child protection": COMMON + [
        DISABLED, "Child Protection Plan Start Date", "Initial Category of Abuse",
        "Latest Category of Abuse", "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?", "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Sum of Number of Previous Child Protection Plans", *TEAM,
    ],
}  # fmt: skip


def _sheets(path) -> dict[str, list[list]]:
    book = load_workbook(path, read_only=True)
    return {ws.title[:31]: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_the_lists_carry_the_published_columns_and_the_childrens_rows(census_casework, analyst,
                                                                       csc_team):  # fmt: skip
    Episode.objects.filter(child=census_casework.ben).update(team=csc_team)
    csc_team.name = '=HYPERLINK("http://x","Click")'  # a formula typed as a team's name
    csc_team.save(update_fields=["name"])
    path, name = actions.annex_a_export(by=analyst.user, start=D(2025, 1, 1), end=D(2025, 12, 31),
                                        purpose="Ofsted ILACS, Annex A", fmt="xlsx")  # fmt: skip
    assert name == "annex-a-2025-01-01-to-2025-12-31.xlsx"
    sheets = _sheets(path)
    assert {title: rows[0] for title, rows in sheets.items()} == {
        title[:31]: cols for title, cols in PUBLISHED.items()
    }
    referrals = {(r[0], r[5]): r for r in sheets["List 3 Referrals"][1:]}
    ava = referrals[("CEN001", "01/09/2025")]
    assert ava[1:5] == ["b) Female", "a) WBRI", "07/03/2016", 9]  # age on 31 December 2025
    assert ava[6:9] == ["6", "b) No", 1]  # one referral in the 12 months before (May 2025)
    (ben,) = [r for r in sheets["List 7 Child protection"][1:] if r[0] == "CEN002"]
    assert ben[5:14] == ["a) Yes", "28/01/2025", "NEG", "EMO", None, None, "20/10/2025",
                         "20/10/2025", None]  # fmt: skip
    assert ben[-2] == '\'=HYPERLINK("http://x","Click")'  # shown as text, never run
    (s47,) = [r for r in sheets["List 5 Section 47 and ICPC"][1:] if r[0] == "CEN002"]
    assert s47[6:10] == ["08/01/2025", "b) No", "28/01/2025", "a) Yes"]
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.reason == "Ofsted ILACS, Annex A"
    assert event.changes["rows"]["List 7 Child protection"] == 1


def test_the_csv_files_are_the_same_lists(census_casework, analyst):
    path, name = actions.annex_a_export(by=analyst.user, start=D(2025, 1, 1), end=D(2025, 12, 31),
                                        purpose="Ofsted ILACS", fmt="csv")  # fmt: skip
    assert name.endswith(".zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(f"{t[:31]}.csv" for t in PUBLISHED)
        text = archive.read("List 6 Children in need.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == PUBLISHED["List 6 Children in need"]
    assert {r[0] for r in rows[1:]} == {"CEN001", "CEN002", "CEN004"}


def _signed_in(client, practitioner, *, recent=True):
    client.force_login(practitioner.user)
    if recent:
        session = client.session
        session[reauth.SESSION_KEY] = int(time.time())
        session.save()
    return client


def test_only_analysts_and_managers_after_the_password_with_a_purpose(client, analyst,
                                                                      social_worker):  # fmt: skip
    from django.urls import reverse

    url = reverse("returns:annex-a")
    assert _signed_in(client, social_worker).get(url).status_code == 404
    asked = _signed_in(client, analyst, recent=False).get(url)
    assert asked.status_code == 302
    assert reverse("access:confirm-password") in asked["Location"]
    client = _signed_in(client, analyst)
    assert client.get(url).status_code == 200
    period = {"start_0": "1", "start_1": "1", "start_2": "2025", "end_0": "31", "end_1": "12",
              "end_2": "2025", "fmt": "csv"}  # fmt: skip
    refused = client.post(url, {**period, "purpose": ""})
    assert refused.status_code == 422
    assert "Say why you are exporting the lists" in refused.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()
    done = client.post(url, {**period, "purpose": "Inspection"})
    assert done.status_code == 200
    assert done["Content-Disposition"].endswith('annex-a-2025-01-01-to-2025-12-31.zip"')
    assert AuditEvent.objects.get(verb=Verb.EXPORT).reason == "Inspection"

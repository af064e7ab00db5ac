"""The data behind tests/test_list_queries.py: the authorisation tests' cast (one open family
with a real object of every kind, built through the apps' own actions; tests/
authorisation_cast.py), then `grow` adds more of everything a list or an export shows, so each
is asked at one row and at several."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from organisations.models import Practitioner
from tests.authorisation_cast import (
    _build_family,
    _child_protection,
    _hub_records,
    _possible_match,
    build_cast,
    fresh,
)

GROWN = 2  # families added by grow(), each with everything the cast's open family has


def build():
    """The cast and its objects, with what only some lists show (a notice, a subject access
    request, a sharing notification, an API client that has made calls)."""
    people, objects = build_cast()
    extra = _extras(people, objects["open"], "first")
    return people, objects, extra


def _extras(people, objs, label: str) -> dict:
    from notices.actions import notify
    from sharing import actions as sharing_actions
    from sharing.models import PartnerNotification

    admin, ig = fresh(people["admin"].user), fresh(people["ig"].user)
    for who in ("worker", "manager", "front_door", "hub", "ig", "admin", "partner"):
        notify(recipient=people[who].user, subject=f"Notice {label}", link="/")
    sar = sharing_actions.sar_create(
        by=ig,
        person=objs["child"],
        requester_name=f"Parent {label}",
        requester_relationship="parent_pr",
        received_on=timezone.localdate() - dt.timedelta(days=3),
    )
    PartnerNotification.objects.create(
        kind="operation_encompass",
        family=objs["family"],
        child=objs["child"],
        source=people["front_door"].organisation,
        recipient=people["partner"].organisation,
        incident_at=timezone.now() - dt.timedelta(days=1),
        summary=f"Police attended ({label})",
        recorded_by=people["front_door"].user,
    )
    client, key = _api_client(admin, people["partner"].organisation, label, objs)
    return {"sar": sar, "api_client": client, "api_key": key}


def _api_client(admin, organisation, label: str, objs):
    """A partner system with every read scope that has sent a concern and subscribed to a
    webhook (its page lists its calls; the API lists its concerns and webhooks)."""
    from api import actions as api_actions

    client, key = api_actions.api_client_create(
        by=admin,
        organisation=organisation,
        name=f"MIS {label}",
        scopes=["concerns:write", "outcomes:read", "directory:read", "attendance:write"],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    concern = {"people": [{"given_name": "A", "family_name": "Child"}], "worries": "Synthetic"}
    concern |= {"immediate_risk": False, "wants": "advice", "consent": "given"}
    api_post(key, "/api/v1/concerns/", concern, f"concern-{label}")
    hook = {"url": f"https://mis.example.test/{label}", "events": ["concern.outcome_decided"]}
    api_post(key, "/api/v1/webhooks/", hook, f"webhook-{label}")
    return client, key


def api_post(key: str, path: str, body: dict, idempotency_key: str) -> dict:
    from django.test import Client

    response = Client().post(
        path,
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency_key},
    )
    assert response.status_code == 201, response.content
    return response.json()


def grow(people, objects, extra) -> None:
    """GROWN more open families, each with everything the open family has (casework, the front
    door's contacts and concerns, an early warning, a non-disclosure, pre-proceedings, a section
    47 enquiry, a hub enrolment, a possible match), a break-glass on each, and more of the
    lists' other rows. The first API client keeps its key: its lists grow too."""
    from ig import actions as ig_actions
    from people.factories import FamilyFactory

    first = objects["open"]
    embedded = Practitioner.objects.get(team__name="East early help team")  # the cast's
    today = timezone.localdate()
    for n in range(GROWN):
        label = f"more{n}"
        objs = _build_family(label, people, embedded, today)
        objs.update(_child_protection(people, objs, first["macpt"], today))
        u = {who: fresh(p.user) for who, p in people.items()}
        objs.update(_hub_records(u, objs, first["session"]))
        _possible_match(first["link_run"], objs["child"], label)
        ig_actions.break_glass_open(
            by=fresh(people["breakglass"].user),
            family=objs["family"],
            reason="Urgent: child seen at A&E with an unexplained injury",
        )
        _extras(people, objs, label)
        _more_concerns(extra["api_key"], objs, label)
    _more_of_the_first(people, first, extra, today)
    ig_actions.family_seal(
        by=fresh(people["ig"].user),
        family=FamilyFactory(name="Another sealed family"),
        reason="Refuge",
        access_list=[people["admin"]],
    )


def _more_concerns(key: str, objs, label: str) -> None:
    concern = {"people": [{"given_name": "B", "family_name": "Child"}], "worries": "Synthetic"}
    concern |= {"immediate_risk": False, "wants": "advice", "consent": "given"}
    api_post(key, "/api/v1/concerns/", concern, f"more-{label}")


def _more_of_the_first(people, first, extra, today) -> None:
    """More rows in the lists of the first family's things (its notes and chronology, its
    consents), and in the lists of things that belong to no family (absences, linkage and
    census runs, MACPTs, hub sessions and requests, the directory, webhooks)."""
    from casework import actions as casework_actions
    from directory.factories import DirectoryOrganisationFactory, full_service
    from hubs.models import SelfReferral, Session
    from linkage import actions as linkage_actions
    from organisations.factories import complete_macpt
    from returns import actions as returns_actions
    from returns import years as returns_years
    from sharing import actions as sharing_actions

    u = {who: fresh(p.user) for who, p in people.items()}
    for n in range(GROWN):
        casework_actions.case_note_add(
            by=u["worker"], family=first["family"], kind="visit", occurred_on=today, text=f"N{n}"
        )
        sharing_actions.consent_record(
            by=u["worker"],
            family=first["family"],
            person=first["child"],
            purpose="early_help",
            given=True,
            given_by="parent_pr",
            method="written",
        )
        casework_actions.absence_record(
            by=u["worker"],
            practitioner=people["worker"],
            kind="leave",
            starts_on=today + dt.timedelta(days=20 + 10 * n),
            ends_on=today + dt.timedelta(days=22 + 10 * n),
        )
        linkage_actions.run_create(by=u["admin"], source="school-roll", file_name=f"r{n}.csv")
        returns_actions.census_run_start(
            by=u["manager"],
            year=returns_years.parse("2025-26"),
            purpose=f"Again {n}",
            then=lambda pk: None,
        )
        complete_macpt(f"MACPT {n}")
        service = first["session"].service
        session = Session.objects.create(
            service=service, title=f"Course {n}", venue=first["session"].venue, capacity=5
        )
        SelfReferral.objects.create(
            session=session, parent_name=f"Pat {n}", phone="07700 900000", consent_text="Agreed"
        )
        provider = DirectoryOrganisationFactory(organisation=people["hub"].organisation)
        full_service(hub=first["hub"], organisation=provider, minimum_age=None, maximum_age=None)
        hook = {"url": f"https://mis.example.test/more{n}", "events": ["concern.outcome_decided"]}
        api_post(extra["api_key"], "/api/v1/webhooks/", hook, f"more-webhook-{n}")

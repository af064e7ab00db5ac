"""The custodian principal (a Find a Record / Fetch a Record requester acting for its
organisation and one purpose) in the authorisation matrix.

Every /api/v1/custodian/ endpoint x every kind of caller (a school's system under content
agreements, under an existence-only one, a police system whose agreement has expired, a client
without the custodian scopes, a revoked key, no key) x every kind of child (held, in a sealed
family, not held). A new custodian endpoint without an entry here fails. And the kind's rules:
only the two record types, each rule's two shapes agreeing, nothing else in the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from access import registry
from access.principals import Purpose
from api import actions as api_actions
from custodian import actions
from custodian.models import RECORD_MODELS, Mode, RecordType
from custodian.principals import requester
from ig import actions as ig_actions
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory, valid_nhs_number
from tests.authorisation_cast import url_names

pytestmark = pytest.mark.django_db

CALLERS = ("school", "existence", "police", "no_scope", "revoked", "no_key")
CHILDREN = ("held", "sealed", "unknown")


def _expect(held: dict[str, int], hidden: dict[str, int]) -> dict[str, dict[str, int]]:
    return {
        "held": held,
        "sealed": hidden,
        "unknown": hidden,
    }


EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    # find: pointers (200) whether held or not; refused (403) without an agreement or scope.
    "custodian:find": _expect(
        dict(school=200, existence=200, police=403, no_scope=403, revoked=401, no_key=401),
        dict(school=200, existence=200, police=403, no_scope=403, revoked=401, no_key=401),
    ),
    # fetch: content (200) under a content agreement; sealed and unknown are the same 404.
    "custodian:fetch": _expect(
        dict(school=200, existence=403, police=403, no_scope=403, revoked=401, no_key=401),
        dict(school=404, existence=403, police=403, no_scope=403, revoked=401, no_key=401),
    ),
}
POINTERS = {"school": 2, "existence": 1}  # record types found for a held child


def _agree(admin, reference, destination, record_type, mode, until=None, start_days=-10):
    return actions.agreement_create(
        by=admin.user,
        reference=reference,
        data={
            "title": "Synthetic",
            "source_type": OrganisationType.CHILDRENS_SOCIAL_CARE,
            "destination_organisation": destination,
            "record_type": record_type,
            "purpose": "safeguarding",
            "mode": mode,
            "valid_from": timezone.localdate() + dt.timedelta(days=start_days),
            "valid_until": until,
            "change_note": "",
        },
    )


@pytest.fixture
def callers():
    admin = PractitionerFactory(role=Role.ADMIN)
    school = OrganisationFactory(name="School", org_type=OrganisationType.SCHOOL)
    nursery = OrganisationFactory(name="Nursery", org_type=OrganisationType.SCHOOL)
    police = OrganisationFactory(name="Police", org_type=OrganisationType.POLICE)
    for record_type in RecordType.values:
        _agree(admin, f"S-{record_type}", school, record_type, Mode.CONTENT)
    _agree(admin, "N-1", nursery, RecordType.CHILDRENS_SERVICES, Mode.EXISTENCE)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    _agree(admin, "P-1", police, RecordType.CHILDRENS_SERVICES, Mode.CONTENT, until=yesterday)
    expires = timezone.localdate() + dt.timedelta(days=30)
    scopes = ["custodian:find", "custodian:fetch"]
    keys, clients = {}, {}
    for caller, organisation, given in (
        ("school", school, scopes),
        ("existence", nursery, scopes),
        ("police", police, scopes),
        ("no_scope", school, ["concerns:write", "outcomes:read", "directory:read"]),
        ("revoked", school, scopes),
    ):
        clients[caller], keys[caller] = api_actions.api_client_create(
            by=admin.user, organisation=organisation, name=caller, scopes=given, expires_on=expires
        )
    api_actions.api_client_revoke(
        by=admin.user, client=clients["revoked"], expected_version=1, reason="Test"
    )
    keys["no_key"] = ""
    return admin, keys, clients


@pytest.fixture
def children(callers):
    admin = callers[0]
    eh = OrganisationFactory(org_type=OrganisationType.EARLY_HELP)
    worker = PractitionerFactory(organisation=eh, team=TeamFactory(organisation=eh))
    ig = PractitionerFactory(role=Role.IG_OFFICER)
    numbers = {}
    for n, label in enumerate(("held", "sealed"), start=1):
        family = FamilyFactory()
        child = PersonFactory(nhs_number=valid_nhs_number(400 + n))
        MembershipFactory(family=family, person=child, role="child")
        InvolvementFactory(family=family, practitioner=worker)
        if label == "sealed":
            ig_actions.family_seal(by=ig.user, family=family, reason="Refuge", access_list=[admin])
        numbers[label] = child.nhs_number
    numbers["unknown"] = valid_nhs_number(499)
    return numbers


def test_custodian_matrix(callers, children):
    _, keys, _ = callers
    endpoints = {n for n, _ in url_names() if n in ("custodian:find", "custodian:fetch")}
    api_like = {n for n, p in url_names() if p.startswith("api/v1/custodian/")}
    assert api_like == endpoints == set(EXPECTED), "custodian endpoints and expectations differ"
    failures = []
    for name, by_child in EXPECTED.items():
        path = "/api/v1/custodian/find/" if name.endswith("find") else "/api/v1/custodian/fetch/"
        for child, expected in by_child.items():
            for caller in CALLERS:
                headers = {"Authorization": f"Bearer {keys[caller]}"} if keys[caller] else {}
                body = {
                    "nhs_number": children[child],
                    "purpose": "safeguarding",
                    "record_type": "childrens-services.details",
                }
                response = Client().post(
                    path, body, content_type="application/json", headers=headers
                )
                status = response.status_code
                if status != expected[caller]:
                    failures.append(f"{name} {child} as {caller}: {status}, not {expected[caller]}")
                if status >= 400:
                    assert response.headers["Content-Type"] == "application/problem+json"
                elif name.endswith("find"):
                    want = POINTERS[caller] if child == "held" else 0
                    if len(response.json()["records"]) != want:
                        failures.append(f"{name} {child} as {caller}: {response.json()}")
    assert not failures, "\n".join(failures)


def test_the_custodian_kind_sees_only_its_two_record_types(callers, children):
    from people.models import Family, Person

    _, _, clients = callers
    asker = requester(clients["school"], "safeguarding")
    for model in registry.registered_models():
        rule = registry.record_rule(model, "custodian")
        if model._meta.label_lower in {m._meta.label_lower for m in RECORD_MODELS.values()}:
            assert rule is not None
            continue
        assert rule is None, model._meta.label
        assert not registry.visible_to(asker, model).exists(), model._meta.label
    assert not registry.visible_to(asker, Family).exists()
    assert not registry.visible_to(asker, Person).exists()


@pytest.mark.parametrize("caller", ["school", "existence", "police"])
def test_each_custodian_rule_agrees_with_itself_over_real_records(callers, children, caller):
    """The rule's filter and `can` (the registry asks the filter of one row) agree for every
    record, purpose and caller; and the school's content agreement opens exactly the held,
    unsealed child."""
    _, _, clients = callers
    asker = requester(clients[caller], "safeguarding")
    for record_type, model in RECORD_MODELS.items():
        for purpose in (Purpose.LOCATE, Purpose.VIEW):
            by_filter = set(registry.visible_to(asker, model, purpose).values_list("pk", flat=True))
            by_can = {r.pk for r in model.objects.all() if registry.can(asker, r, purpose)}
            assert by_filter == by_can, (record_type, purpose)
            numbers = set(
                model.objects.filter(pk__in=by_filter).values_list("nhs_number", flat=True)
            )
            if caller == "school":
                assert numbers == {children["held"]}, (record_type, purpose)
            if caller == "police":
                assert numbers == set()
        assert not registry.can(asker, model.objects.first(), Purpose.EDIT)

"""audit.record knows no other app: an actor is anything principal-like (or a system label),
a user is turned into one by the resolver an app registers, and the family or person an event
is about comes from models registered by the app that owns them."""

from dataclasses import dataclass

import pytest

import audit
from audit import actors, subjects
from audit.models import Verb

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class PartnerSystem:
    """Not a Principal: any object with the four attributes is an actor."""

    label: str = "Northfield Academy MIS"
    role: str = "api_client"
    organisation_name: str = "Northfield Academy"
    user_id: int | None = None


def test_a_principal_like_actor_is_recorded_as_it_describes_itself():
    event = audit.record(PartnerSystem(), Verb.VIEW, None)
    assert (event.actor_id, event.actor_label, event.actor_role, event.actor_organisation) == (
        None,
        "Northfield Academy MIS",
        "api_client",
        "Northfield Academy",
    )


def test_a_principal_like_actor_with_a_user_records_the_user_id(family_worker):
    event = audit.record(PartnerSystem(user_id=family_worker.user.pk), Verb.VIEW, None)
    assert event.actor_id == family_worker.user.pk


def test_a_string_is_a_system_process_as_before():
    event = audit.record("nightly linkage", Verb.VIEW, None)
    assert (event.actor_id, event.actor_label, event.actor_role, event.actor_organisation) == (
        None,
        "nightly linkage",
        "system",
        "",
    )


def test_a_user_is_resolved_by_the_registered_resolver(family_worker, monkeypatch):
    seen = []

    def resolver(actor):
        seen.append(actor)
        return PartnerSystem(label="Resolved", role="tester", organisation_name="Org")

    monkeypatch.setattr(actors, "_resolvers", [resolver])
    event = audit.record(family_worker.user, Verb.VIEW, None)
    assert seen == [family_worker.user]
    assert (event.actor_id, event.actor_label, event.actor_role, event.actor_organisation) == (
        family_worker.user.pk,
        "Resolved",
        "tester",
        "Org",
    )


def test_without_a_resolver_a_user_is_recorded_by_name(family_worker, monkeypatch):
    monkeypatch.setattr(actors, "_resolvers", [])
    event = audit.record(family_worker.user, Verb.VIEW, None)
    assert event.actor_id == family_worker.user.pk
    assert event.actor_label == str(family_worker.user)
    assert event.actor_role == ""


def test_the_family_and_person_come_from_the_registered_models(family_worker, smith_family):
    family_event = audit.record(family_worker.user, Verb.VIEW, smith_family)
    assert (family_event.family_id, family_event.person_id) == (smith_family.pk, None)
    person_event = audit.record(family_worker.user, Verb.VIEW, smith_family.jaden)
    assert person_event.person_id == smith_family.jaden.pk


def test_an_unregistered_model_is_about_nobody_unless_it_says_so(
    family_worker, smith_family, monkeypatch
):
    monkeypatch.setattr(subjects, "_families", [])
    monkeypatch.setattr(subjects, "_persons", [])
    event = audit.record(family_worker.user, Verb.VIEW, smith_family)
    assert (event.family_id, event.person_id) == (None, None)
    # ...while a record with family_id / person_id attributes names them itself
    membership = smith_family.memberships.first()
    event = audit.record(family_worker.user, Verb.VIEW, membership)
    assert (event.family_id, event.person_id) == (smith_family.pk, membership.person_id)

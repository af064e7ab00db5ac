"""The registry of record rules (access.registry), checked over real records.

- every rule's predicate and its queryset filter agree, for every principal of the matrix's
  cast, every purpose the rule covers and every record of its type that the cast builds;
- a new principal kind, registered with no rule, is denied every record type (can, visible_to,
  get_for, and through the web GET and POST of every record page: 404) until a rule names it,
  and then only that one cell opens.
"""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.http import Http404
from django.test import Client

from access import registry
from access.principals import (
    Principal,
    PrincipalKind,
    Purpose,
    principal_for,
    register_kind,
    register_resolver,
    unregister_kind,
    unregister_resolver,
)
from organisations.factories import UserFactory
from people.models import Family
from tests.authorisation_cells import WHO
from tests.test_authorisation_objects import (
    OBJECT_OF,
    _path,
    build_cast,
    fresh,
    object_url_names,
)

pytestmark = pytest.mark.django_db

SAMPLE = 12  # records of each type asked about (the cast builds a few of most)


def _records(model):
    return list(model._default_manager.order_by("pk")[:SAMPLE])


def test_predicate_and_filter_agree_for_every_rule_principal_and_purpose():
    people, _ = build_cast()
    principals = {who: principal_for(fresh(people[who].user)) for who in WHO if who != "anon"}
    checked, failures = 0, []
    for rule in registry.rules():
        if rule.kind != PrincipalKind.PRACTITIONER:
            continue
        records = _records(rule.model)
        if not records:
            continue
        ids = [r.pk for r in records]
        for purpose in sorted(rule.purposes):
            for who, p in principals.items():
                by_filter = set(
                    registry.visible_to(p, rule.model, purpose)
                    .filter(pk__in=ids)
                    .values_list("pk", flat=True)
                )
                by_predicate = {r.pk for r in records if rule.allows(p, r, purpose)}
                checked += 1
                if by_filter != by_predicate:
                    failures.append(
                        f"{rule.model._meta.label} {purpose} as {who}: filter {sorted(by_filter)}"
                        f" predicate {sorted(by_predicate)}"
                    )
    assert checked > 300, checked  # the cast really exercises the rules
    assert not failures, "\n".join(failures)


# Moved from tests/test_authorisation_matrix.py (at its file-length limit).
def test_every_model_with_a_family_or_a_person_has_a_practitioner_rule():
    """A new record type that hangs off a family or a person cannot slip in unregistered."""
    from django.apps import apps

    from access import registry
    from access.principals import PrincipalKind

    missing = []
    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.get_fields() if f.many_to_one and f.concrete}
        hangs_off = [
            name
            for name in ("family", "person")
            if name in fields
            and fields[name].related_model._meta.label in ("people.Family", "people.Person")
        ]
        if hangs_off and registry.record_rule(model, PrincipalKind.PRACTITIONER) is None:
            missing.append(f"{model._meta.label} ({', '.join(hangs_off)})")
    assert not missing, f"record types with no rule for practitioners: {missing}"


# --- A new principal kind -----------------------------------------------------------------

VISITOR = "test_visitor"


@pytest.fixture
def visitor():
    """A signed-in user who acts as a principal of a new kind nobody has written rules for."""
    kind = register_kind(VISITOR)
    user = UserFactory()

    def resolve(actor):
        if getattr(actor, "pk", None) == user.pk:
            return Principal(kind=kind, user_id=user.pk, label=str(user), user=user)
        return None

    register_resolver(resolve)
    try:
        yield user
    finally:
        unregister_resolver(resolve)
        for model in registry.registered_models():
            registry.unregister(model, kind)
        unregister_kind(VISITOR)


def test_a_kind_must_be_registered_before_a_rule_names_it():
    with pytest.raises(ValueError):
        registry.register(
            Family,
            kinds=["nobody_registered_this"],
            purposes=[Purpose.VIEW],
            q=lambda p, purpose: registry.NOTHING,
        )


def test_a_new_principal_kind_is_denied_every_record_type_until_a_rule_names_it(visitor):
    people, objects = build_cast()
    p = principal_for(visitor)
    assert p.kind == VISITOR
    models = registry.registered_models()
    assert len(models) > 30
    for model in models:
        for record in _records(model):
            for purpose in (Purpose.VIEW, Purpose.EDIT):
                label = f"{model._meta.label} #{record.pk} {purpose}"
                assert not registry.can(p, record, purpose), label
                with pytest.raises(Http404):
                    registry.get_for(p, model, record.pk, purpose)
        assert not registry.visible_to(p, model).exists(), model._meta.label

    # Through the web: every record page, GET and POST, is a 404 for the new kind.
    client = Client()
    client.force_login(visitor)
    pages = {
        "people:family": f"/families/{objects['open']['family'].pk}/",
        "people:person": f"/people/{objects['open']['child'].pk}/",
    }
    for name, pattern in object_url_names().items():
        pages[name] = _path(pattern, objects["open"][OBJECT_OF[name]])
    failures = []
    for name, path in sorted(pages.items()):
        statuses = {method: getattr(client, method)(path).status_code for method in ("get", "post")}
        # 405: the page does not take that method (refused before anything is looked up);
        # whichever method it takes answers 404.
        if set(statuses.values()) - {404, 405} or 404 not in statuses.values():
            failures.append(f"{name} as a new kind: {statuses} ({path})")
    assert not failures, "\n".join(failures)

    # One rule for one record type opens that one cell, and nothing else.
    family = objects["open"]["family"]
    registry.register(
        Family,
        kinds=[VISITOR],
        purposes=[Purpose.VIEW],
        q=lambda principal, purpose: Q(pk=family.pk),
        predicate=lambda principal, obj, purpose: obj.pk == family.pk,
    )
    assert registry.can(p, family)
    assert list(registry.visible_to(p, Family)) == [family]
    assert registry.get_for(p, Family, family.pk, record=False) == family
    assert not registry.can(p, family, Purpose.EDIT)  # the rule covers VIEW only
    assert not registry.can(p, objects["sealed"]["family"])
    for model in models:
        if model is Family:
            continue
        assert not registry.visible_to(p, model).exists(), model._meta.label

"""The registry of record rules: who may see and change each type of record, in two shapes
that agree — a predicate over one record and a queryset filter.

Each app registers the rules for its own record types in its own `policy.py` (imported from
its AppConfig.ready). The kernel imports no domain app; it only asks the registry:

    rule = record_rule(Family, kind=PrincipalKind.PRACTITIONER)
    visible_to(principal, Family, Purpose.VIEW)          -> QuerySet
    get_for(principal, Family, pk, Purpose.VIEW)        -> Family or Http404
    can(principal, family, Purpose.EDIT)                -> bool

Deny by default: a record type with no rule for a principal's kind, or a rule that does not
cover the purpose asked, sees nothing (404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from .principals import Principal, PrincipalKind, Purpose, kind_of, principal_for

QFn = Callable[[Principal, Purpose], Q]
PredicateFn = Callable[[Principal, Any, Purpose], bool]

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class RecordRule:
    model: type[models.Model]
    kind: str  # a PrincipalKind, or a kind an app registered (principals.register_kind)
    purposes: frozenset[Purpose]
    q: QFn
    predicate: PredicateFn | None = None
    description: str = ""

    def covers(self, purpose: Purpose) -> bool:
        return purpose in self.purposes

    def filter_q(self, principal: Principal, purpose: Purpose) -> Q:
        if not self.covers(purpose):
            return NOTHING
        return self.q(principal, purpose)

    def allows(self, principal: Principal, obj: Any, purpose: Purpose) -> bool:
        if not self.covers(purpose):
            return False
        if self.predicate is not None:
            return self.predicate(principal, obj, purpose)
        # No separate predicate: the filter is the rule, asked of this one row.
        return (
            type(obj)._default_manager.filter(pk=obj.pk).filter(self.q(principal, purpose)).exists()
        )


_rules: dict[tuple[str, str], RecordRule] = {}


def _key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def register(
    model: type[models.Model],
    *,
    kinds: Iterable[PrincipalKind | str],
    purposes: Iterable[Purpose],
    q: QFn,
    predicate: PredicateFn | None = None,
    description: str = "",
) -> None:
    """Register the rule for `model` and each principal kind in `kinds`."""
    for kind in kinds:
        key = (_key(model), kind_of(kind))
        if key in _rules:
            raise ValueError(f"A rule for {key[0]} and {kind} is already registered")
        _rules[key] = RecordRule(
            model=model,
            kind=key[1],
            purposes=frozenset(purposes),
            q=q,
            predicate=predicate,
            description=description,
        )


def unregister(model: type[models.Model], kind: PrincipalKind | str) -> None:
    """Tests only: remove a rule registered for the duration of a test."""
    _rules.pop((_key(model), kind_of(kind)), None)


def record_rule(model: type[models.Model], kind: PrincipalKind | str) -> RecordRule | None:
    return _rules.get((_key(model), str(kind)))


def registered_models() -> list[type[models.Model]]:
    seen: dict[str, type[models.Model]] = {}
    for rule in _rules.values():
        seen.setdefault(_key(rule.model), rule.model)
    return [seen[k] for k in sorted(seen)]


def rules() -> list[RecordRule]:
    return [_rules[k] for k in sorted(_rules)]


def visibility_q(actor: Any, model: type[models.Model], purpose: Purpose = Purpose.VIEW) -> Q:
    """The filter for `model` querysets: what this principal may see (or do) for `purpose`."""
    principal = principal_for(actor)
    rule = record_rule(model, principal.kind)
    if rule is None:
        return NOTHING
    return rule.filter_q(principal, purpose)


def can(actor: Any, obj: Any, purpose: Purpose = Purpose.VIEW) -> bool:
    """The predicate: may this principal see (or do `purpose` with) this one record?"""
    principal = principal_for(actor)
    rule = record_rule(type(obj), principal.kind)
    if rule is None or obj is None:
        return False
    return bool(
        principal.remember(
            ("can", _key(type(obj)), obj.pk, purpose),
            lambda: rule.allows(principal, obj, purpose),
        )
    )


def visible_to(
    actor: Any,
    model: type[models.Model],
    purpose: Purpose = Purpose.VIEW,
    *,
    queryset: models.QuerySet | None = None,
) -> models.QuerySet:
    qs = model._default_manager.all() if queryset is None else queryset
    return qs.filter(visibility_q(actor, model, purpose))


# What get_for records when it hands a record out (an app registers its read auditor, e.g.
# people records "viewed family" in the audit trail). Kept as a hook so the kernel names no
# domain verb.
_read_auditors: dict[str, Callable[[Principal, Any, Purpose], None]] = {}


def register_read_auditor(
    model: type[models.Model], auditor: Callable[[Principal, Any, Purpose], None]
) -> None:
    _read_auditors[_key(model)] = auditor


class Refused(Http404):
    """get_for's 404 for a record that exists but is not the principal's: the same 404 as a
    missing record to the user, and what was refused for the audit trail (recorded by
    access.middleware.RefusalAuditMiddleware, after the view's own transaction is over)."""

    def __init__(self, subject: models.Model, purpose: Purpose) -> None:
        super().__init__("Not found")
        self.subject = subject
        self.purpose = purpose


def get_for(
    actor: Any,
    model: type[models.Model],
    pk: Any,
    purpose: Purpose = Purpose.VIEW,
    *,
    queryset: models.QuerySet | None = None,
    record: bool = True,
) -> Any:
    """Fetch one record for this principal: Http404 for missing and forbidden alike; the
    read is recorded (when the model has a read auditor) unless record=False."""
    principal = principal_for(actor)
    qs = model._default_manager.all() if queryset is None else queryset
    try:
        obj = qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can(principal, obj, purpose):
        raise Refused(obj, purpose)
    if record:
        auditor = _read_auditors.get(_key(model))
        if auditor is not None:
            auditor(principal, obj, purpose)
    return obj


# --- Capabilities: what a principal may do at all (navigation, page furniture) ---------------
# A capability is a rule about the principal, not about one record ("may raise a concern",
# "works the front door"). Each app registers its own from its policy module, so the page
# furniture (web's context processor) asks here and imports no app's policy.

_capabilities: dict[str, Callable[[Principal], bool]] = {}


def register_capability(name: str, rule: Callable[[Principal], bool]) -> None:
    if _capabilities.get(name, rule) is not rule:
        raise ValueError(f"A capability named {name} is already registered")
    _capabilities[name] = rule


def capabilities(actor: Any) -> dict[str, bool]:
    """Every registered capability, answered for this principal (once per request)."""
    principal = principal_for(actor)
    return {name: has_capability(principal, name) for name in sorted(_capabilities)}


def has_capability(actor: Any, name: str) -> bool:
    """One registered capability for this principal (False for a name nobody registered)."""
    rule = _capabilities.get(name)
    if rule is None:
        return False
    principal = principal_for(actor)
    return bool(principal.remember(("capability", name), lambda: rule(principal)))

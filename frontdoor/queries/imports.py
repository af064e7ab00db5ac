"""For imports (system processes, not users): look-ups by reference, name and UPN."""

from __future__ import annotations

from organisations.models import Organisation
from people.models import Family, Person


def family_by_reference(reference: str) -> Family:
    from familyhub import errors

    family = Family.objects.filter(reference=reference).first()
    if family is None:
        raise errors.RuleViolation(f"No family with reference {reference}")
    return family


def organisation_named(name: str) -> Organisation:
    from familyhub import errors

    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        raise errors.RuleViolation(f"No agency called {name}")
    return organisation


def family_member_by_upn(family: Family, upn: str) -> Person:
    from familyhub import errors

    member = Person.objects.filter(
        memberships__family=family, memberships__left_on__isnull=True, upn=upn.strip().upper()
    ).first()
    if member is None:
        raise errors.RuleViolation(f"No one with UPN {upn} in {family.reference}")
    return member


def signal_count() -> int:
    from ..models import Signal

    return Signal.objects.count()

"""Which family or person an audited record is about — without audit importing people.

An event's family_id and person_id come from the record itself: a record that *is* a family or
a person (registered here by the app that owns the model, people in PeopleConfig.ready) gives
its own pk; any other record gives its `family_id` / `person_id` attributes, if it has them.
"""

from __future__ import annotations

from typing import Any

_families: list[type] = []
_persons: list[type] = []


def register_family_model(model: type) -> None:
    if model not in _families:
        _families.append(model)


def register_person_model(model: type) -> None:
    if model not in _persons:
        _persons.append(model)


def subject_fields(obj: Any) -> dict[str, Any]:
    """The subject columns of an audit event."""
    if obj is None:
        return {
            "object_type": "",
            "object_id": "",
            "object_label": "",
            "family_id": None,
            "person_id": None,
        }
    is_family = isinstance(obj, tuple(_families))
    is_person = isinstance(obj, tuple(_persons))
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": str(obj)[:200],
        "family_id": obj.pk if is_family else getattr(obj, "family_id", None),
        "person_id": obj.pk if is_person else getattr(obj, "person_id", None),
    }

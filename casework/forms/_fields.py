"""Choice fields the casework forms share: people by name, practitioners by role and agency."""

from __future__ import annotations

from django import forms


def _person_label(person) -> str:
    return person.full_name


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} – {obj.job_title}, {obj.organisation.name}"

"""Forms for case notes and the chronology's filter."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from familyhub.forms import GovukDateField, GovukForm

from ..models import (
    CaseNoteKind,
)
from ._fields import PersonChoice, _person_label


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=CaseNoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of contact"},
    )
    occurred_on = GovukDateField(
        label="Date", past_only=True, error_messages={"required": "Enter the date"}
    )
    seen = PersonChoice(
        label="Who was seen", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    seen_alone = PersonChoice(
        label="Children seen alone",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened"},
    )

    def __init__(self, *args, members, children, **kwargs):
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["seen"].queryset = members
        self.fields["seen_alone"].queryset = children

    def offer_from(self, memberships) -> None:
        """Draw the choices from the family's memberships the page has already read (each with
        its person) rather than asking the database again: adults first, then the children,
        each oldest first. What is posted is still checked against the querysets."""
        current = [m for m in memberships if m.left_on is None]
        current.sort(
            key=lambda m: (
                m.role == "child",
                m.person.date_of_birth is None,
                m.person.date_of_birth or dt.date.min,
                m.person_id,
            )
        )
        seen: dict[int, str] = {}
        children: dict[int, str] = {}
        for m in current:
            seen.setdefault(m.person_id, _person_label(m.person))
            if m.role == "child":
                children.setdefault(m.person_id, _person_label(m.person))
        self.fields["seen"].choices = list(seen.items())
        self.fields["seen_alone"].choices = list(children.items())


class CaseNoteEditForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what happened"},
    )


class ChronologyFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, required=False, empty_label="All agencies"
    )
    group = forms.ChoiceField(label="Type of event", required=False)
    person = forms.ModelChoiceField(
        label="About", queryset=None, required=False, empty_label="Anyone in the family"
    )
    significant = forms.BooleanField(label="Significant events only", required=False)

    def __init__(self, *args, agencies, members, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = _person_label
        self.fields["group"].choices = [("", "All types")] + groups

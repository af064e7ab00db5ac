"""Forms for case notes and the chronology's filter."""

from __future__ import annotations

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

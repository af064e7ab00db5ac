"""Forms for the lead practitioner and cover, and absences."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm

from ..models import (
    AbsenceKind,
    FamilySay,
)
from ._fields import PractitionerChoice


class LeadForm(GovukForm):
    lead = PractitionerChoice(
        label="Lead practitioner",
        queryset=None,
        help_text="From any agency: a teacher or health visitor can lead.",
        error_messages={"required": "Choose the lead practitioner"},
    )
    cover = PractitionerChoice(
        label="Who covers when they are away",
        queryset=None,
        required=False,
        empty_label="No cover named yet",
    )
    family_say = forms.ChoiceField(
        label="The family's say in who leads",
        choices=FamilySay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Record the family's say in who leads"},
    )
    family_say_note = forms.CharField(
        label="What the family said (optional)", required=False, max_length=500
    )
    handover_reason = forms.CharField(
        label="Reason for the handover",
        required=False,
        max_length=300,
        help_text="Needed when someone else leads now.",
    )
    handover_note = forms.CharField(
        label="Handover note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the new lead needs to know.",
    )
    family_told_on = GovukDateField(label="When the family were told", required=False)
    family_told_how = forms.CharField(
        label="How the family were told",
        required=False,
        max_length=300,
        help_text="For example ‘Home visit with mum and Jaden’.",
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = practitioners
        self.fields["cover"].queryset = practitioners


class AbsenceForm(GovukForm):
    practitioner = PractitionerChoice(label="Who is away", queryset=None)
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of absence"},
    )
    starts_on = GovukDateField(
        label="First day away", error_messages={"required": "Enter the first day away"}
    )
    ends_on = GovukDateField(
        label="Last day away", error_messages={"required": "Enter the last day away"}
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners

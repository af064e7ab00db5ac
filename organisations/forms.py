"""Forms for the MACPT register: a team, a member in a statutory seat, a member leaving."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm

from .models import StatutorySeat


class _PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} – {obj.job_title}, {obj.organisation.name}"


class MacptForm(GovukForm):
    name = forms.CharField(
        label="Team name",
        max_length=200,
        error_messages={"required": "Enter the team's name"},
    )
    locality = forms.CharField(label="Area it covers (optional)", required=False, max_length=100)
    email = forms.EmailField(label="Team email address (optional)", required=False)
    phone = forms.CharField(label="Team phone number (optional)", required=False, max_length=40)


class MacptMemberForm(GovukForm):
    seat = forms.ChoiceField(
        label="Statutory seat",
        choices=StatutorySeat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the statutory seat"},
    )
    practitioner = _PractitionerChoice(
        label="Member",
        queryset=None,
        error_messages={"required": "Choose the member"},
    )
    nominated_by = forms.ModelChoiceField(
        label="Nominated by",
        queryset=None,
        help_text="The partner the Act names for the seat: the local authority (education and "
        "social work), the integrated care board (health), the police (police).",
        error_messages={"required": "Choose the partner that nominated the member"},
    )
    started_on = GovukDateField(label="Member from (optional)", required=False)

    def __init__(self, *args, practitioners, nominators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners
        self.fields["nominated_by"].queryset = nominators


class MacptMemberEndForm(GovukForm):
    reason = forms.CharField(
        label="Why they are leaving the team",
        max_length=300,
        error_messages={"required": "Enter why they are leaving the team"},
    )
    ended_on = GovukDateField(
        label="Date they leave (optional)",
        required=False,
        help_text="From this day they no longer see the team's enquiries. Today if left empty.",
    )

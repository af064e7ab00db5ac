"""Forms for pre-proceedings: every form is a GovukForm, dates are GovukDateFields."""

from __future__ import annotations

from django import forms

import codelists
from familyhub.forms import GovukDateField, GovukForm

from .models import MeetingKind, NetworkKind, OfferMethod, OfferResponse


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class BeginForm(GovukForm):
    child = PersonChoice(
        label="Child",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the child"},
    )
    started_on = GovukDateField(
        label="Date of the legal planning meeting's decision",
        past_only=True,
        error_messages={"required": "Enter the date of the decision"},
    )
    decided_by = forms.CharField(
        label="Who decided",
        help_text="Name and role, for example the chair of the legal planning meeting",
        error_messages={"required": "Enter who made the decision"},
    )
    decision_reasons = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class OfferForm(GovukForm):
    person = PersonChoice(
        label="Offered to",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Each parent and each person with parental responsibility, from the family's "
        "relationships",
        error_messages={"required": "Choose who the meeting was offered to"},
    )
    offered_on = GovukDateField(
        label="Date offered", past_only=True, error_messages={"required": "Enter the date offered"}
    )
    method = forms.ChoiceField(
        label="How it was offered",
        choices=OfferMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was offered"},
    )
    response = forms.ChoiceField(
        label="Their answer",
        choices=OfferResponse.choices,
        widget=forms.RadioSelect,
        initial=OfferResponse.AWAITING,
        error_messages={"required": "Choose their answer"},
    )
    responded_on = GovukDateField(label="Date they answered", required=False, past_only=True)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AnswerForm(GovukForm):
    response = forms.ChoiceField(
        label="Their answer",
        choices=[c for c in OfferResponse.choices if c[0] != OfferResponse.AWAITING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their answer"},
    )
    responded_on = GovukDateField(
        label="Date they answered",
        past_only=True,
        error_messages={"required": "Enter when they answered"},
    )


class ExceptionForm(GovukForm):
    rationale = forms.CharField(
        label="Why offering or holding a meeting is not in the child's best interests",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    decided_by = forms.CharField(label="Who decided", required=False, help_text="Name and role")
    decided_on = GovukDateField(
        label="Date decided", past_only=True, error_messages={"required": "Enter the date decided"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NetworkForm(GovukForm):
    name = forms.CharField(label="Name", error_messages={"required": "Enter their name"})
    kind = forms.ChoiceField(
        label="Who they are",
        choices=NetworkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who they are"},
    )
    relationship = forms.CharField(
        label="Relationship to the child",
        help_text="For example maternal aunt, family friend, godparent",
        error_messages={"required": "Enter how they are related to or know the child"},
    )
    phone = forms.CharField(label="Phone (optional)", required=False)
    email = forms.CharField(label="Email (optional)", required=False)
    address = forms.CharField(label="Address (optional)", required=False)


class MeetingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    held_on = GovukDateField(
        label="Date held", past_only=True, error_messages={"required": "Enter the date held"}
    )
    family_attended = PeopleChoice(
        label="Family members who came",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    network_attended = forms.ModelMultipleChoiceField(
        label="Family network who came",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_attended = forms.CharField(
        label="Others who came (optional)",
        required=False,
        help_text="For example the independent FGDM coordinator, the social worker",
    )
    family_plan = forms.CharField(
        label="The family's plan, in their words",
        required=False,
        help_text="For a family group decision-making meeting: write the plan exactly as the "
        "family wrote or said it. It is shown as theirs and is not edited afterwards.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, members, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_attended"].queryset = members
        self.fields["network_attended"].queryset = network


class TimelineForm(GovukForm):
    letter_sent_on = GovukDateField(
        label="Date the letter before proceedings was sent", required=False, past_only=True
    )
    step_decision_on = GovukDateField(
        label="Date of the step decision", required=False, past_only=True
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        widget=forms.RadioSelect,
    )
    court_application_on = GovukDateField(
        label="Date of the court application",
        required=False,
        past_only=True,
        help_text="Only with the outcome 'Care proceedings'",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = codelists.choices("pre_proceedings_outcome")

"""Forms for family hubs: searching the directory, a connection request and its decision."""

from __future__ import annotations

from django import forms

from directory.models import HubServiceCategory
from familyhub.forms import GovukForm


class DirectorySearchForm(GovukForm):
    need = forms.CharField(
        label="What help is needed",
        required=False,
        max_length=100,
        help_text="A word or two, for example parenting, feeding or debt",
    )
    category = forms.ChoiceField(
        label="Kind of help",
        required=False,
        choices=[("", "Any kind of help"), *HubServiceCategory.choices],
    )
    age = forms.IntegerField(
        label="Child's age in years",
        required=False,
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"invalid": "Enter the child's age as a number, like 4"},
    )
    place = forms.CharField(
        label="Near",
        required=False,
        max_length=40,
        help_text="A postcode, or the area or town",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


class ConnectionRequestForm(GovukForm):
    person = forms.ModelChoiceField(
        label="Who is it for (optional)",
        queryset=None,
        required=False,
        empty_label="The whole family",
    )
    message = forms.CharField(
        label="What would the family like help with",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only what the service needs to know to get in touch. No case notes.",
        error_messages={"required": "Say what the family would like help with"},
    )
    family_agreed = forms.BooleanField(
        label="The family agreed to this request being sent",
        required=False,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = lambda p: p.full_name


class DecisionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Can the service take this family on?",
        choices=[("accept", "Accept"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline the request"},
    )
    reason = forms.CharField(
        label="Why not (if declining)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The family's lead sees this, so they can find other help.",
    )


class EnrolForm(GovukForm):
    person = forms.ModelChoiceField(
        label="Who is joining",
        queryset=None,
        error_messages={"required": "Choose who is joining"},
    )
    plan_action = forms.ModelChoiceField(
        label="The plan action this is (optional)",
        queryset=None,
        required=False,
        empty_label="Not on the plan",
        help_text="Attendance is then recorded on the plan.",
    )

    def __init__(self, *args, members, plan_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = lambda p: p.full_name
        self.fields["plan_action"].queryset = plan_actions
        self.fields["plan_action"].label_from_instance = lambda a: a.text


class FeedImportForm(GovukForm):
    url = forms.URLField(
        label="The feed's web address",
        required=False,
        help_text="An Open Referral UK API, for example https://example.org/api/services",
        assume_scheme="https",
    )
    file = forms.FileField(
        label="Or a feed file (JSON)",
        required=False,
        help_text="A file of services in the Open Referral UK format",
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Give the feed's web address or choose a feed file")
        return data

import datetime as dt

from django import forms
from django.utils import timezone

from familyhub.forms import GovukDateField, GovukForm
from organisations.models import Organisation

from . import lawful
from .models import (
    SECTIONS,
    ConsentGivenBy,
    ConsentMethod,
    ConsentPosition,
    ConsentPurpose,
    NotificationKind,
    RedactionReason,
    RequesterRelationship,
    SharingDecision,
)


class ConsentForm(GovukForm):
    person = forms.ModelChoiceField(
        label="Whose consent",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose whose consent it is"},
    )
    purpose = forms.ChoiceField(
        label="What for",
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the consent is for"},
    )
    agency = forms.ModelChoiceField(
        label="Agency (for sharing with a named agency)",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Not about a named agency",
    )
    given = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Consent given"), ("no", "Consent refused")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether consent was given or refused"},
    )
    given_by = forms.ChoiceField(
        label="Given or refused by",
        choices=ConsentGivenBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who decided"},
    )
    given_by_person = forms.ModelChoiceField(
        label="Parent or carer who decided (if not the person themselves)",
        queryset=None,
        required=False,
        empty_label="The person themselves",
    )
    method = forms.ChoiceField(
        label="How",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how consent was recorded"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=500)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["given_by_person"].queryset = members


class ReviewReasonForm(GovukForm):
    reason = forms.CharField(
        label="Why are you reviewing this family's information sharing?",
        min_length=10,
        max_length=500,
        help_text="For example ‘Complaint from the family received 3 March’ or ‘Subject access "
        "request SAR-0012’. Your reason is recorded in the audit trail.",
        error_messages={
            "required": "Say why you are reviewing this family's information sharing",
            "min_length": "Say why in a few more words",
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(GovukForm):
    note = forms.CharField(
        label="How was consent withdrawn?",
        max_length=500,
        help_text="For example ‘Mum phoned on 3 March and asked us to stop sharing with the "
        "school’. Everyone working with the family will see that consent was withdrawn.",
        error_messages={"required": "Say how consent was withdrawn"},
    )


class SharingForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=SharingDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you shared"},
    )
    recipient = forms.ModelChoiceField(
        label="With which agency",
        queryset=Organisation.objects.all(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency"},
    )
    recipient_person = forms.CharField(
        label="With whom at that agency (optional)", required=False, max_length=200
    )
    person = forms.ModelChoiceField(
        label="About (optional)", queryset=None, required=False, empty_label="The whole family"
    )
    sections = forms.MultipleChoiceField(
        label="What",
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what was (or would have been) shared"},
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the purpose of sharing"},
    )
    art6_basis = forms.ChoiceField(
        label="UK GDPR Article 6 lawful basis",
        choices=[("", "Choose a lawful basis")] + lawful.choices("art6"),
        error_messages={"required": "Choose the Article 6 lawful basis"},
    )
    art9_condition = forms.ChoiceField(
        label="Article 9 condition (special category data)",
        choices=lawful.choices("art9"),
        required=False,
    )
    sch1_condition = forms.ChoiceField(
        label="DPA 2018 Schedule 1 condition", choices=lawful.choices("sch1"), required=False
    )
    consent_position = forms.ChoiceField(
        label="Consent",
        choices=ConsentPosition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the consent position"},
    )
    consent_reason = forms.CharField(
        label="Why consent was not sought, or why a refusal was overridden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example ‘asking would put the child at risk of harm’",
    )
    reason_not_shared = forms.CharField(
        label="If you did not share, why not",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expires_on = GovukDateField(
        label="Sharing ends on (optional)", required=False, future_only=True
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class AgreementForm(GovukForm):
    reference = forms.CharField(label="Reference", max_length=40)
    title = forms.CharField(label="Title", max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the organisations that are party to it"},
    )
    purposes = forms.CharField(label="Purposes", widget=forms.Textarea(attrs={"rows": 3}))
    sections = forms.MultipleChoiceField(
        label="Data items covered", choices=SECTIONS, widget=forms.CheckboxSelectMultiple
    )
    art6_basis = forms.ChoiceField(
        label="Article 6 lawful basis",
        choices=[("", "Choose a lawful basis")] + lawful.choices("art6"),
    )
    art9_condition = forms.ChoiceField(
        label="Article 9 condition", choices=lawful.choices("art9"), required=False
    )
    sch1_condition = forms.ChoiceField(
        label="Schedule 1 condition", choices=lawful.choices("sch1"), required=False
    )
    starts_on = GovukDateField(label="Starts on")
    review_on = GovukDateField(label="Review by")
    ends_on = GovukDateField(label="Ends on (optional)", required=False)


class PartnerNotificationForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind", choices=NotificationKind.choices, widget=forms.RadioSelect
    )
    child = forms.ModelChoiceField(label="Child", queryset=None, empty_label="Choose a child")
    recipient = forms.ModelChoiceField(
        label="School or setting to notify",
        queryset=Organisation.objects.filter(org_type="school"),
        empty_label="Choose the school",
    )
    source_reference = forms.CharField(
        label="Police reference (optional)", required=False, max_length=60
    )
    incident_at = GovukDateField(label="Date of the incident", past_only=True)
    child_present = forms.TypedChoiceField(
        label="Was the child present?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        widget=forms.RadioSelect,
    )
    child_voice = forms.CharField(
        label="What the child said (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary = forms.CharField(label="Brief circumstances", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children

    def clean_incident_at(self):
        day = self.cleaned_data["incident_at"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


class SARForm(GovukForm):
    identifier = forms.CharField(
        label="The person's LA child ID or NHS number",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter an LA child ID or NHS number"},
    )
    requester_name = forms.CharField(
        label="Who made the request",
        max_length=200,
        error_messages={"required": "Enter who made the request"},
    )
    requester_relationship = forms.ChoiceField(
        label="Their relationship to the person",
        choices=RequesterRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the relationship"},
    )
    received_on = GovukDateField(
        label="Date received",
        past_only=True,
        error_messages={"required": "Enter the date received"},
    )


class RedactionForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why withhold it",
        choices=RedactionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason"},
    )
    note = forms.CharField(
        label="Record of the decision",
        max_length=500,
        error_messages={"required": "Record why this item is withheld"},
    )


class RetentionDecisionForm(GovukForm):
    destroy = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Destroy the record"), ("no", "Keep it for now")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to destroy or keep the record"},
    )
    note = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Record the reasons for the decision"},
    )

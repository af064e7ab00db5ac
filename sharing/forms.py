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
    NonDisclosureReviewOutcome,
    NonDisclosureStatus,
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
    statutory_basis = forms.ChoiceField(
        label="Are you sharing under the duty to share?",
        choices=lawful.choices("statutory"),
        initial="",
        widget=forms.RadioSelect,
        required=False,
        help_text="Since 30 September 2026 the law requires agencies that work with children to "
        "share information relevant to a child's safety or welfare with an agency it may help. "
        "Under the duty you do not ask for consent.",
    )
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
        label="Consent (not asked under the duty to share)",
        choices=ConsentPosition.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave this if you are sharing under the duty to share: the law requires the "
        "sharing, so consent is not asked and is recorded as not needed",
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


# --- Decisions not to share (CA 2004 s16LA exception) ---------------------------------------


class NonDisclosureForm(GovukForm):
    child = forms.ModelChoiceField(
        label="Which child is the information about?",
        queryset=None,
        empty_label="Choose a child",
        error_messages={"required": "Choose the child the information is about"},
    )
    recipient = forms.ModelChoiceField(
        label="Which agency did you not share it with?",
        queryset=Organisation.objects.all(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency you did not share with"},
    )
    recipient_role = forms.CharField(
        label="Who at that agency would have received it?",
        max_length=200,
        help_text="A role, for example ‘GP’, ‘designated safeguarding lead’ or ‘housing officer’",
        error_messages={"required": "Enter who at that agency would have received it"},
    )
    sections = forms.MultipleChoiceField(
        label="What did you not share?",
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what you did not share"},
    )
    withheld = forms.CharField(
        label="Describe the information you did not share",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Enough for a reviewer to know what it was, without repeating all of it",
        error_messages={"required": "Describe the information you did not share"},
    )
    detriment_reasoning = forms.CharField(
        label="Why would sharing it be more detrimental to the child than not sharing it?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The law lets you hold back relevant information only when you consider that "
        "sharing it would be more detrimental to the child than not sharing it. Say what harm "
        "sharing could cause the child and why that outweighs what the agency would gain",
        error_messages={
            "required": "Explain why sharing would be more detrimental to the child than not "
            "sharing"
        },
    )
    review_on = GovukDateField(
        label="When will this decision be reviewed?",
        future_only=True,
        help_text="Within 12 months, for example 6 3 2027",
        error_messages={"required": "Enter the date this decision will be reviewed"},
    )

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class NonDisclosureReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=NonDisclosureReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the review"},
    )
    note = forms.CharField(
        label="What did you consider?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record what you considered at the review"},
    )
    next_review_on = GovukDateField(
        label="Next review (if you keep withholding)", required=False, future_only=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NonDisclosureFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency that decided",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Any agency",
    )
    recipient = forms.ModelChoiceField(
        label="Not shared with",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Any agency",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status")] + NonDisclosureStatus.choices,
        required=False,
    )
    review = forms.ChoiceField(
        label="Review",
        choices=[
            ("", "Any"),
            ("overdue", "Review overdue"),
            ("due", "Review due in the next 30 days"),
        ],
        required=False,
    )
    decided_from = GovukDateField(label="Decided from", required=False)
    decided_to = GovukDateField(label="Decided to", required=False)


class CountsPeriodForm(GovukForm):
    period_from = GovukDateField(label="From", required=False)
    period_to = GovukDateField(label="To", required=False)

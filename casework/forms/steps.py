"""Forms for step up and step down."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm

from ._fields import PersonChoice, PractitionerChoice, _person_label

YES_NO = [("yes", "Yes"), ("no", "No")]


class StepUpForm(GovukForm):
    children = PersonChoice(
        label="Which children",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children the step-up is about"},
    )
    reason = forms.CharField(
        label="Why children's social care needs to be involved now",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why you are stepping up"},
    )
    immediate_risk = forms.TypedChoiceField(
        label="Is a child at immediate risk of significant harm?",
        help_text="The same question the concern form asks. A yes makes the contact urgent.",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a child is at immediate risk of significant harm"},
    )
    disclosure = forms.TypedChoiceField(
        label="Has a child told you, or shown you, that they have been harmed?",
        help_text="A disclosure of harm makes the contact urgent.",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a child has disclosed harm"},
    )
    lead_view = forms.CharField(
        label="Your view as lead practitioner",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your view as lead practitioner"},
    )
    lead_stays_involved = forms.BooleanField(
        label="I will stay involved with the family", required=False, initial=True
    )

    def __init__(self, *args, children, has_open_episode=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        if not has_open_episode:
            self.fields["no_episode_reason"] = forms.CharField(
                label="The family has no open early help episode: why step up now?",
                help_text="For example, a new worry found on a first visit.",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Enter why you are stepping up without an episode"},
            )
            self.style_fields()


class EpisodeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.child.full_name} – {obj.state_label}"


class StepDownForm(GovukForm):
    episodes = EpisodeChoice(
        label="Which children step down",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children who step down"},
    )
    agreed_at = forms.ChoiceField(
        label="Where was this agreed",
        choices=[
            ("cin_review", "At a child in need review"),
            ("assessment_closure", "At the end of the assessment (RC9, referred to early help)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the step-down was agreed"},
    )
    agreed_on = GovukDateField(label="Date agreed", past_only=True, required=False)
    receiving_lead = PractitionerChoice(
        label="Receiving lead practitioner",
        queryset=None,
        help_text="They will be asked to accept. You stay involved until they do.",
        error_messages={"required": "Choose the receiving lead practitioner"},
    )
    family_consent_by = forms.ModelChoiceField(
        label="Who in the family consented to early help",
        queryset=None,
        error_messages={"required": "Choose who consented"},
    )
    family_consent_on = GovukDateField(label="Date of consent", past_only=True, required=False)
    handover_note = forms.CharField(
        label="Handover note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a handover note"},
    )

    def __init__(self, *args, episodes, practitioners, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episodes"].queryset = episodes
        self.fields["receiving_lead"].queryset = practitioners
        self.fields["family_consent_by"].queryset = members
        self.fields["family_consent_by"].label_from_instance = _person_label


class StepDownDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Will you be the lead practitioner?",
        choices=[("accept", "Yes, I accept"), ("decline", "No, I cannot take this on")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you accept"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you decline.",
    )

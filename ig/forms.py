"""Forms of the information-governance pages: break-glass, its review, sealing a record and
the audit look-up."""

from django import forms

from access.forms import PasswordCheckMixin
from familyhub.forms import GovukForm


class BreakGlassForm(PasswordCheckMixin, GovukForm):
    purpose = "break-glass password check"
    identifier = forms.CharField(
        label="Family reference, LA child ID or NHS number",
        max_length=20,
        help_text="The exact reference of the record you need",
        error_messages={"required": "Enter the family reference, LA child ID or NHS number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="The urgent safeguarding need",
        help_text="Your reason is recorded, shown to information governance and your manager, "
        "and reviewed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain the urgent safeguarding need"},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="Confirm it is you before opening a record you do not normally have access to",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class ReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("justified", "Justified"), ("not_justified", "Not justified")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome"},
    )
    note = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record the reasons for the outcome"},
    )


class RecordLookupForm(GovukForm):
    identifier = forms.CharField(
        label="Name, family reference, LA child ID or NHS number",
        max_length=100,
        help_text="A name may be misspelt or only part of one, with a date of birth if known",
        error_messages={"required": "Enter a name, family reference, LA child ID or NHS number"},
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )


class SealForm(GovukForm):
    reason = forms.CharField(
        label="Reason", max_length=300, error_messages={"required": "Give the reason"}
    )
    access_list = forms.ModelMultipleChoiceField(
        label="Who keeps access",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, practitioners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access_list"].queryset = practitioners
        self.fields["access_list"].label_from_instance = lambda p: (
            f"{p.name} – {p.job_title}, {p.organisation.name}"
        )


class LookupForm(GovukForm):
    reference = forms.CharField(
        label="Name, family reference, LA child ID or NHS number",
        max_length=100,
        help_text="For example FH-ABC234, P2X4K7M9QA or Deirdre Walsh 11/02/1984",
        error_messages={"required": "Enter a name, family reference, LA child ID or NHS number"},
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds", "spellcheck": "false"}),
    )

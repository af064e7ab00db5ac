from django import forms

from familyhub.forms import GovukDateField, GovukForm

from .scopes import Scope


class ApiClientForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        help_text="The client acts for this organisation: it sees only what its involvement "
        "with a family allows",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the partner organisation"},
    )
    name = forms.CharField(
        label="Name of the partner's system",
        help_text="For example, Northgate Primary MIS",
        max_length=120,
        error_messages={"required": "Enter the name of the partner's system"},
    )
    scopes = forms.MultipleChoiceField(
        label="What the client may do",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the client may do"},
    )
    expires_on = GovukDateField(
        future_only=True,
        label="Key expires on",
        help_text="For example, 31 3 2027. At most 2 years from today",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RevokeForm(GovukForm):
    reason = forms.CharField(
        label="Why is the key being revoked?",
        max_length=300,
        error_messages={"required": "Enter why the key is being revoked"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

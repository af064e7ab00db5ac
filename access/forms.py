from django import forms
from django.contrib.auth.forms import AuthenticationForm

from web.forms import GovukForm, GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account is not active. Ask your administrator",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class PasswordCheckMixin:
    """Asks for the signed-in user's password again (break-glass, exports)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not right")
        return password


class BreakGlassForm(PasswordCheckMixin, GovukForm):
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
        label="Family reference, LA child ID or NHS number",
        max_length=20,
        error_messages={"required": "Enter a family reference, LA child ID or NHS number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
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


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        help_text="The 6-digit code that your app shows now",
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code, using numbers only")
        return code


class ConfirmPasswordForm(PasswordCheckMixin, GovukForm):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

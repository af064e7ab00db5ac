from django import forms
from django.contrib.auth.forms import AuthenticationForm

from familyhub.forms import GovukForm, GovukFormMixin

from . import lockout

LOCKED = "Your account is locked after too many attempts. Try again later"


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
    """Asks for the signed-in user's password again (break-glass, exports). With the request,
    a wrong password counts against the sign-in lockout (access.lockout)."""

    purpose = "password check"

    def __init__(self, *args, user=None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.request is not None and lockout.is_locked(self.request, self.user, self.purpose):
            raise forms.ValidationError(LOCKED)
        if not self.user.check_password(password):
            if self.request is not None and lockout.failed(self.request, self.user, self.purpose):
                raise forms.ValidationError(LOCKED)
            raise forms.ValidationError("Your password is not right")
        if self.request is not None:
            lockout.succeeded(self.request, self.user)
        return password


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
    purpose = "export password check"
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

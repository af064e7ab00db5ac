"""Forms for the family's own view (plain words, reading age about 9) and the lead's invitation."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukForm

from .models import SCALE

SCALE_WORDS = [(str(n), words) for n, words in SCALE]

# The relationship check: the same five questions, in words for adults and for young people.
WORDING = {
    "adult": {
        "open": "My worker tells me what they are doing and why",
        "honest": "My worker is honest with me, even when it is hard to hear",
        "reliable": "My worker does what they say they will do",
        "persistent": "My worker keeps going and does not give up on us",
        "listened": "I felt listened to",
        "better": "What would make the help better?",
    },
    "young_person": {
        "open": "My worker explains things to me",
        "honest": "My worker tells me the truth",
        "reliable": "My worker turns up and does what they said",
        "persistent": "My worker sticks with me",
        "listened": "My worker listens to me",
        "better": "What would make it better for you?",
    },
}


class StartForm(GovukForm):
    sign_in_name = forms.CharField(
        label="Your sign-in name",
        help_text="It is on your letter, for example ABCD-1234",
        max_length=20,
        error_messages={"required": "Enter your sign-in name from the letter"},
    )
    code = forms.CharField(
        label="Your code",
        help_text="It is on your letter too, for example ABCD-EFGH-JK",
        max_length=20,
        error_messages={"required": "Enter the code from your letter"},
    )


class SignInForm(GovukForm):
    sign_in_name = forms.CharField(
        label="Your sign-in name",
        max_length=20,
        error_messages={"required": "Enter your sign-in name"},
    )
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "Enter your password"},
    )


class PasswordForm(GovukForm):
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 12 letters or numbers. Three words you will remember work well, "
        "like: apple river yellow",
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "Choose a password"},
    )


class ScoreForm(GovukForm):
    score = forms.TypedChoiceField(
        label="Where are you now?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number"},
    )

    def __init__(self, *args, low: int, high: int, words: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [(str(n), text) for n, text in words]
        self.style_fields()


class CheckForm(GovukForm):
    def __init__(self, *args, wording: str, **kwargs):
        super().__init__(*args, **kwargs)
        words = WORDING[wording]
        for q in ("open", "honest", "reliable", "persistent", "listened"):
            self.fields[q] = forms.TypedChoiceField(
                label=words[q],
                choices=SCALE_WORDS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer"},
            )
        self.fields["better"] = forms.CharField(
            label=words["better"],
            help_text="You do not have to write anything",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.style_fields()


class InviteForm(GovukForm):
    person = forms.ChoiceField(
        label="Who are you inviting?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are inviting"},
    )
    judgement = forms.CharField(
        label="For a young person: why do you judge they are able to use it?",
        help_text="For example: understands what the page shows and who can see it, and wants "
        "their own sign-in. Leave blank for a parent or carer.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mobile = forms.CharField(
        label="Also send the code by text message (optional)",
        help_text="Mobile number. GOV.UK Notify sends it.",
        required=False,
        max_length=20,
    )

    def __init__(self, *args, choices, notify_on: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices
        if not notify_on:
            del self.fields["mobile"]
        self.style_fields()

"""Forms for family hubs: searching the directory, a connection request and its decision."""

from __future__ import annotations

from django import forms

from directory.models import HubServiceCategory
from familyhub.forms import GovukDateField, GovukForm

from .models import SessionKind


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


# --- Self-referral from the public page, and the coordinator's decision ----------------------

CONSENT = (
    "I agree that the family hub keeps these details to contact me about a place on this "
    "session, and checks whether the hub already knows my family so that we do not have to "
    "tell our story twice. The hub will not share them with anyone else without asking me, "
    "unless a child is at risk of harm."
)


class SelfReferralForm(GovukForm):
    """The least a hub needs to call a parent back and find them in the register."""

    parent_name = forms.CharField(
        label="Your name",
        max_length=100,
        error_messages={"required": "Enter your name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Your phone number",
        required=False,
        max_length=30,
        help_text="We will call or text you about the place",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Or your email address",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    child_given_name = forms.CharField(
        label="Your child's first name (if the session is for a child)",
        required=False,
        max_length=60,
    )
    child_family_name = forms.CharField(
        label="Your child's last name", required=False, max_length=60
    )
    child_date_of_birth = GovukDateField(
        label="Your child's date of birth",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2023",
    )
    postcode = forms.CharField(
        label="Your postcode",
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    message = forms.CharField(
        label="Anything we should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, if you need an interpreter or step-free access",
    )
    consent = forms.BooleanField(
        label=CONSENT,
        error_messages={"required": "Tick the box to say you agree, so we can contact you"},
    )
    # A field people never see (hidden by the page's CSS and from screen readers): a form
    # filled in by a script that fills every box is thanked and thrown away.
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", "Enter a phone number or an email address, so we can reply")
        return data


class SelfReferralDecisionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="What happens to this request?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whom to enrol, or decline the request"},
    )
    reason = forms.CharField(
        label="Why not (if declining)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say it as you will tell the family when you call them.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [*choices, ("decline", "Decline the request")]


# --- Creating, editing and cancelling sessions --------------------------------------------------


class SessionForm(GovukForm):
    """A session's details (creating one adds its kind and weekly dates: see SessionNewForm)."""

    title = forms.CharField(
        label="Name of the session",
        max_length=200,
        help_text="As families will see it, for example Triple P group: spring",
        error_messages={"required": "Enter a name for the session"},
    )
    venue = forms.ModelChoiceField(
        label="Where it meets", queryset=None, error_messages={"required": "Choose where it meets"}
    )
    facilitator = forms.ModelChoiceField(
        label="Facilitator (optional)",
        queryset=None,
        required=False,
        empty_label="Not yet known",
        help_text="They take the register",
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": "Enter how many places there are"},
    )
    minimum_age = forms.IntegerField(
        label="Youngest child's age in years (optional)",
        required=False,
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
    maximum_age = forms.IntegerField(
        label="Oldest child's age in years (optional)",
        required=False,
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
    complete_after = forms.IntegerField(
        label="Sessions to attend to complete the course",
        required=False,
        min_value=1,
        max_value=52,
        help_text="For a course: how many sessions a family must attend to complete it",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )

    def __init__(self, *args, venues, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        self.fields["facilitator"].queryset = facilitators
        self.fields["facilitator"].label_from_instance = lambda p: p.user.full_name


class SessionEditForm(SessionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SessionNewForm(SessionForm):
    kind = forms.ChoiceField(
        label="What kind of session",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        initial=SessionKind.COURSE,
        error_messages={"required": "Choose what kind of session it is"},
    )
    first_on = GovukDateField(
        label="First date",
        help_text="For example, 12 1 2027",
        error_messages={"required": "Enter the first date"},
    )
    weeks = forms.IntegerField(
        label="How many weeks it runs",
        min_value=1,
        max_value=52,
        initial=1,
        help_text="It meets on the same day and time each week. A one-off session: 1",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"required": "Enter how many weeks it runs"},
    )
    starts_at = forms.TimeField(
        label="Starts at",
        help_text="For example, 10:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 10:00"},
    )
    ends_at = forms.TimeField(
        label="Ends at",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the end time", "invalid": "Enter a time like 12:00"},
    )

    field_order = [
        "title",
        "kind",
        "venue",
        "facilitator",
        "capacity",
        "minimum_age",
        "maximum_age",
        "first_on",
        "weeks",
        "starts_at",
        "ends_at",
        "complete_after",
    ]


class SessionCancelForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is it cancelled",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The families and their lead workers are told this.",
        error_messages={"required": "Say why the session is cancelled: the families are told"},
    )


class ReachPeriodForm(GovukForm):
    start = GovukDateField(label="From", required=False, help_text="For example, 1 4 2026")
    end = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be after its start")
        return data

from django import forms

import codelists
from familyhub.forms import GovukDateField, GovukForm
from organisations.models import InvolvementRole, Organisation, Practitioner

from .identifiers import postcode as postcode_id
from .models import (
    MemberRole,
    NhsNumberAbsentReason,
    NhsNumberSource,
    NhsNumberStatus,
    RelationshipKind,
    Sex,
)


class FamilyForm(GovukForm):
    name = forms.CharField(
        label="Family name",
        max_length=150,
        help_text="How the family is known, for example ‘Smith family’ or ‘Kelly and Jaden Smith’",
        error_messages={"required": "Enter the family name"},
    )
    summary = forms.CharField(
        label="What the family wants help with (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    locality = forms.CharField(
        label="Locality (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(GovukForm):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the person's first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name"},
    )
    other_names = forms.CharField(
        label="Other or previous names (optional)",
        required=False,
        max_length=300,
        help_text="For example a maiden name, an alias or another spelling",
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2016. Leave blank if not known or not yet born",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn baby)",
        required=False,
        help_text="Only for a baby not yet born",
    )
    date_of_death = GovukDateField(
        label="Date of death (only if they have died)",
        required=False,
        past_only=True,
        help_text="For example, 14 2 2019. The genogram shows them crossed through",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.RadioSelect(attrs={"small": True}),
    )
    gender = forms.CharField(
        label="Gender, if the person has told you (optional)", required=False, max_length=60
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=14,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )
    nhs_number_source = forms.ChoiceField(
        label="Where the NHS number came from",
        required=False,
        choices=NhsNumberSource.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        help_text="Only if there is an NHS number",
    )
    nhs_number_status = forms.ChoiceField(
        label="Has the NHS number been verified?",
        required=False,
        choices=NhsNumberStatus.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        help_text="Verified means checked against the NHS Personal Demographics Service, or "
        "confirmed by a health partner from their own record",
    )
    nhs_number_verified_on = GovukDateField(
        label="Date it was verified",
        required=False,
        past_only=True,
        help_text="For example, 2 12 2026",
    )
    nhs_number_absent_reason = forms.ChoiceField(
        label="If a child has no NHS number, why not",
        required=False,
        choices=[("", "No reason needed: the child has an NHS number (or this is an adult)")]
        + NhsNumberAbsentReason.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        help_text="The Children Act 2004, section 16LC, says a child's records carry their NHS "
        "number unless one of these applies",
    )
    upn = forms.CharField(
        label="Unique Pupil Number (UPN) (optional)",
        required=False,
        max_length=15,
        help_text="13 characters, for example R801200101001",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no UPN, why not (optional)",
        required=False,
        choices=[("", "Choose a reason")] + codelists.choices("upn_unknown"),
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        required=False,
        initial="NOBT",
        help_text="Ask the person (or for a child, the family). If they choose not to say, "
        "choose ‘Declined to say’; if nobody has asked yet, ‘Not yet asked’.",
        choices=codelists.choices("ethnicity"),
    )
    first_language = forms.ChoiceField(
        label="First language (optional)",
        required=False,
        choices=[("", "Not recorded")] + codelists.choices("language"),
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)",
        required=False,
        choices=codelists.choices("disability"),
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_ethnicity(self):
        """Nothing chosen means nobody has asked yet (DfE's NOBT), never a blank."""
        return self.cleaned_data.get("ethnicity") or "NOBT"

    def clean_disabilities(self):
        codes = self.cleaned_data["disabilities"]
        if "NONE" in codes and len(codes) > 1:
            raise forms.ValidationError(
                "Select ‘No disability’ on its own, or only the disabilities that apply"
            )
        return codes

    def person_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NewMemberForm(PersonForm):
    role = forms.ChoiceField(
        label="Role in the family",
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role in the family"},
    )
    in_household = forms.BooleanField(label="Lives in the household", required=False, initial=True)
    field_order = ["role", "in_household"]
    # The identifier's provenance is recorded on the person's own page (Change details); a new
    # child without it is listed on the data-quality page until someone does.
    nhs_number_source = None
    nhs_number_status = None
    nhs_number_verified_on = None
    nhs_number_absent_reason = None


class AddressForm(GovukForm):
    line_1 = forms.CharField(
        label="Address line 1", max_length=150, error_messages={"required": "Enter address line 1"}
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=150)
    town = forms.CharField(
        label="Town or city (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
        error_messages={"required": "Enter the postcode"},
    )
    uprn = forms.CharField(
        label="UPRN (optional)",
        required=False,
        max_length=12,
        help_text="Unique Property Reference Number, up to 12 digits",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    moved_in_on = GovukDateField(label="Date moved in (optional)", required=False, past_only=True)
    is_confidential = forms.BooleanField(
        label="Confidential address",
        required=False,
        help_text="For example a refuge. It will be hidden from everyone outside the family's "
        "named access list",
    )

    def clean_postcode(self):
        try:
            return postcode_id.validate(self.cleaned_data["postcode"])
        except forms.ValidationError:
            raise
        except Exception as exc:  # pragma: no cover
            raise forms.ValidationError(str(exc)) from exc

    def clean_uprn(self):
        value = self.cleaned_data["uprn"].strip()
        if value and not (value.isdigit() and len(value) <= 12):
            raise forms.ValidationError("Enter a UPRN using up to 12 numbers")
        return value


class RelationshipForm(GovukForm):
    from_person = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the first person"},
    )
    kind = forms.ChoiceField(
        label="is the",
        choices=RelationshipKind.choices,
        error_messages={"required": "Choose the relationship"},
    )
    to_person = forms.ModelChoiceField(
        label="of",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the second person"},
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility",
        required=False,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_person"].queryset = members
        self.fields["to_person"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("from_person") and data.get("from_person") == data.get("to_person"):
            self.add_error("to_person", "Choose two different people")
        return data


class PartnershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.from_person.full_name} and {obj.to_person.full_name}"


class SeparationForm(GovukForm):
    relationship = PartnershipChoice(
        label="Which couple",
        queryset=None,
        empty_label="Choose a couple",
        error_messages={"required": "Choose the couple who have separated"},
    )
    ended_on = GovukDateField(
        label="When they separated",
        past_only=True,
        help_text="For example, 1 6 2024. An approximate date is fine",
        error_messages={"required": "Enter when they separated"},
    )

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].queryset = partnerships


class InvolvementForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Agency",
        queryset=Organisation.objects.all(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that is involved"},
    )
    practitioner = forms.ModelChoiceField(
        label="Practitioner (optional)",
        required=False,
        queryset=Practitioner.objects.select_related("user", "organisation"),
        empty_label="No named practitioner",
        help_text="The named person at that agency, if there is one",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[  # the lead and cover are recorded under "Who to contact" (ADR 0006)
            (value, label)
            for value, label in InvolvementRole.choices
            if value not in (InvolvementRole.LEAD_PRACTITIONER, InvolvementRole.COVER)
        ],
        error_messages={"required": "Choose the role"},
    )
    person = forms.ModelChoiceField(
        label="Involved with (optional)",
        queryset=None,
        required=False,
        empty_label="The whole family",
    )
    started_on = GovukDateField(
        label="Started on (optional)",
        required=False,
        past_only=True,
        help_text="Leave blank for today",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=500)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["practitioner"].label_from_instance = lambda p: (
            f"{p.name} – {p.job_title}, {p.organisation.name}"
        )

    def clean(self):
        data = super().clean()
        practitioner, org = data.get("practitioner"), data.get("organisation")
        if practitioner and org and practitioner.organisation_id != org.pk:
            self.add_error("practitioner", f"{practitioner.name} does not work for {org.name}")
        return data


class EndInvolvementForm(GovukForm):
    ended_on = GovukDateField(
        label="Date the involvement ended",
        past_only=True,
        error_messages={"required": "Enter the date the involvement ended"},
    )
    reason = forms.CharField(
        label="Why it ended",
        max_length=200,
        error_messages={"required": "Enter why the involvement ended"},
    )


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Spelling does not need to be exact. You can type everything here, "
        "for example Jayden Smyth 03/07/2016 E17 4AB (date of birth day first)",
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="UPN",
        required=False,
        max_length=15,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(k) for k in ("q", "date_of_birth", "postcode", "nhs_number", "upn")
        ):
            self.add_error("q", "Enter a name, date of birth, postcode, NHS number or UPN")
        return data


# --- Merging the records of one person (people.merge) ---------------------------------------


class MergeChooseForm(GovukForm):
    record = forms.CharField(
        label="LA child ID of the other record",
        max_length=20,
        help_text="The record that is the same person. Its LA child ID is shown on its page, "
        "for example P7K2M9XQ4RT",
        error_messages={"required": "Enter the LA child ID of the other record"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )


class MergeForm(GovukForm):
    reason = forms.CharField(
        label="Why are these records the same person?",
        max_length=500,
        help_text="For example: same NHS number; school confirmed the date of birth",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why these records are the same person"},
    )
    keep_version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)


class UnmergeForm(GovukForm):
    reason = forms.CharField(
        label="Why are these two different people?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this merge is being undone"},
    )


class MergePurposeForm(GovukForm):
    purpose = forms.CharField(
        label="Why are you opening this record?",
        help_text="For example, who reported the duplicate and where. This is recorded.",
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are opening this record"},
    )

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 10:
            raise forms.ValidationError("Say in a few words why you are opening this record")
        return purpose

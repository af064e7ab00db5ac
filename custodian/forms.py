from django import forms

from familyhub.forms import GovukDateField, GovukForm
from organisations.models import OrganisationType

from .models import Mode, RecordType, SharingPurpose

ANY_TYPE = [("", "Not a type: the organisation above")]


class AgreementForm(GovukForm):
    reference = forms.CharField(
        label="Reference",
        help_text="For example DSA-SUI-001. It stays the same when the agreement is revised",
        max_length=40,
        error_messages={"required": "Enter the agreement's reference, for example DSA-SUI-001"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the agreement's title"},
    )
    source_organisation = forms.ModelChoiceField(
        label="Source organisation",
        help_text="Whose records: the local authority's children's social care or early help",
        queryset=None,
        required=False,
        empty_label="Not one organisation: the type below",
    )
    source_type = forms.ChoiceField(
        label="Or any organisation of this type (source)",
        choices=ANY_TYPE + list(OrganisationType.choices),
        required=False,
    )
    destination_organisation = forms.ModelChoiceField(
        label="Destination organisation",
        help_text="Who may ask: the organisation the partner system acts for",
        queryset=None,
        required=False,
        empty_label="Not one organisation: the type below",
    )
    destination_type = forms.ChoiceField(
        label="Or any organisation of this type (destination)",
        choices=ANY_TYPE + list(OrganisationType.choices),
        required=False,
    )
    record_type = forms.ChoiceField(
        label="Record type",
        choices=RecordType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the record type"},
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=SharingPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the purpose"},
    )
    mode = forms.ChoiceField(
        label="What may be shared",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what may be shared"},
    )
    valid_from = GovukDateField(
        label="Valid from", help_text="For example, 1 4 2026", required=True
    )
    valid_until = GovukDateField(
        label="Valid until",
        help_text="The last day it applies. Leave empty for no end date",
        required=False,
    )
    change_note = forms.CharField(
        label="What changed and why",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_organisation"].queryset = organisations
        self.fields["destination_organisation"].queryset = organisations
        if revising:
            self.fields["reference"].disabled = True
            self.fields["reference"].required = False

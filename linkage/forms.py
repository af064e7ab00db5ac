from django import forms

from familyhub.forms import GovukForm

from .models import Decision, Source

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(GovukForm):
    source = forms.ChoiceField(
        label="Where the data comes from",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the data comes from"},
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "Columns: record_id, source_system, first_name, surname, dob (YYYY-MM-DD), sex, "
            "postcode, address_line_1, nhs_number and optionally upn"
        ),
        error_messages={"required": "Choose a CSV file to upload"},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 50MB")
        return upload


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            (Decision.SAME, "Same person"),
            (Decision.NOT_SAME, "Not the same person"),
            (Decision.UNSURE, "Not sure"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether these are the same person"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

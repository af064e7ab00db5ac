from django import forms

from familyhub.forms import GovukDateField, GovukForm

from . import years


class CensusRunForm(GovukForm):
    year = forms.ChoiceField(
        label="Collection year",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the collection year"},
    )
    purpose = forms.CharField(
        label="Why are you running the census?",
        help_text="This is recorded in the audit, for example ‘CIN census 2025-26 return to DfE’",
        max_length=300,
        error_messages={"required": "Say why you are running the census"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (str(y.end_year), f"{y.label} (to {y.reference_date:%-d %B %Y})")
            for y in reversed(years.supported())
        ]


class DownloadForm(GovukForm):
    purpose = forms.CharField(
        label="Why are you downloading the census file?",
        help_text="This is recorded in the audit, for example ‘Upload to DfE COLLECT’",
        max_length=300,
        error_messages={"required": "Say why you are downloading the census file"},
    )


class PeriodForm(GovukForm):
    """The period of the disproportionality report (the partnership's reporting year)."""

    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "‘To’ must be the same as or after ‘From’")
        return data


class ClaimApproveForm(GovukForm):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=500, widget=forms.TextInput
    )


class AnnexAForm(GovukForm):
    """Ofsted's Annex A lists for a period, in a format, for a stated purpose (audited)."""

    start = GovukDateField(label="From", error_messages={"required": "Enter the start date"})
    end = GovukDateField(label="To", error_messages={"required": "Enter the end date"})
    fmt = forms.ChoiceField(
        label="Format",
        widget=forms.RadioSelect,
        choices=[
            ("xlsx", "Excel workbook (a sheet per list)"),
            ("csv", "CSV files (a file per list, in a zip)"),
        ],
        initial="xlsx",
        error_messages={"required": "Choose the format"},
    )
    purpose = forms.CharField(
        label="Why are you exporting the lists?",
        help_text="This is recorded in the audit, for example ‘Ofsted ILACS inspection, Annex A’",
        max_length=300,
        error_messages={"required": "Say why you are exporting the lists"},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "‘To’ must be the same as or after ‘From’")
        return data

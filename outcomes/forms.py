"""Forms for outcomes. Every form is a GovukForm; dates are GovukDateFields."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm

from .models import NEED_LABELS


class OutcomeCheckForm(GovukForm):
    checked_on = GovukDateField(
        label="Date of the check",
        past_only=True,
        error_messages={"required": "Enter the date of the check"},
    )
    sustained = forms.TypedChoiceField(
        label="Overall, have the family's outcomes been sustained?",
        choices=[("yes", "Yes, sustained"), ("no", "No, not sustained")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the family's outcomes have been sustained"},
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What shows it, and where it came from (for example school attendance, "
        "no new contacts to the front door, tenancy kept, the family's own view).",
        error_messages={"required": "Record the evidence"},
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.need_areas = list(needs)
        for area in self.need_areas:
            self.fields[f"need_{area}"] = forms.TypedChoiceField(
                label=f"{NEED_LABELS.get(area, area)}: sustained?",
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda v: v == "yes",
                required=False,
                widget=forms.RadioSelect,
            )
        self.style_fields()

    def need_results(self) -> dict[str, bool]:
        return {
            area: self.cleaned_data[f"need_{area}"]
            for area in self.need_areas
            if self.cleaned_data.get(f"need_{area}") not in (None, "")
        }

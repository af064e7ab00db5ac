"""Forms for the whole-family assessment."""

from __future__ import annotations

from django import forms

import codelists
from familyhub.forms import GovukForm
from outcomes.models import NEED_AREAS

from ..models import (
    AssessmentKind,
)


class AssessmentStartForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of assessment",
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of assessment"},
    )


class AssessmentForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    child_voice = forms.CharField(
        label="The children's views, in their own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the children told you, as they said it.",
    )
    strengths = forms.CharField(
        label="What is going well: the family's strengths",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    network = forms.CharField(
        label="Family and friends who help",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    analysis = forms.CharField(
        label="What we think is happening, and why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment (CIN census)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, statutory: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        if statutory:
            self.fields["factors"].choices = [
                (c, f"{c} {label}") for c, label in codelists.choices("assessment_factor")
            ]
        else:
            del self.fields["factors"]
        for person in self.members:
            self.fields[f"needs_{person.pk}"] = forms.MultipleChoiceField(
                label=f"{person.full_name}: needs",
                required=False,
                choices=NEED_AREAS,
                widget=forms.CheckboxSelectMultiple,
                help_text="Adults' own needs count too: mental health, drinking or drugs, "
                "domestic abuse, housing, work and money.",
            )
            self.fields[f"about_{person.pk}"] = forms.CharField(
                label=f"About {person.given_name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.style_fields()

    def person_fields(self):
        return [(p, self[f"needs_{p.pk}"], self[f"about_{p.pk}"]) for p in self.members]

    def main_fields(self):
        return [
            self[n]
            for n in ("child_voice", "strengths", "network", "analysis", "factors")
            if n in self.fields
        ]

    def needs(self) -> dict[int, list[str]]:
        return {p.pk: self.cleaned_data.get(f"needs_{p.pk}") or [] for p in self.members}

    def notes(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"about_{p.pk}") or "" for p in self.members}

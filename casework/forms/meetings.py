"""The form for a meeting or review: attendance, views, decisions, goal scores."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm
from outcomes.models import GoalScale

from ..models import (
    MeetingKind,
)
from ._fields import PersonChoice


class MeetingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    held_on = GovukDateField(
        label="Date held", past_only=True, error_messages={"required": "Enter the date held"}
    )
    agencies_invited = forms.ModelMultipleChoiceField(
        label="Agencies invited",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies_attended = forms.ModelMultipleChoiceField(
        label="Agencies that came",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_attended = PersonChoice(
        label="Family members who came",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parents_views = forms.CharField(
        label="What the parents said", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    child_views = forms.CharField(
        label="What the children said", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label="Discussion", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label="Decisions", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations, members, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies_invited"].queryset = organisations
        self.fields["agencies_attended"].queryset = organisations
        self.fields["family_attended"].queryset = members
        self.goals = list(goals)
        for goal in self.goals:
            if goal.scale == GoalScale.ATTAINMENT:
                hint = "; ".join(
                    f"{n:+d}" + (f" {words}" if words else f" {label.lower()}")
                    if n
                    else "0 " + (words or label.lower())
                    for n, label, words in goal.levels()
                )
                self.fields[f"score_{goal.pk}"] = forms.IntegerField(
                    label=f"Score for “{goal.text}” (−2 to +2)",
                    required=False,
                    min_value=-2,
                    max_value=2,
                    help_text=hint,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                    error_messages={
                        "min_value": "Goal attainment scores go from −2 to +2",
                        "max_value": "Goal attainment scores go from −2 to +2",
                    },
                )
                continue
            self.fields[f"score_{goal.pk}"] = forms.IntegerField(
                label=f"Score for “{goal.text}” (0 to 10)",
                required=False,
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                error_messages={
                    "min_value": "Scores go from 0 to 10",
                    "max_value": "Scores go from 0 to 10",
                },
            )
        self.fields["action_text"] = forms.CharField(
            label="New action agreed (optional)", required=False, max_length=500
        )
        self.fields["action_owner_organisation"] = forms.ModelChoiceField(
            label="Agency doing it",
            queryset=organisations,
            required=False,
            empty_label="Not an agency",
        )
        self.fields["action_due_on"] = GovukDateField(label="Due by", required=False)
        self.style_fields()

    def scores(self):
        return {g: self.cleaned_data.get(f"score_{g.pk}") for g in self.goals}

    def new_action(self):
        return {
            "text": self.cleaned_data.get("action_text") or "",
            "owner_organisation": self.cleaned_data.get("action_owner_organisation"),
            "due_on": self.cleaned_data.get("action_due_on"),
        }

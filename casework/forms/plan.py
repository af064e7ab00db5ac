"""Forms for the family plan: its words, goals on their scale, actions (hub services too)."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm
from outcomes.models import ATTAINMENT_LEVELS, GoalScale

from ..models import (
    ActionStatus,
)
from ._fields import _person_label


class PlanForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    family_words = forms.CharField(
        label="What the family want to change, in their words",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the family want to change"},
    )
    worries = forms.CharField(
        label="What we are worried about",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    working_well = forms.CharField(
        label="What is working well", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


LEVEL_FIELDS = {-2: "level_m2", -1: "level_m1", 0: "level_0", 1: "level_p1", 2: "level_p2"}


class GoalForm(GovukForm):
    text = forms.CharField(
        label="The goal, in the family's words",
        max_length=500,
        error_messages={"required": "Enter the goal in the family's words"},
    )
    person = forms.ModelChoiceField(
        label="Whose goal (optional)",
        queryset=None,
        required=False,
        empty_label="The whole family",
    )
    scale = forms.ChoiceField(
        label="How will you score this goal?",
        choices=GoalScale.choices,
        initial=GoalScale.GOAL_BASED,
        widget=forms.RadioSelect,
        help_text="Goal-based outcome: the family rate the goal from 0 (not at all) to 10 "
        "(fully met). Goal attainment scaling: agree now what the expected outcome looks like "
        "(0), and what less (−1, −2) and more (+1, +2) than expected would look like.",
        error_messages={"required": "Choose how the goal will be scored"},
    )
    baseline = forms.IntegerField(
        label="Where are you now? (optional)",
        required=False,
        help_text="0 to 10 for a goal-based outcome; usually −2 for goal attainment scaling.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = _person_label
        for level, label in ATTAINMENT_LEVELS:
            self.fields[LEVEL_FIELDS[level]] = forms.CharField(
                label=f"{level:+d}: {label}" if level else f"0: {label}",
                required=False,
                max_length=300,
            )
        self.style_fields()

    def level_fields(self):
        return [self[name] for name in LEVEL_FIELDS.values()]

    def clean(self):
        data = super().clean()
        scale, baseline = data.get("scale"), data.get("baseline")
        if baseline is not None and scale == GoalScale.ATTAINMENT and not -2 <= baseline <= 2:
            self.add_error("baseline", "Goal attainment scores go from −2 to +2")
        elif baseline is not None and scale == GoalScale.GOAL_BASED and not 0 <= baseline <= 10:
            self.add_error("baseline", "Scores go from 0 to 10")
        return data

    def goal_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "text": d["text"],
            "person": d.get("person"),
            "baseline": d.get("baseline"),
            "scale": d["scale"],
            "level_words": {str(n): d.get(name) or "" for n, name in LEVEL_FIELDS.items()},
        }


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.get_category_display()}"


class PlanActionForm(GovukForm):
    text = forms.CharField(
        label="What will be done",
        max_length=500,
        error_messages={"required": "Enter what will be done"},
    )
    goal = forms.ModelChoiceField(
        label="Towards which goal (optional)",
        queryset=None,
        required=False,
        empty_label="Not about one goal",
    )
    owner_organisation = forms.ModelChoiceField(
        label="Agency doing it", queryset=None, required=False, empty_label="Not an agency"
    )
    owner_person = forms.ModelChoiceField(
        label="Or family member doing it",
        queryset=None,
        required=False,
        empty_label="Not a family member",
    )
    service = ServiceChoice(
        label="A service from a family hub (optional)",
        queryset=None,
        required=False,
        empty_label="Not a hub service",
        help_text="For example a parenting programme, as one part of the family's support. "
        "The hub owns the action unless you choose someone else.",
    )
    due_on = GovukDateField(label="Due by (optional)", required=False)

    def __init__(self, *args, goals, organisations, members, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["goal"].queryset = goals
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_person"].queryset = members
        self.fields["owner_person"].label_from_instance = _person_label


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)

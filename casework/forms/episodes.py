"""Forms for episodes: opening one for each child, each step of the state machine, allocation."""

from __future__ import annotations

from django import forms

import codelists
from familyhub.forms import GovukDateField, GovukForm

from .. import machines
from ._fields import PersonChoice, PractitionerChoice


class EpisodeOpenForm(GovukForm):
    children = PersonChoice(
        label="Which children",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each child gets their own episode.",
        error_messages={"required": "Choose at least one child"},
    )
    referral_date = GovukDateField(label="Referral date", required=False, past_only=True)
    referral_source = forms.ChoiceField(label="Referral source", required=False)
    primary_need = forms.ChoiceField(label="Primary need", required=False)
    strategy_discussion_on = GovukDateField(
        label="Date of the strategy discussion", required=False, past_only=True
    )
    note = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["children"].queryset = children
        self.fields["referral_source"].choices = [("", "Choose a source")] + codelists.choices(
            "referral_source"
        )
        self.fields["primary_need"].choices = [("", "Choose a need")] + [
            (c, f"{c} {label}") for c, label in codelists.choices("primary_need")
        ]
        if kind == "EH":
            self.fields["referral_date"].label = "Date early help was requested"
        if kind != "CIN":
            del self.fields["referral_source"]
            del self.fields["primary_need"]
        if kind == "CP":
            del self.fields["referral_date"]
        else:
            del self.fields["strategy_discussion_on"]


def _date(label, **kw):
    return GovukDateField(label=label, past_only=True, **kw)


def step_field(name: str, *, practitioners=None, required=True, lcpp_choices=None):
    label = machines_label(name)
    if name == "lead_cp_practitioner":
        return PractitionerChoice(
            label="Lead child protection practitioner",
            queryset=lcpp_choices,
            required=False,
            empty_label="Choose a social worker",
            help_text="A social worker who leads the child protection case. Every case has one "
            "once a conference is arranged.",
        )
    if name.endswith("_on") or name == "rcpc_on":
        return _date(label, required=required)
    if name == "closure_reason":
        return forms.ChoiceField(
            label="Reason for closure",
            required=required,
            choices=[("", "Choose a reason")]
            + [(c, f"{c} {label}") for c, label in codelists.choices("closure_reason")],
        )
    if name == "eh_closure_reason":
        return forms.ChoiceField(
            label="Reason for closure",
            required=required,
            choices=machines.EH_CLOSURE_REASONS,
            widget=forms.RadioSelect,
        )
    if name == "assessment_factors":
        return forms.MultipleChoiceField(
            label="Factors identified at assessment",
            required=False,
            choices=[(c, f"{c} {label}") for c, label in codelists.choices("assessment_factor")],
            widget=forms.CheckboxSelectMultiple,
            help_text="Choose every factor that applies, or 21 ‘No factors identified’ alone.",
        )
    if name in ("cp_category_initial", "cp_category_latest"):
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", "Choose a category")] + codelists.choices("abuse_category"),
        )
    if name == "allocated_to":
        return PractitionerChoice(
            label="Lead practitioner", queryset=practitioners, required=required
        )
    if name == "assessment_late_reason":
        return forms.CharField(
            label="Why the assessment took longer than 45 working days",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Needed when the assessment is authorised after its due date.",
        )
    return forms.CharField(label=label, required=required)


def machines_label(name: str) -> str:
    from ..actions._common import _label

    return _label(name)


class StepForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        transition: machines.Transition,
        practitioners=None,
        lcpp_choices=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in (*transition.requires, *transition.optional):
            # Required-ness is the action's rule (so its messages show), not the form's.
            self.fields[name] = step_field(
                name, practitioners=practitioners, required=False, lcpp_choices=lcpp_choices
            )
        self.fields["note"] = forms.CharField(
            label="Reasons and notes",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="What was decided and why. This goes in the chronology.",
        )

    def step_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "note")}


class AllocateForm(GovukForm):
    practitioner = PractitionerChoice(
        label="Allocate to",
        queryset=None,
        error_messages={"required": "Choose who to allocate to"},
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners


class LcppForm(GovukForm):
    practitioner = PractitionerChoice(
        label="Lead child protection practitioner",
        queryset=None,
        help_text="A social worker who leads the child protection case.",
        error_messages={"required": "Choose the lead child protection practitioner"},
    )
    note = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners


class _TeamChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}{f' ({obj.locality})' if obj.locality else ''}"


class S47AllocateForm(GovukForm):
    team = _TeamChoice(
        label="Multi-agency child protection team",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Only complete teams are listed: all four statutory seats filled.",
        error_messages={"required": "Choose the multi-agency child protection team"},
    )
    allocated_on = GovukDateField(label="Allocated on (optional)", required=False, past_only=True)
    note = forms.CharField(
        label="What the team is asked to do (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

"""Forms for working with the family. Every form is a GovukForm; dates are GovukDateFields."""

from __future__ import annotations

from django import forms
from django.utils import timezone

import codelists
from outcomes.models import ATTAINMENT_LEVELS, NEED_AREAS, GoalScale
from web.forms import GovukDateField, GovukForm

from . import machines
from .models import (
    AbsenceKind,
    ActionStatus,
    AssessmentKind,
    CaseNoteKind,
    FamilySay,
    MeetingKind,
)


def _person_label(person) -> str:
    return person.full_name


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} – {obj.job_title}, {obj.organisation.name}"


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


def step_field(name: str, *, practitioners=None, required=True):
    label = machines_label(name)
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
    from .actions._common import _label

    return _label(name)


class StepForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, transition: machines.Transition, practitioners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in transition.requires:
            # Required-ness is the action's rule (so its messages show), not the form's.
            self.fields[name] = step_field(name, practitioners=practitioners, required=False)
        for name in transition.optional:
            self.fields[name] = step_field(name, practitioners=practitioners, required=False)
        self.fields["note"] = forms.CharField(
            label="Reasons and notes",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="What was decided and why. This goes in the chronology.",
        )

    def step_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "note")}


class LeadForm(GovukForm):
    lead = PractitionerChoice(
        label="Lead practitioner",
        queryset=None,
        help_text="From any agency: a teacher or health visitor can lead.",
        error_messages={"required": "Choose the lead practitioner"},
    )
    cover = PractitionerChoice(
        label="Who covers when they are away",
        queryset=None,
        required=False,
        empty_label="No cover named yet",
    )
    family_say = forms.ChoiceField(
        label="The family's say in who leads",
        choices=FamilySay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Record the family's say in who leads"},
    )
    family_say_note = forms.CharField(
        label="What the family said (optional)", required=False, max_length=500
    )
    handover_reason = forms.CharField(
        label="Reason for the handover",
        required=False,
        max_length=300,
        help_text="Needed when someone else leads now.",
    )
    handover_note = forms.CharField(
        label="Handover note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the new lead needs to know.",
    )
    family_told_on = GovukDateField(label="When the family were told", required=False)
    family_told_how = forms.CharField(
        label="How the family were told",
        required=False,
        max_length=300,
        help_text="For example ‘Home visit with mum and Jaden’.",
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = practitioners
        self.fields["cover"].queryset = practitioners


class AbsenceForm(GovukForm):
    practitioner = PractitionerChoice(label="Who is away", queryset=None)
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of absence"},
    )
    starts_on = GovukDateField(
        label="First day away", error_messages={"required": "Enter the first day away"}
    )
    ends_on = GovukDateField(
        label="Last day away", error_messages={"required": "Enter the last day away"}
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=CaseNoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of contact"},
    )
    occurred_on = GovukDateField(
        label="Date", past_only=True, error_messages={"required": "Enter the date"}
    )
    seen = PersonChoice(
        label="Who was seen", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    seen_alone = PersonChoice(
        label="Children seen alone",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened"},
    )

    def __init__(self, *args, members, children, **kwargs):
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["seen"].queryset = members
        self.fields["seen_alone"].queryset = children


class CaseNoteEditForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what happened"},
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
        return f"{obj.name} ({obj.hub.name}) – {obj.get_category_display()}"


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


class StepUpForm(GovukForm):
    children = PersonChoice(
        label="Which children",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children the step-up is about"},
    )
    reason = forms.CharField(
        label="Why children's social care needs to be involved now",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why you are stepping up"},
    )
    lead_view = forms.CharField(
        label="Your view as lead practitioner",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your view as lead practitioner"},
    )
    lead_stays_involved = forms.BooleanField(
        label="I will stay involved with the family", required=False, initial=True
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children


class EpisodeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.child.full_name} – {obj.state_label}"


class StepDownForm(GovukForm):
    episodes = EpisodeChoice(
        label="Which children step down",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children who step down"},
    )
    agreed_at = forms.ChoiceField(
        label="Where was this agreed",
        choices=[
            ("cin_review", "At a child in need review"),
            ("assessment_closure", "At the end of the assessment (RC9, referred to early help)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the step-down was agreed"},
    )
    agreed_on = GovukDateField(label="Date agreed", past_only=True, required=False)
    receiving_lead = PractitionerChoice(
        label="Receiving lead practitioner",
        queryset=None,
        help_text="They will be asked to accept. You stay involved until they do.",
        error_messages={"required": "Choose the receiving lead practitioner"},
    )
    family_consent_by = forms.ModelChoiceField(
        label="Who in the family consented to early help",
        queryset=None,
        error_messages={"required": "Choose who consented"},
    )
    family_consent_on = GovukDateField(label="Date of consent", past_only=True, required=False)
    handover_note = forms.CharField(
        label="Handover note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a handover note"},
    )

    def __init__(self, *args, episodes, practitioners, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episodes"].queryset = episodes
        self.fields["receiving_lead"].queryset = practitioners
        self.fields["family_consent_by"].queryset = members
        self.fields["family_consent_by"].label_from_instance = _person_label


class StepDownDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Will you be the lead practitioner?",
        choices=[("accept", "Yes, I accept"), ("decline", "No, I cannot take this on")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you accept"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you decline.",
    )


class AllocateForm(GovukForm):
    practitioner = PractitionerChoice(
        label="Allocate to",
        queryset=None,
        error_messages={"required": "Choose who to allocate to"},
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners


class ChronologyFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, required=False, empty_label="All agencies"
    )
    group = forms.ChoiceField(label="Type of event", required=False)
    person = forms.ModelChoiceField(
        label="About", queryset=None, required=False, empty_label="Anyone in the family"
    )
    significant = forms.BooleanField(label="Significant events only", required=False)

    def __init__(self, *args, agencies, members, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = _person_label
        self.fields["group"].choices = [("", "All types")] + groups

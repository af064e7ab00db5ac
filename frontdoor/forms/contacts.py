"""Working a contact at the front door: screening, RAG, information requests, the decision,
sign-off, dissent, and the queue's filter."""

from __future__ import annotations

from django import forms

import codelists
from familyhub.forms import GovukForm

from .. import messages as msg
from ..models import (
    Outcome,
    Rag,
    Resolution,
)
from ._fields import VersionForm, _textarea


class ScreeningForm(VersionForm):
    rag = forms.ChoiceField(
        label="RAG rating (optional)",
        choices=Rag.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"small": True}),
    )


class RagForm(VersionForm):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"required": msg.RAG_REQUIRED},
    )
    reason = forms.CharField(
        label="Why is it changing? (needed when changing a rating)",
        required=False,
        max_length=500,
    )


class LinkFamilyForm(VersionForm):
    family = forms.IntegerField(widget=forms.HiddenInput)


class InfoRequestForm(VersionForm):
    organisation = forms.ChoiceField(
        label="Agency", choices=[], error_messages={"required": msg.INFO_ORG_REQUIRED}
    )
    practitioner = forms.ChoiceField(
        label="Named practitioner (optional)",
        required=False,
        choices=[],
        help_text="Otherwise the agency's safeguarding leads are asked",
    )
    question = forms.CharField(
        label="What would you like to know?",
        widget=_textarea(4),
        error_messages={"required": msg.INFO_QUESTION_REQUIRED},
    )

    def __init__(self, *args, organisations=(), practitioners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.practitioners = {str(p.pk): p for p in practitioners}
        self.fields["organisation"].choices = [("", "Choose an agency")] + [
            (k, o.name) for k, o in self.organisations.items()
        ]
        self.fields["practitioner"].choices = [("", "No one named")] + [
            (k, f"{p.name} – {p.organisation.name}") for k, p in self.practitioners.items()
        ]


class InfoAnswerForm(VersionForm):
    answer = forms.CharField(
        label="What does your agency know?",
        help_text="Include when you last saw the family and anything that worries you. If you "
        "do not know them, say so.",
        widget=_textarea(8),
        error_messages={"required": msg.INFO_ANSWER_REQUIRED},
    )


class ResumeForm(VersionForm):
    reason = forms.CharField(
        label="Why decide without waiting?",
        max_length=500,
        error_messages={"required": msg.RESUME_REASON_REQUIRED},
    )


class DecisionForm(VersionForm):
    level = forms.ChoiceField(
        label="Level on the continuum of need",
        choices=[],
        required=False,
        widget=forms.RadioSelect,
    )
    indicators = forms.MultipleChoiceField(label="Indicators", required=False, choices=[])
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        help_text="Why this level and this outcome: what you weighed up, including what partners "
        "told you",
        widget=_textarea(8),
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=Outcome.choices, required=False, widget=forms.RadioSelect
    )
    referral_source = forms.ChoiceField(
        label="Referral source (CIN census)",
        required=False,
        choices=[],
        help_text="Needed for a referral to children's social care or a strategy discussion",
    )
    primary_need = forms.ChoiceField(
        label="Primary need code (CIN census)",
        required=False,
        choices=[],
        help_text="Needed for a referral to children's social care or a strategy discussion",
    )
    locality = forms.ChoiceField(
        label="Locality",
        required=False,
        choices=[],
        help_text="Early help is routed to the multi-agency team for the family's locality",
    )
    team = forms.ChoiceField(
        label="Team (only to change where the rules send the family)",
        required=False,
        choices=[],
    )
    override_reason = forms.CharField(
        label="Why a different team? (needed if you choose a team)",
        required=False,
        widget=_textarea(2),
    )
    referrer_view = forms.CharField(
        label="The referrer's view",
        required=False,
        help_text="What the referrer thinks would help, and what they said when you spoke",
        widget=_textarea(3),
    )
    feedback_to_referrer = forms.CharField(
        label="What the referrer will be told",
        required=False,
        help_text="The outcome, the reasons and any advice, in plain words. This is sent to them "
        "in writing when the decision takes effect",
        widget=_textarea(5),
    )

    def __init__(self, *args, continuum=None, teams=(), localities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.continuum = continuum
        self.teams = {str(t.pk): t for t in teams}
        if continuum is not None:
            self.fields["level"].choices = continuum.level_choices()
            self.fields["indicators"].choices = [
                c for _g, choices in continuum.indicator_choices() for c in choices
            ]
        self.fields["referral_source"].choices = [("", "Choose a code")] + [
            (code, f"{code} – {label}") for code, label in codelists.choices("referral_source")
        ]
        self.fields["primary_need"].choices = [("", "Choose a code")] + [
            (code, f"{code} – {label}") for code, label in codelists.choices("primary_need")
        ]
        self.fields["locality"].choices = [("", "Choose a locality")] + [
            (loc, loc) for loc in localities
        ]
        self.fields["team"].choices = [("", "As the routing rules say")] + [
            (k, f"{t.name} ({t.organisation.name})") for k, t in self.teams.items()
        ]

    def decision_data(self) -> dict:
        d = self.cleaned_data
        level = d.get("level")
        return {
            "level": int(level) if level and level.isdecimal() else None,
            "indicators": d.get("indicators") or [],
            "rationale": d.get("rationale") or "",
            "outcome": d.get("outcome") or "",
            "referral_source": d.get("referral_source") or "",
            "primary_need": d.get("primary_need") or "",
            "locality": d.get("locality") or "",
            "team": self.teams.get(d.get("team") or ""),
            "override_reason": d.get("override_reason") or "",
            "referrer_view": d.get("referrer_view") or "",
            "feedback_to_referrer": d.get("feedback_to_referrer") or "",
        }


class SignOffForm(VersionForm):
    agree = forms.ChoiceField(
        label="Do you agree with the decision?",
        choices=[("yes", "Yes – sign it off"), ("no", "No – return it for more work")],
        widget=forms.RadioSelect,
        error_messages={"required": msg.SIGN_OFF_CHOICE_REQUIRED},
    )
    note = forms.CharField(
        label="Your comments",
        required=False,
        help_text="Needed if you return the decision",
        widget=_textarea(3),
    )
    team = forms.ChoiceField(
        label="Send the family to a different team (optional)", required=False, choices=[]
    )
    override_reason = forms.CharField(
        label="Why a different team?", required=False, widget=_textarea(2)
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in teams}
        self.fields["team"].choices = [("", "Keep the team the decision names")] + [
            (k, f"{t.name} ({t.organisation.name})") for k, t in self.teams.items()
        ]

    def chosen_team(self):
        return self.teams.get(self.cleaned_data.get("team") or "")


class DissentForm(GovukForm):
    reason = forms.CharField(
        label="Why do you disagree?",
        help_text="What you know that makes you think the decision is wrong, and what you think "
        "should happen instead",
        widget=_textarea(6),
        error_messages={"required": msg.DISSENT_REASON_REQUIRED},
    )


class ResolveForm(VersionForm):
    resolution = forms.ChoiceField(
        label="Resolution",
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": msg.RESOLUTION_REQUIRED},
    )
    resolution_note = forms.CharField(
        label="What you will tell the partner",
        help_text="How you looked at it, who you spoke to and what happens now",
        widget=_textarea(5),
        error_messages={"required": msg.RESOLUTION_NOTE_REQUIRED},
    )


class QueueFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("open", "Open contacts"),
            ("sign_off", "Waiting for sign-off"),
            ("breached", "Breaches (overdue or decided late)"),
            ("closed", "Closed"),
        ],
    )
    team = forms.ChoiceField(label="Team", required=False, choices=[])
    locality = forms.ChoiceField(label="Locality", required=False, choices=[])
    rag = forms.ChoiceField(
        label="RAG",
        required=False,
        choices=[("", "Any"), *Rag.choices, ("none", "Not rated yet")],
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        required=False,
        choices=[("", "Any"), ("urgent", "Urgent only"), ("not_urgent", "Not urgent")],
    )
    sort = forms.ChoiceField(required=False, choices=[], widget=forms.HiddenInput)

    def __init__(self, *args, teams=(), localities=(), sorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Any")] + [(str(t.pk), t.name) for t in teams]
        self.fields["locality"].choices = [("", "Any")] + [(loc, loc) for loc in localities]
        self.fields["sort"].choices = [(s, s) for s in sorts]

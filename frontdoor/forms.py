"""Front-door forms. Every form is a GovukForm; required-ness of a concern's answers lives in
the actions (what_problems / who_problems), so a draft can be saved half-finished and the same
rules apply to every caller."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

import codelists
from web.forms import GovukDateField, GovukForm

from . import messages as msg
from .models import (
    ConsentStatus,
    ConsultationOutcome,
    Mode,
    NamedRole,
    Outcome,
    Rag,
    Resolution,
    Wants,
    WarningDecision,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def _textarea(rows: int = 5):
    return forms.Textarea(attrs={"rows": rows})


# --- Concern, screen 1: who -----------------------------------------------------------------


class NewPersonForm(GovukForm):
    given_name = forms.CharField(label="First name", required=False, max_length=100)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="Or the expected date of birth for an unborn baby. For example, 27 3 2019",
    )
    unborn = forms.BooleanField(label="Not born yet", required=False)
    role = forms.ChoiceField(
        label="Child or adult",
        choices=NamedRole.choices,
        initial=NamedRole.CHILD,
        required=False,
        widget=forms.RadioSelect(attrs={"small": True}),
    )

    def is_blank(self) -> bool:
        d = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (d.get("given_name") or d.get("family_name") or d.get("date_of_birth"))

    def clean(self):
        data = super().clean()
        if not (data.get("given_name") or data.get("family_name") or data.get("date_of_birth")):
            if data.get("unborn"):
                self.add_error("date_of_birth", msg.NEW_PERSON_DUE)
            return data
        today = timezone.localdate()
        born = data.get("date_of_birth")
        if data.get("unborn"):
            if not born:
                self.add_error("date_of_birth", msg.NEW_PERSON_DUE)
            elif born < today:
                self.add_error("date_of_birth", msg.NEW_PERSON_DUE_PAST)
        else:
            if not (data.get("given_name") or data.get("family_name")):
                self.add_error("given_name", msg.NEW_PERSON_NAME)
            if born and born > today:
                self.add_error("date_of_birth", msg.NEW_PERSON_DOB_FUTURE)
        return data


NewPeopleFormSet = forms.formset_factory(NewPersonForm, extra=0, max_num=8, absolute_max=8)


class ConcernWhoForm(GovukForm):
    """The members of each family the referrer works with, as checkboxes grouped by family
    (the page renders them), and 'someone not listed' revealing rows to type people in."""

    people = forms.MultipleChoiceField(required=False, choices=[], label="Who in the family")
    other = forms.BooleanField(required=False, label="Someone not listed here, or an unborn baby")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    concern = forms.IntegerField(widget=forms.HiddenInput, required=False)
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    after_consultation = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.families = {f.pk: f for f in families}
        self.fields["people"].choices = [
            (f"{f.pk}:{m.person_id}", m.person.full_name)
            for f in families
            for m in getattr(f, "current_members", [])
        ]

    def _chosen(self) -> list[tuple[int, int]]:
        out = []
        for value in self.cleaned_data.get("people", []):
            family, _, person = value.partition(":")
            out.append((int(family), int(person)))
        return out

    def clean(self):
        data = super().clean()
        if len({f for f, _p in self._chosen()}) > 1:
            self.add_error("people", msg.ONE_FAMILY)
        return data

    def chosen_family(self):
        families = {f for f, _p in self._chosen()}
        return self.families.get(families.pop()) if len(families) == 1 else None

    def person_ids(self) -> list[int]:
        family = self.chosen_family()
        return [p for f, p in self._chosen() if family is not None and f == family.pk]

    def wants_new_people(self) -> bool:
        return bool(self.cleaned_data.get("other"))


# --- Concern, screen 2: what and what you want ---------------------------------------------------


class ConcernWhatForm(GovukForm):
    worries = forms.CharField(
        label="What are you worried about?",
        required=False,
        help_text="What you have seen or been told, when, and what the child or family has said. "
        "Write it as you would say it.",
        widget=_textarea(8),
    )
    indicators = forms.MultipleChoiceField(
        label="Which of these apply? (optional)", required=False, choices=[]
    )
    immediate_risk = forms.ChoiceField(
        label="Is a child at immediate risk of significant harm?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    wants = forms.ChoiceField(
        label="What would you like to happen?",
        choices=Wants.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent = forms.ChoiceField(
        label="Did you ask the family for consent to share this?",
        choices=ConsentStatus.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_reason = forms.CharField(
        label="If you did not ask, or they said no, why are you sharing it?",
        required=False,
        help_text="For example, asking would put a child at risk",
        widget=_textarea(3),
    )
    referrer_view = forms.CharField(
        label="What do you think would help the family? (optional)",
        required=False,
        widget=_textarea(3),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    concern = forms.IntegerField(widget=forms.HiddenInput, required=False)
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, continuum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.continuum = continuum
        if continuum is not None:
            self.fields["indicators"].choices = [
                c for _group, choices in continuum.indicator_choices() for c in choices
            ]

    def draft_data(self) -> dict:
        """What to keep in the draft: every answer that is well-formed, even if others are
        missing."""
        d = self.cleaned_data
        out = {}
        for key in ("worries", "consent_reason", "referrer_view", "indicators", "wants", "consent"):
            if key in d:
                out[key] = d[key]
        if "immediate_risk" in d:
            out["immediate_risk"] = _yes_no(d["immediate_risk"])
        return out


# --- Consultations -------------------------------------------------------------------------------


class ConsultationRequestForm(GovukForm):
    slot = forms.ChoiceField(
        label="Choose a time",
        required=False,
        choices=[],
        widget=forms.RadioSelect,
    )
    social_worker = forms.ChoiceField(
        label="Social worker (if none of the times suit you)",
        required=False,
        choices=[],
        help_text="They will contact you to arrange a time",
    )
    preferred_times = forms.CharField(
        label="Times that suit you (optional)",
        required=False,
        max_length=300,
        help_text="For example, Tuesday or Thursday afternoons",
    )
    mode = forms.ChoiceField(
        label="How would you like to talk?",
        choices=Mode.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    named = forms.ChoiceField(
        label="Will you name the family?",
        choices=[
            ("yes", "Yes – a family I work with"),
            ("no", "No – talk about them without naming them (anonymised)"),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text="An anonymised consultation stores nothing that identifies the family",
    )
    family = forms.ChoiceField(label="Family (if you will name them)", required=False, choices=[])
    household = forms.CharField(
        label="About the household, without names (optional)",
        required=False,
        max_length=300,
        help_text="For example, ‘mum, a 3-year-old and a baby of 4 months’. Do not include names, "
        "dates of birth or addresses",
    )
    question = forms.CharField(
        label="What would you like to talk about?",
        required=False,
        widget=_textarea(6),
    )

    def __init__(self, *args, social_workers=(), families=(), slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {str(s.pk): s for s in slots}
        self.fields["slot"].choices = [(k, slot_label(s)) for k, s in self.slots.items()] + [
            ("request", "None of these times suit me – ask a social worker for a time")
        ]
        self.social_workers = {str(p.pk): p for p in social_workers}
        self.families = {str(f.pk): f for f in families}
        self.fields["social_worker"].choices = [("", "Choose a social worker")] + [
            (str(p.pk), f"{p.name} – {p.job_title}") for p in social_workers
        ]
        self.fields["family"].choices = [("", "Choose a family")] + [
            (str(f.pk), f"{f.name} ({f.reference})") for f in families
        ]

    def clean(self):
        data = super().clean()
        if data.get("named") not in ("yes", "no"):
            self.add_error("named", msg.ANONYMOUS_REQUIRED)
        elif data.get("named") == "yes" and not data.get("family"):
            self.add_error("family", msg.FAMILY_REQUIRED)
        if not data.get("slot"):
            self.add_error("slot", "Choose a time, or ask a social worker for one")
        elif data.get("slot") == "request" and not data.get("social_worker"):
            self.add_error("social_worker", msg.SOCIAL_WORKER_REQUIRED)
        if not data.get("mode"):
            self.add_error("mode", msg.MODE_REQUIRED)
        if not (data.get("question") or "").strip():
            self.add_error("question", msg.QUESTION_REQUIRED)
        return data

    @property
    def is_anonymous(self) -> bool:
        return self.cleaned_data.get("named") == "no"

    def chosen_family(self):
        return None if self.is_anonymous else self.families.get(self.cleaned_data.get("family"))

    def chosen_slot(self):
        return self.slots.get(self.cleaned_data.get("slot") or "")

    def chosen_social_worker(self):
        return self.social_workers.get(self.cleaned_data.get("social_worker") or "")


def slot_label(slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    ways = ", ".join(m.lower() for m in slot.mode_labels())
    where = f", {slot.location}" if slot.location else ""
    return f"{start:%A %-d %B, %H:%M}–{end:%H:%M} with {slot.social_worker.name} ({ways}{where})"


class ConsultationOutcomeForm(GovukForm):
    conversation = forms.CharField(
        label="What did you talk about?",
        required=False,
        widget=_textarea(8),
        help_text="This is kept with the consultation and goes with it if it becomes a contact",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ConsultationOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome_reasons = forms.CharField(
        label="Reasons for the outcome",
        required=False,
        widget=_textarea(4),
        help_text="The partner is sent these in writing",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why are you cancelling?",
        max_length=500,
        error_messages={"required": "Enter why you are cancelling"},
    )


class TimeField(forms.CharField):
    def to_python(self, value):
        value = (value or "").strip().replace(".", ":")
        if not value:
            return None
        try:
            return dt.time.fromisoformat(value if len(value) > 2 else f"{int(value):02d}:00")
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a time, like 09:30 or 14:00"
            ) from None


class DutySlotForm(GovukForm):
    starts_on = GovukDateField(
        label="Date",
        future_only=False,
        error_messages={"required": "Enter the date"},
    )
    starts_at = TimeField(
        label="Start time",
        help_text="For example, 09:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the start time"},
    )
    ends_at = TimeField(
        label="End time",
        help_text="For example, 10:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the end time"},
    )
    modes = forms.MultipleChoiceField(
        label="How can partners talk to you?",
        choices=Mode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": msg.SLOT_MODES_REQUIRED},
    )
    location = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=200,
        help_text="For an in-person consultation, e.g. Eastfield Family Hub, room 2",
    )

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        zone = timezone.get_default_timezone()
        return (
            dt.datetime.combine(d["starts_on"], d["starts_at"], tzinfo=zone),
            dt.datetime.combine(d["starts_on"], d["ends_at"], tzinfo=zone),
        )


# --- Contacts ---------------------------------------------------------------------------------


class VersionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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


class EarlyWarningDecisionForm(VersionForm):
    decision = forms.ChoiceField(
        label="What will happen?",
        choices=WarningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": msg.WARNING_DECISION_REQUIRED},
    )
    reason = forms.CharField(
        label="Your reasons",
        widget=_textarea(4),
        error_messages={"required": msg.WARNING_REASON_REQUIRED},
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


class MetricsForm(GovukForm):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "‘To’ must be the same as or after ‘From’")
        return data

"""Consultations with an embedded social worker: the request, the outcome, duty slots."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from familyhub.forms import GovukDateField, GovukForm
from familyhub.timefmt import time_text

from .. import messages as msg
from ..models import (
    ConsultationOutcome,
    Mode,
)
from ._fields import _textarea


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
    book_another = forms.BooleanField(
        label="Book another consultation anyway, linked to the one already waiting",
        required=False,
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
    return (
        f"{start:%A %-d %B}, {time_text(start)} to {time_text(end)} with "
        f"{slot.social_worker.name} ({ways}{where})"
    )


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

"""Joined-up early warning decisions, and the front-door figures' date range."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukDateField, GovukForm

from .. import messages as msg
from ..models import (
    WarningDecision,
)
from ._fields import VersionForm, _textarea


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


class MetricsForm(GovukForm):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "‘To’ must be the same as or after ‘From’")
        return data

"""The dashboards' filters: period (months), area, team and agency, from what the summary
counted. Bad input is a clear error and the form keeps what was typed."""

from __future__ import annotations

import datetime as dt

from django import forms

from familyhub.forms import GovukForm

ANY = ("", "All")


def _month(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None


class FilterForm(GovukForm):
    start = forms.ChoiceField(label="From (month)", required=False)
    end = forms.ChoiceField(label="To (month)", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        months = [(m[:7], dt.date.fromisoformat(m).strftime("%B %Y")) for m in choices["months"]]
        self.fields["start"].choices = months or [ANY]
        self.fields["end"].choices = months or [ANY]
        self.fields["area"].choices = [ANY, *[(a, a) for a in choices["areas"]]]
        self.fields["team"].choices = [ANY, *[(str(k), v) for k, v in choices["teams"]]]
        self.fields["agency"].choices = [ANY, *[(str(k), v) for k, v in choices["agencies"]]]
        self.default_months = months

    def clean(self):
        data = super().clean()
        start, end = _month(data.get("start") or ""), _month(data.get("end") or "")
        if start and end and end < start:
            self.add_error("end", "‘To’ must be the same month as ‘From’ or after it")
        data["start_month"], data["end_month"] = start, end
        return data

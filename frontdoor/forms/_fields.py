"""What the front-door forms share: yes/no answers, text areas, the version a form was opened at."""

from __future__ import annotations

from django import forms

from familyhub.forms import GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def _textarea(rows: int = 5):
    return forms.Textarea(attrs={"rows": rows})


class VersionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

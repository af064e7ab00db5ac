"""A concern in three screens: who it is about, what is happening and what the referrer wants."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from familyhub.forms import GovukDateField, GovukForm

from .. import messages as msg
from ..models import (
    ConsentStatus,
    NamedRole,
    Wants,
)
from ._fields import YES_NO, _textarea, _yes_no


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
    disclosure = forms.ChoiceField(
        label="Has a child told you, or shown you, that they have been harmed?",
        help_text="A yes makes this urgent, as immediate risk does.",
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
        for key in ("immediate_risk", "disclosure"):
            if key in d:
                out[key] = _yes_no(d[key])
        return out

"""GOV.UK Design System form rendering, done once for every form.

Kernel-level (no domain app): the access kernel's sign-in forms use it as every app does.
Every app imports it from here; web, the site's shell, is imported by no app.

Forms inherit GovukForm / GovukModelForm; Django's form renderer API renders every field
through web/templates/web/forms/field.html (label, hint, error message, input classes, and the
fieldset patterns for radios, checkboxes and the date input). See docs/decisions/0002.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.renderers import TemplatesSetting

from familyhub.failures import Saving


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


_BASE_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "web/forms/date_input.html"

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    "data-part": "Day",
                }
            ),
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    "data-part": "Month",
                }
            ),
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                    "data-part": "Year",
                }
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_{i}", "").strip() for i in range(3)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = ("Day", "Month", "Year")
        for label, sub in zip(labels, context["widget"]["subwidgets"], strict=True):
            sub["label"] = label
        return context


class GovukDateField(forms.Field):
    widget = GovukDateInput

    def __init__(self, *, past_only=False, future_only=False, **kwargs):
        self.past_only, self.future_only = past_only, future_only
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value or not any(value):
            return None
        day, month, year = value
        name = self.label or "Date"
        missing = [
            part for part, v in zip(("a day", "a month", "a year"), value, strict=True) if not v
        ]
        if missing:
            raise forms.ValidationError(f"{name} must include {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{name} must be a real date, using numbers")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        from django.utils import timezone

        today = timezone.localdate()
        if self.past_only and value > today:
            raise forms.ValidationError(f"{self.label} must be today or in the past")
        if self.future_only and value <= today:
            raise forms.ValidationError(f"{self.label} must be in the future")
        if value.year < 1900:
            raise forms.ValidationError(f"{self.label} must be after 1900")

    def bound_data(self, data, initial):
        return data

    def prepare_value(self, value):
        return value


class GovukFormMixin:
    """Adds GOV.UK classes, hint and error ids to every widget."""

    template_name_div = "web/forms/form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every field its GOV.UK classes and hint id. A form that adds fields in its own
        __init__ (one per person, per goal, per need) calls it again once they are added."""
        for name, field in self.fields.items():
            widget = field.widget
            kind = type(widget).__name__.lower().replace("input", "").replace("widget", "")
            kind = {
                "text": "input",
                "email": "input",
                "password": "input",
                "number": "input",
                "url": "input",
                "tel": "input",
                "search": "input",
            }.get(kind, kind)
            base = _BASE_CLASSES.get(kind, "govuk-input" if kind == "input" else "")
            if base and not isinstance(widget, GovukDateInput):
                existing = widget.attrs.get("class", "")
                if base not in existing.split():
                    widget.attrs["class"] = f"{base} {existing}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, GovukDateInput):
                for sub in widget.widgets:
                    if "govuk-input--error" not in sub.attrs["class"]:
                        sub.attrs["class"] += " govuk-input--error"
            cls = widget.attrs.get("class", "")
            for base, error in _ERROR_CLASSES.items():
                if base in cls.split() and error not in cls:
                    widget.attrs["class"] = f"{cls} {error}"
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"id_{self.add_prefix(name)}-error"
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()

    def error_summary(self) -> list[tuple[str, str]]:
        """(href, message) pairs for the GOV.UK error summary, in field order."""
        items = []
        for message in self.non_field_errors():
            items.append(("#main-content", message))
        for name, _field in self.fields.items():
            for message in self.errors.get(name, []):
                items.append((f"#{_first_input_id(self[name])}", message))
        return items

    def saving(self, *, rebase: bool = True) -> Saving:
        """Run an action for this form: `with form.saving() as saved: actions.x(...)`; a domain
        error lands on the form (see familyhub.failures)."""
        return Saving(self, rebase=rebase)

    def add_domain_errors(self, exc) -> None:
        """Show an action's RuleViolation field errors beside the fields they are about."""
        for name, messages in exc.field_errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not exc.field_errors and exc.message:
            self.add_error(None, exc.message)


def _first_input_id(bound_field) -> str:
    widget = bound_field.field.widget
    base = bound_field.auto_id
    if isinstance(widget, GovukDateInput):
        return f"{base}_0"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{base}_0"
    return base


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass

"""Display helpers for front-door pages (no record access: presenters only)."""

from django import template
from django.utils import timezone

import codelists

register = template.Library()


@register.filter
def indicator_groups(continuum, codes):
    """[(group name, [labels])] for the chosen indicator codes, in the continuum's order."""
    if continuum is None:
        return []
    return continuum.grouped_labels(codes or [])


@register.filter
def level_name(continuum, level):
    return continuum.level_name(level) if continuum is not None else f"Level {level}"


@register.filter
def code_label(code, list_name):
    return f"{code} – {codelists.label(list_name, code)}" if code else ""


@register.filter
def rag_tag(rag):
    return {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}.get(
        rag, "govuk-tag--grey"
    )


@register.filter
def status_tag(status):
    return {
        "received": "govuk-tag--blue",
        "screening": "govuk-tag--light-blue",
        "awaiting_info": "govuk-tag--purple",
        "decided": "govuk-tag--yellow",
        "closed": "govuk-tag--grey",
        "open": "govuk-tag--blue",
        "answered": "govuk-tag--green",
        "withdrawn": "govuk-tag--grey",
        "requested": "govuk-tag--blue",
        "booked": "govuk-tag--light-blue",
        "held": "govuk-tag--green",
        "cancelled": "govuk-tag--grey",
        "resolved": "govuk-tag--green",
        "decided_ew": "govuk-tag--green",
    }.get(status, "govuk-tag--grey")


@register.filter
def local(value, fmt="j F Y, H:i"):
    """An aware datetime shown in Europe/London."""
    if not value:
        return ""
    from django.utils.dateformat import format as date_format

    return date_format(timezone.localtime(value), fmt)

"""Display helpers used by every template (registered as builtins)."""

from django import template
from django.template import defaulttags
from django.utils import timezone
from django.utils.html import conditional_escape

from familyhub import fasturls
from people.identifiers import nhs_number as nhs

register = template.Library()


class _URLNode(defaulttags.URLNode):
    """Django's {% url %}, made by familyhub.fasturls when the arguments are whole numbers (a
    list's link to each of its rows) and there are no keyword arguments and no `as`."""

    def render(self, context):
        if self.kwargs or self.asvar:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if not all(type(arg) is int and arg >= 0 for arg in args):
            return super().render(context)
        request = getattr(context, "request", None)
        if hasattr(request, "current_app"):  # as Django's tag: a request's own, even None
            current_app = request.current_app
        else:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = fasturls.reverse_ints(self.view_name.resolve(context), args, current_app)
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """{% url %} as Django's (this library is a builtin, loaded after Django's own tags)."""
    node = defaulttags.url(parser, token)
    node.__class__ = _URLNode
    return node


@register.filter
def iso_date(value) -> str:
    """A date given as text (YYYY-MM-DD, as partner files carry it) the GOV.UK way: 3 July
    2016. Anything else is shown as it is."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return str(value or "")
    return f"{day.day} {day:%B %Y}"


@register.filter
def nhs_number(value: str) -> str:
    return nhs.display(value) if value else ""


@register.filter
def age_text(person) -> str:
    if person.is_unborn:
        return f"Unborn (due {person.expected_date_of_birth:%-d %B %Y})"
    age = person.age
    if age is None:
        return "Age not known"
    if age == 0 and person.date_of_birth:
        months = (timezone.localdate() - person.date_of_birth).days // 30
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{age}"


@register.filter
def role_label(code: str) -> str:
    from organisations.models import Role

    return Role(code).label if code in Role.values else code


@register.simple_tag(takes_context=True)
def page_title(context, title: str) -> str:
    form = context.get("form")
    prefix = "Error: " if form is not None and getattr(form, "errors", None) else ""
    return f"{prefix}{title} – FamilyHub"


@register.filter
def govuk_time(value) -> str:
    """A time the GOV.UK style guide's way: 7:07pm, 10am, midday (familyhub.timefmt)."""
    from familyhub.timefmt import time_text

    return time_text(value)


@register.filter
def govuk_datetime(value, style: str = "") -> str:
    """7:07pm on 6 December 2026 ('short': 7:07pm on 6 Dec 2026)."""
    from familyhub.timefmt import time_and_date

    return time_and_date(value, short=style == "short")

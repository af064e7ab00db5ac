from django import template

from proceedings import queries

register = template.Library()


@register.inclusion_tag("proceedings/_family_panel.html", takes_context=True)
def pre_proceedings_panel(context, family):
    """The family page's pre-proceedings: its children's, for those who see its casework, and
    the way in for a social worker or manager working with the family."""
    panel = queries.family_pre_proceedings(context["user"], family)
    return {"family": family, **panel}

from django import template

from sharing import queries

register = template.Library()


@register.inclusion_tag("sharing/_family_banner.html", takes_context=True)
def sharing_banner(context, family):
    """Withdrawn consent, shown to everyone working with the family, and the sharing link."""
    return {"family": family, "withdrawn": queries.withdrawn_consents(context["user"], family)}

from django import template

from portal import policy, queries, relationships

register = template.Library()


@register.inclusion_tag("portal/_family_panel.html", takes_context=True)
def family_voice_panel(context, family):
    """The family page's "the family's own view": who is invited, and how the help feels to
    them over time (a chart with its table), for those who see the family's plan."""
    user = context["user"]
    if not policy.can_see_family_voice(user, family):
        return {"shown": False}
    checks = queries.family_checks(user, family)
    return {
        "shown": True,
        "family": family,
        "accounts": queries.family_accounts(user, family),
        "checks": checks,
        "chart": relationships.family_chart(checks) if checks else "",
        "can_invite": policy.can_invite(user, family),
    }

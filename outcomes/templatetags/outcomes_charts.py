"""Template tags that draw outcomes (outcomes.charts) from what the page already holds."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from outcomes.charts import distance_chart

register = template.Library()


@register.simple_tag
def goal_chart(row, index: int):
    """A plan page's goal row (its goal and its scores, oldest first) drawn as a line."""
    points = [(s.scored_on, s.score) for s in row.scores]
    svg = distance_chart(
        chart_id=f"goal-chart-{index}", goal=row.goal.text, scale=row.goal.scale, points=points
    )
    return mark_safe(svg)  # noqa: S308 - outcomes.charts escapes every label


@register.simple_tag(takes_context=True)
def headline_outcomes(context, family):
    """The family's headline outcomes this user may see (outcomes.queries)."""
    from outcomes.queries import headline_outcomes as query

    headlines = query(context["request"].user, family)
    for h in headlines:
        h.chart = mark_safe(h.chart)  # noqa: S308 - outcomes.charts escapes every label
    return headlines

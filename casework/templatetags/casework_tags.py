from django import template

from casework import queries

register = template.Library()


@register.inclusion_tag("casework/_family_sections.html", takes_context=True)
def casework_sections(context, family):
    """The family page's casework: who to contact now (lead, cover, out of hours), episodes
    and their clocks, the plan and goals, the assessment and case notes, each fetched through
    casework.queries for the signed-in user."""
    user = context["user"]
    page = context.get("page")  # the family page's (people.queries.FamilyPage), when there
    work = queries.family_casework(user, family)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "family": family,
        "work": work,
        "notes": work.notes,
        "can_note": work.can_note,
        "note_form": _note_form(family, page) if work.can_note else None,
        "drawn": queries.family_drawn(
            user,
            family,
            facts=getattr(page, "facts", None),
            open_children={r.episode.child_id for r in work.episodes},
        ),
    }


def _note_form(family, page):
    from casework.forms import CaseNoteForm

    form = CaseNoteForm(
        members=queries.current_members(family), children=queries.current_children(family)
    )
    if getattr(page, "facts", None) is not None:
        form.offer_from(page.facts.memberships)
    return form

"""Daily reminders (run by casework.tasks): overdue clocks and late step-down acceptances."""

from __future__ import annotations

import datetime as dt

import audit
from access.doorway import action
from audit.models import Verb
from familyhub import links
from notices.actions import notify
from organisations import policy as org_policy
from organisations.models import Practitioner
from organisations.queries import practitioner_of
from outcomes.models import SustainedOutcomeCheck
from people.actions import chronicle

from ..models import (
    StatutoryClock,
    StepDown,
)
from ._common import (
    SYSTEM,
    _today,
)


def _managers_of(team_id) -> list[Practitioner]:
    if team_id is None:
        return []
    return list(org_policy.team_managers().filter(models_q_team(team_id)).distinct())


def models_q_team(team_id):
    from django.db.models import Q

    return Q(team_id=team_id) | Q(manages__id=team_id)


def _remind_episode_worker(episode, *, subject: str, body: str, link: str) -> int:
    """Tell the episode's allocated worker (or, unallocated, its team's managers); returns how
    many were told."""
    recipients = (
        [episode.allocated_to] if episode.allocated_to_id else _managers_of(episode.team_id)
    )
    for practitioner in recipients:
        notify(
            recipient=practitioner.user,
            subject=subject,
            body=body,
            link=link,
            kind="overdue",
            family=episode.family,
        )
    return len(recipients)


@action
def reminders_send(*, by: str = SYSTEM, today: dt.date | None = None) -> dict[str, int]:
    """Overdue clocks remind the allocated worker (or the team's managers if unallocated) once
    a week; so do overdue six-month sustained outcome checks; step-downs not accepted in time
    are escalated to managers once."""
    today = today or _today()
    week_ago = today - dt.timedelta(days=7)
    sent = escalated = 0
    overdue = (
        StatutoryClock.objects.running()
        .filter(due_on__lt=today)
        .exclude(reminded_on__gt=week_ago)
        .select_related("episode__child", "episode__allocated_to__user", "episode__family")
    )
    for clock in overdue.iterator():
        episode = clock.episode
        sent += _remind_episode_worker(
            episode,
            subject=f"Overdue: {clock.get_kind_display()} for {episode.child.full_name}",
            body=f"Due {clock.due_on:%-d %B %Y} ({clock.rules_version}).",
            link=links.ref(episode),
        )
        StatutoryClock.objects.filter(pk=clock.pk).update(reminded_on=today)
    checks = 0
    overdue_checks = (
        SustainedOutcomeCheck.objects.filter(checked_on__isnull=True, due_on__lt=today)
        .exclude(reminded_on__gt=week_ago)
        .select_related("episode__child", "episode__allocated_to__user", "episode__family")
    )
    for check in overdue_checks.iterator():
        episode = check.episode
        checks += _remind_episode_worker(
            episode,
            subject=f"Overdue: six-month outcome check for {episode.child.full_name}",
            body=f"Early help closed with needs met on {check.closed_on:%-d %B %Y}; the "
            f"sustained outcome check was due {check.due_on:%-d %B %Y} "
            f"({check.rules_version}).",
            link=links.ref(episode, view="outcome-check"),
        )
        SustainedOutcomeCheck.objects.filter(pk=check.pk).update(reminded_on=today)
    late = StepDown.objects.filter(
        status="proposed", accept_by__lt=today, escalated_on__isnull=True
    )
    for record in late.select_related("proposed_by", "family", "receiving_lead__user"):
        proposer = practitioner_of(record.proposed_by)
        for manager in _managers_of(proposer.team_id if proposer else None) + _managers_of(
            record.receiving_lead.team_id
        ):
            notify(
                recipient=manager.user,
                subject=f"Step-down not accepted in time: {record.family.name}",
                body=f"{record.receiving_lead.name} was asked to accept by "
                f"{record.accept_by:%-d %B %Y}.",
                link=links.ref(record),
                kind="escalation",
                family=record.family,
            )
        StepDown.objects.filter(pk=record.pk).update(escalated_on=today)
        audit.record(
            by, Verb.UPDATE, record, family=record.family, reason="step-down escalated to managers"
        )
        chronicle(
            by=by,
            family=record.family,
            kind="step_down",
            significant=True,
            summary="Step-down not accepted in time: escalated to managers",
        )
        escalated += 1
    return {"reminders": sent, "escalated": escalated, "outcome_checks": checks}

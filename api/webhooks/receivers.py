"""Where the webhooks listen for what happens in other apps (connected in ApiConfig.ready)."""

from __future__ import annotations

from familyhub import events

from . import actions, tasks


def _concern_outcome_decided(sender, *, concern, by, **kwargs) -> None:
    actions.concern_outcome_told(by=by, concern=concern, then=tasks.enqueue)


def _lead_practitioner_changed(sender, *, arrangement, by, **kwargs) -> None:
    actions.lead_change_told(by=by, arrangement=arrangement, then=tasks.enqueue)


def connect() -> None:
    events.concern_outcome_decided.connect(_concern_outcome_decided, dispatch_uid="api-webhooks")
    events.lead_practitioner_changed.connect(
        _lead_practitioner_changed, dispatch_uid="api-webhooks"
    )

"""Reads for outcomes. Every function takes the acting user; single records are fetched through
the policy, the read is audited, and missing and forbidden are both a 404."""

from __future__ import annotations

from django.http import Http404

import audit
from access import registry
from access.principals import Purpose
from audit.models import Verb

from .models import SustainedOutcomeCheck


def get_outcome_check_for(user, episode_pk) -> SustainedOutcomeCheck:
    """The six-month sustained outcome check of one (closed) early help episode."""
    checks = SustainedOutcomeCheck.objects.select_related("family", "episode__child", "checked_by")
    try:
        check = checks.filter(episode_id=int(episode_pk)).first()
    except (TypeError, ValueError):
        check = None
    # It lists the needs found at assessment: a partner sees it when it sees the assessment.
    if check is None or not registry.can(user, check, Purpose.VIEW):
        raise Http404("No outcome check found")
    audit.record(user, Verb.VIEW, check, family=check.family, person=check.episode.child)
    return check

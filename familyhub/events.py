"""Things that happen in one app that another may want to act on, without the first knowing
of the second (the partner API's webhooks listen here; frontdoor and casework send).

Each is sent from inside the action that made the change (its transaction still open): a
receiver that writes must do so through an action, which joins that transaction, and hand any
work outside the database to `after_commit`.
"""

from __future__ import annotations

from django.dispatch import Signal

# frontdoor: a decision on a contact that came from a partner's concern took effect (after any
# sign-off). Sent with concern=, decision=, by=.
concern_outcome_decided = Signal()

# casework: a family's lead practitioner or their cover changed (lead_assign, the one place the
# lead is named: ADR 0006). Sent with family=, arrangement=, previous= (None at the first), by=.
lead_practitioner_changed = Signal()

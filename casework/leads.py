"""Bring lead-practitioner involvements into line with the lead arrangements (ADR 0006).

The current `LeadArrangement` is the one source of truth for a family's lead practitioner, and
`actions.lead_assign` keeps the lead's involvement in step with it. Rows written some other way
(the demo borough's bulk loader, data from before ADR 0006) are reconciled here:

- a family with an active lead-practitioner involvement and no current arrangement gets one,
  naming the practitioner of the most recent such involvement (the family's say "not yet asked",
  since the date that involvement started);
- any other active lead-practitioner involvement (someone who is not the arrangement's lead) is
  ended, as a handover ends the previous lead's involvement.

Works on the model classes it is given, so the data migration runs it on historical models.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

NOT_ASKED = "not_asked"
BATCH = 5000
RECORDED_FROM = "Recorded from the family's involvements (the lead practitioner role)"


def reconcile_leads(lead_arrangement, involvement, *, today: dt.date, families=None) -> int:
    """Returns how many arrangements were created. `families` narrows it to a queryset of
    family pks (all families when None)."""
    active = (
        involvement.objects.filter(role="lead_practitioner", started_on__lte=today)
        .exclude(ended_on__lt=today)
        .exclude(practitioner__isnull=True)
        .select_related("practitioner__user")
        .order_by("family_id", "-started_on", "-pk")
    )
    current = lead_arrangement.objects.filter(ended_on__isnull=True)
    if families is not None:
        active = active.filter(family_id__in=families)
        current = current.filter(family_id__in=families)
    leads = dict(current.values_list("family_id", "lead_id"))
    new, stale = [], []
    for family_id, rows in groupby(active.iterator(chunk_size=BATCH), key=lambda i: i.family_id):
        rows = list(rows)
        lead_id = leads.get(family_id)
        if lead_id is None:
            first = rows[0]
            new.append(
                lead_arrangement(
                    family_id=family_id,
                    lead_id=first.practitioner_id,
                    family_say=NOT_ASKED,
                    family_say_note=RECORDED_FROM,
                    started_on=first.started_on,
                    recorded_by_id=first.practitioner.user_id,
                )
            )
            lead_id = first.practitioner_id
        stale.extend(i.pk for i in rows if i.practitioner_id != lead_id)
    # In batches: a council-sized borough has a hundred thousand leads to record.
    lead_arrangement.objects.bulk_create(new, batch_size=BATCH)
    for start in range(0, len(stale), BATCH):
        involvement.objects.filter(pk__in=stale[start : start + BATCH]).update(
            ended_on=today, end_reason="No longer the lead practitioner"
        )
    return len(new)

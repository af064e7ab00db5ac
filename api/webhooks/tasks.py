"""The task worker sends each delivery (django-tasks database worker): one attempt per run; a
failed attempt is put back on the queue to run after the back-off (actions.retry_delay)."""

from __future__ import annotations

from django_tasks import task

from access.principals import system

from . import actions, queries, send

SYSTEM = system("webhook delivery")
WITHHELD = "No longer sent: the subscription ended, the key was revoked or expired, or the "
WITHHELD += "organisation may no longer know of this"


@task()
def deliver_webhook(delivery_id: int) -> dict:
    delivery = queries.delivery_to_send(delivery_id)
    if delivery is None or delivery.status not in ("pending", "retrying"):
        return {"delivery": delivery_id, "skipped": True}
    if not actions.may_send(delivery, queries.subject_of(delivery)):
        actions.delivery_withheld(by=SYSTEM, delivery=delivery, why=WITHHELD)
        return {"delivery": delivery_id, "status": "gave_up"}
    answer = send.post(delivery)
    outcome = actions.attempt_record(
        by=SYSTEM,
        delivery=delivery,
        status_code=answer.status_code,
        excerpt=answer.excerpt,
        error=answer.error,
    )
    if outcome.retry_at is not None:
        deliver_webhook.using(run_after=outcome.retry_at).enqueue(delivery_id)
    return {"delivery": delivery_id, "status": outcome.delivery.status}


def enqueue(delivery_id: int) -> None:
    deliver_webhook.enqueue(delivery_id)

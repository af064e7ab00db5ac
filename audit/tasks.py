"""Background work on the audit trail (run by the django-tasks database worker)."""

from django_tasks import task

from .anchor import verify_anchors, write_anchor
from .verify import verify_chain


@task()
def verify_audit_chain() -> dict:
    """Walk the whole chain; meant to run nightly, and on demand from `familyhub audit verify`."""
    result = verify_chain()
    anchors = verify_anchors()
    return {
        "ok": result.ok and anchors.ok,
        "checked": result.checked,
        "broken_at": result.broken_at,
        "problem": result.problem,
        "problems": [{"event_id": p.event_id, "problem": p.problem} for p in result.problems],
        "anchors_checked": anchors.checked,
        "anchor_problems": anchors.problems,
    }


@task()
def anchor_audit_chain() -> dict | None:
    """Write the chain's head to the anchor file outside the database (see audit.anchor)."""
    return write_anchor()

"""Background work on the audit trail (run by the django-tasks database worker)."""

from django_tasks import task

from .verify import verify_chain


@task()
def verify_audit_chain() -> dict:
    """Walk the whole chain; meant to run nightly, and on demand from `familyhub audit verify`."""
    result = verify_chain()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "broken_at": result.broken_at,
        "problem": result.problem,
    }

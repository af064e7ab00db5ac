"""Walk the audit chain and report the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AuditEvent
from .recorder import GENESIS, HASHED_FIELDS, event_hash


@dataclass
class VerifyResult:
    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(*, batch_size: int = 5000) -> VerifyResult:
    prev = GENESIS
    checked = 0
    qs = AuditEvent.objects.order_by("pk").values("pk", "prev_hash", "hash", *HASHED_FIELDS)
    for row in qs.iterator(chunk_size=batch_size):
        if row["prev_hash"] != prev:
            return VerifyResult(
                checked,
                row["pk"],
                "does not follow the event before it (an event was removed or inserted)",
            )
        if event_hash(prev, row) != row["hash"]:
            return VerifyResult(checked, row["pk"], "its content was changed after it was written")
        prev = row["hash"]
        checked += 1
    return VerifyResult(checked)

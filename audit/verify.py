"""Walk the whole audit chain and report every broken link and every changed event."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import AuditEvent
from .recorder import GENESIS, HASHED_FIELDS, hash_matches

REMOVED_OR_INSERTED = "does not follow the event before it (an event was removed or inserted)"
CHANGED = "its content was changed after it was written"


@dataclass
class Problem:
    event_id: int
    problem: str

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.problem}"


@dataclass
class VerifyResult:
    checked: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def broken_at(self) -> int | None:
        """The first broken event (None when the chain is intact)."""
        return self.problems[0].event_id if self.problems else None

    @property
    def problem(self) -> str:
        return self.problems[0].problem if self.problems else ""


def verify_chain(*, batch_size: int = 5000) -> VerifyResult:
    """Check every event; after a break, carry on from the event's stored hash so that each
    tampered place is reported once and later ones are still found."""
    result = VerifyResult(0)
    prev = GENESIS
    qs = AuditEvent.objects.order_by("pk").values(
        "pk", "prev_hash", "hash", "hash_form", *HASHED_FIELDS
    )
    for row in qs.iterator(chunk_size=batch_size):
        if row["prev_hash"] != prev:
            result.problems.append(Problem(row["pk"], REMOVED_OR_INSERTED))
        if not hash_matches(row["prev_hash"], row, row["hash_form"], row["hash"]):
            result.problems.append(Problem(row["pk"], CHANGED))
        prev = row["hash"]
        result.checked += 1
    return result

"""Anchors: the audit chain's head, written outside the database and signed.

The hash chain (audit.recorder) shows that no event was changed or removed *in the middle*;
it cannot show that the newest events were cut off, or that someone with full database
rights rebuilt the whole chain after an edit. An anchor closes that gap: every so often the
head of the chain (last event id, its hash, the number of events) is appended to a file that
lives apart from the database (a separate volume, write-once storage or a log shipper's
input) and signed with an HMAC key that is not stored in the database. `verify_anchors()`
then checks that every anchored head is still in the chain, unchanged, with the same number
of events up to it.

Settings: FAMILYHUB["AUDIT_ANCHOR_FILE"] (default var/audit-anchors.jsonl) and the key in the
environment variable FAMILYHUB_AUDIT_ANCHOR_KEY (falls back to a key derived from SECRET_KEY,
which also never lives in the database).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent

log = logging.getLogger("familyhub.audit.anchor")


def anchor_file() -> Path:
    configured = settings.FAMILYHUB.get("AUDIT_ANCHOR_FILE")
    default = Path(settings.VAR_DIR) / "audit-anchors.jsonl"
    return Path(configured) if configured else default


def _key() -> bytes:
    key = os.environ.get("FAMILYHUB_AUDIT_ANCHOR_KEY", "")
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"familyhub audit anchor", "sha256").digest()


def _signature(anchor: dict) -> str:
    blob = f"{anchor['event_id']}|{anchor['hash']}|{anchor['count']}|{anchor['at']}"
    return hmac.new(_key(), blob.encode(), hashlib.sha256).hexdigest()


def write_anchor() -> dict | None:
    """Append the chain's current head to the anchor file (None when there are no events)."""
    head = AuditEvent.objects.order_by("-pk").values("pk", "hash").first()
    if head is None:
        return None
    anchor = {
        "event_id": head["pk"],
        "hash": head["hash"],
        "count": AuditEvent.objects.filter(pk__lte=head["pk"]).count(),
        "at": timezone.now().isoformat(),
    }
    anchor["signature"] = _signature(anchor)
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(anchor, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    log.warning("audit anchor %s", json.dumps(anchor, sort_keys=True))  # to the log shipper too
    return anchor


@dataclass
class AnchorResult:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_anchors() -> AnchorResult:
    """Check every anchor against the chain as it is now."""
    result = AnchorResult()
    path = anchor_file()
    if not path.exists():
        return result
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = json.loads(line)
            expected = _signature(anchor)
        except (ValueError, KeyError, TypeError):
            result.problems.append(f"anchor line {lineno} cannot be read")
            continue
        if not hmac.compare_digest(expected, str(anchor.get("signature", ""))):
            result.problems.append(f"anchor line {lineno} is not signed with this key")
            continue
        row = AuditEvent.objects.filter(pk=anchor["event_id"]).values("hash").first()
        if row is None:
            result.problems.append(
                f"event {anchor['event_id']} anchored on {anchor['at']} is missing "
                "(events were removed from the end of the trail)"
            )
        elif row["hash"] != anchor["hash"]:
            result.problems.append(
                f"event {anchor['event_id']} no longer has the hash anchored on {anchor['at']} "
                "(the trail was rewritten)"
            )
        elif AuditEvent.objects.filter(pk__lte=anchor["event_id"]).count() != anchor["count"]:
            result.problems.append(
                f"the number of events up to {anchor['event_id']} changed since {anchor['at']}"
            )
        result.checked += 1
    return result

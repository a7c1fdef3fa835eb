"""The chain of custody: each event's hash covers the previous one's.

Editing or deleting an event directly in the database breaks every hash after
it, which ``verify_chain`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

GENESIS = "0" * 64


def custody_digest(
    *,
    prev_hash: str,
    evidence_id: int,
    seq: int,
    action: str,
    actor: str,
    occurred_at: datetime,
    note: str | None,
) -> str:
    """The chained hash of one custody event."""
    payload = {
        "evidence_id": evidence_id,
        "seq": seq,
        "action": action,
        "actor": actor,
        "occurred_at": occurred_at.astimezone(UTC).replace(microsecond=0).isoformat(),
        "note": note,
    }
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


class _Event:
    evidence_id: int
    seq: int
    action: str
    actor: str
    occurred_at: datetime
    note: str | None
    prev_hash: str
    hash: str


def first_broken_seq(events: Iterable[_Event]) -> int | None:
    """The ``seq`` of the first event (in order) whose chain does not verify."""
    prev = GENESIS
    expected_seq = 1
    for event in events:
        digest = custody_digest(
            prev_hash=prev,
            evidence_id=event.evidence_id,
            seq=event.seq,
            action=event.action,
            actor=event.actor,
            occurred_at=event.occurred_at,
            note=event.note,
        )
        if event.seq != expected_seq or event.prev_hash != prev or event.hash != digest:
            return event.seq
        prev = event.hash
        expected_seq += 1
    return None

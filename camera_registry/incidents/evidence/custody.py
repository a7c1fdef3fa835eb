"""The chain of custody: each event's hash covers the previous one's.

Editing or deleting an event directly in the database breaks every hash after
it, which ``check_chain`` reports; removing the newest events is caught by
comparing the chain's head with the one the (itself chained) audit trail
recorded when the event was appended.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

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


class _Event(Protocol):
    """What the chain check reads of a custody event (the model has these columns)."""

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


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking one evidence file's custody chain."""

    valid: bool
    length: int
    first_broken_seq: int | None
    reason: str | None


def check_chain(events: Sequence[_Event], head: tuple[int, str] | None) -> ChainReport:
    """Check hashes and sequence, then the head against the one the audit trail recorded.

    The hash chain exposes an edited or removed event and everything after
    it; removing the newest events leaves a shorter valid chain, which the
    audit trail's record of the head (``(seq, hash)``) exposes.
    """
    n = len(events)
    if n == 0:
        return ChainReport(False, 0, 1, "no custody event: the 'extracted' event is missing")
    broken = first_broken_seq(events)
    if broken is not None:
        reason = (
            f"custody event {broken} does not match its chained hash: it, or an event "
            "before it, was altered or removed outside the registry"
        )
        return ChainReport(False, n, broken, reason)
    if head is not None and (n != head[0] or events[-1].hash != head[1]):
        reason = (
            f"the audit trail records {head[0]} custody event(s) ending in {head[1][:12]}…, "
            f"the chain has {n} ending in {events[-1].hash[:12]}…: events were removed, "
            "added or rewritten outside the registry"
        )
        first = min(n, head[0]) + 1 if n != head[0] else n
        return ChainReport(False, n, first, reason)
    return ChainReport(True, n, None, None)

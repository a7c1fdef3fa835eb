"""The chain of custody: append-only events, chain verification, clip verification.

There is no way to change or remove a custody event through the registry;
each append records the chain's new head in the audit trail, so a chain
edited, truncated or extended directly in the database fails verification.
Every read and every verification is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras.concurrency import guarded_write
from camera_registry.db import now_utc
from camera_registry.errors import InvalidInput
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.evidence.common import (
    audit_object,
    new_custody_event,
    readable_evidence,
)
from camera_registry.incidents.evidence.custody import GENESIS, ChainReport, check_chain
from camera_registry.incidents.evidence.presenters import chain_body, custody_body
from camera_registry.incidents.schemas import CustodyCreate


def append_event(
    session: Session, *, evidence_id: int, data: CustodyCreate, actor: Principal
) -> dict[str, Any]:
    """Append one custody event to an evidence file's chain; audited.

    Two appends at the same moment cannot fork the chain: ``(evidence_id,
    seq)`` is unique, the evidence row is locked on PostgreSQL, and SQLite
    refuses a writer whose snapshot went stale; the loser gets 409 (retry).
    """
    with guarded_write(session, what=f"The custody chain of evidence {evidence_id}"):
        readable_evidence(session, evidence_id=evidence_id, user=actor, lock=True)
        last = eq.last_custody_event(session, evidence_id=evidence_id)
        at = data.occurred_at or now_utc()
        if last is not None and at.replace(microsecond=0) < last.occurred_at:
            raise InvalidInput("occurred_at", "must not be before the chain's last event")
        event = new_custody_event(
            evidence_id=evidence_id,
            seq=(last.seq if last else 0) + 1,
            action=data.action.value,
            actor=actor.username,
            occurred_at=at,
            note=data.note,
            prev_hash=last.hash if last else GENESIS,
        )
        session.add(event)
        session.flush()
        head = {"custody_seq": event.seq, "custody_hash": event.hash, "action": event.action}
        audit_object(session, actor, "custody.append", "evidence", evidence_id, detail=head)
    return custody_body(event)


def list_events(session: Session, *, evidence_id: int, user: Principal) -> list[dict[str, Any]]:
    """An evidence file's custody events in order; the read is audited."""
    readable_evidence(session, evidence_id=evidence_id, user=user)
    events = eq.custody_events(session, evidence_id=evidence_id)
    audit_object(session, user, "custody.read", "evidence", evidence_id)
    session.commit()
    return [custody_body(e) for e in events]


def chain_report(session: Session, *, evidence_id: int) -> ChainReport:
    """Check an evidence file's custody chain against itself and the audit trail."""
    events = eq.custody_events(session, evidence_id=evidence_id)
    return check_chain(events, eq.audited_head(session, evidence_id=evidence_id))


def verify_chain(session: Session, *, evidence_id: int, user: Principal) -> dict[str, Any]:
    """Verify the custody chain; the verification and its outcome are audited."""
    readable_evidence(session, evidence_id=evidence_id, user=user)
    report = chain_report(session, evidence_id=evidence_id)
    outcome = "valid" if report.valid else "broken"
    detail = {"first_broken_seq": report.first_broken_seq} if not report.valid else None
    audit_object(
        session, user, "custody.verify", "evidence", evidence_id, outcome=outcome, detail=detail
    )
    session.commit()
    return chain_body(evidence_id, report)


def verify_clip(
    session: Session, *, evidence_id: int, sha256: str, size: int | None, user: Principal
) -> dict[str, Any]:
    """Compare a clip's SHA-256 (and size, when a file was sent) with the registered one."""
    row = readable_evidence(session, evidence_id=evidence_id, user=user)
    ev = row.evidence
    match = sha256 == ev.sha256
    size_match = None if size is None or ev.size_bytes is None else size == ev.size_bytes
    detail: dict[str, Any] = {"sha256": sha256}
    if size is not None:
        detail["size_bytes"] = size
    audit_object(
        session,
        user,
        "evidence.verify_clip",
        "evidence",
        evidence_id,
        outcome="match" if match else "mismatch",
        detail=detail,
    )
    session.commit()
    return {
        "evidence_id": evidence_id,
        "result": "match" if match else "mismatch",
        "match": match,
        "sha256": sha256,
        "registered_sha256": ev.sha256,
        "size_bytes": size,
        "registered_size_bytes": ev.size_bytes,
        "size_match": size_match,
    }

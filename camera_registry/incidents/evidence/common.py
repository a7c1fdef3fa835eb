"""Pieces shared by the evidence, custody and footage-request services."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.incidents import queries
from camera_registry.incidents.access import require_object
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.evidence.custody import custody_digest
from camera_registry.incidents.models import CustodyEvent, Incident


def audit_object(
    session: Session,
    user: Principal,
    action: str,
    object_type: str,
    object_id: int | str,
    *,
    outcome: str = "success",
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit row about an evidence file, a footage request or an incident."""
    audit.record_for(
        session,
        user,
        action,
        object_type=object_type,
        object_id=str(object_id),
        outcome=outcome,
        detail=json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None,
    )


def incident_for(session: Session, case_code: str, user: Principal) -> Incident:
    """The incident, if it exists (404) and the caller may handle it (403)."""
    row = queries.get_incident(session, case_code=case_code)
    missing = f"No incident has case code {case_code!r}."
    require_object(user, row.commune_code if row else None, found=row is not None, missing=missing)
    assert row is not None
    return row.incident


def readable_evidence(
    session: Session, *, evidence_id: int, user: Principal, lock: bool = False
) -> eq.EvidenceRow:
    """A clip the caller may read (404 if there is none, 403 if not theirs to see)."""
    row = eq.get_evidence(session, evidence_id=evidence_id, lock=lock)
    missing = f"No evidence has id {evidence_id}."
    require_object(user, row.commune_code if row else None, found=row is not None, missing=missing)
    assert row is not None
    return row


def new_custody_event(
    *,
    evidence_id: int,
    seq: int,
    action: str,
    actor: str,
    occurred_at: datetime,
    note: str | None,
    prev_hash: str,
) -> CustodyEvent:
    """A custody event with its chained hash."""
    moment = occurred_at.replace(microsecond=0)
    digest = custody_digest(
        prev_hash=prev_hash,
        evidence_id=evidence_id,
        seq=seq,
        action=action,
        actor=actor,
        occurred_at=moment,
        note=note,
    )
    return CustodyEvent(
        evidence_id=evidence_id,
        seq=seq,
        action=action,
        actor=actor,
        occurred_at=moment,
        note=note,
        prev_hash=prev_hash,
        hash=digest,
    )

"""Every query on footage evidence, custody events and footage requests; never commits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from camera_registry.db import is_spatialite
from camera_registry.incidents.models import (
    CustodyEvent,
    FootageEvidence,
    FootageRequest,
    FootageRequestEvent,
    Incident,
)
from camera_registry.incidents.requests.vocab import AUTO_EXPIRING, OPEN_REQUEST_STATUSES

#: Audit actions whose ``detail`` records the head of an evidence file's custody chain.
HEAD_ACTIONS = ("evidence.create", "custody.append")


@dataclass(frozen=True)
class EvidenceRow:
    """A clip with the codes of its camera, incident and the incident's commune."""

    evidence: FootageEvidence
    camera_code: str
    case_code: str
    commune_code: str | None


def _evidence_select() -> Select[FootageEvidence, str, str, str]:
    return (
        select(FootageEvidence, Camera.code, Incident.case_code, AdminUnit.code)
        .join(Camera, Camera.id == FootageEvidence.camera_id)
        .join(Incident, Incident.id == FootageEvidence.incident_id)
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
    )


def get_evidence(session: Session, *, evidence_id: int, lock: bool = False) -> EvidenceRow | None:
    """One clip by id (``lock``: hold its row until the transaction ends, on PostgreSQL)."""
    stmt = _evidence_select().where(FootageEvidence.id == evidence_id)
    if lock and not is_spatialite(session):
        stmt = stmt.with_for_update(of=FootageEvidence)
    row = session.execute(stmt).one_or_none()
    if row is None:
        return None
    evidence, camera_code, case_code, commune_code = row
    return EvidenceRow(evidence, camera_code, case_code, commune_code)


def evidence_of_incident(session: Session, *, incident_id: int) -> list[EvidenceRow]:
    """The clips linked to an incident, in the order they were added."""
    stmt = (
        _evidence_select()
        .where(FootageEvidence.incident_id == incident_id)
        .order_by(FootageEvidence.id)
    )
    return [EvidenceRow(ev, cam, case, commune) for ev, cam, case, commune in session.execute(stmt)]


def clip_exists(session: Session, *, incident_id: int, camera_id: int, sha256: str) -> bool:
    """Whether this file of this camera is already linked to the incident."""
    stmt = select(
        exists().where(
            FootageEvidence.incident_id == incident_id,
            FootageEvidence.camera_id == camera_id,
            FootageEvidence.sha256 == sha256,
        )
    )
    return bool(session.scalar(stmt))


def camera_by_code(session: Session, *, code: str) -> Camera | None:
    """A camera by its code."""
    return session.scalars(select(Camera).where(Camera.code == code)).first()


def view_contains_incident(session: Session, *, camera_id: int, incident_id: int) -> bool:
    """Whether the camera's view sector contains (or touches) the incident point."""
    stmt = (
        select(func.ST_Intersects(Camera.view_geom, Incident.geom))
        .select_from(Camera)
        .join(Incident, Incident.id == incident_id)
        .where(Camera.id == camera_id)
    )
    return bool(session.scalar(stmt))


def custody_events(session: Session, *, evidence_id: int) -> list[CustodyEvent]:
    """An evidence file's custody events in chain order."""
    stmt = (
        select(CustodyEvent)
        .where(CustodyEvent.evidence_id == evidence_id)
        .order_by(CustodyEvent.seq, CustodyEvent.id)
    )
    return list(session.scalars(stmt))


def last_custody_event(session: Session, *, evidence_id: int) -> CustodyEvent | None:
    """The newest custody event of an evidence file."""
    stmt = (
        select(CustodyEvent)
        .where(CustodyEvent.evidence_id == evidence_id)
        .order_by(CustodyEvent.seq.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def audited_head(session: Session, *, evidence_id: int) -> tuple[int, str] | None:
    """``(seq, hash)`` of the custody chain's head as last written to the audit trail."""
    stmt = (
        select(AuditEvent.detail)
        .where(
            AuditEvent.object_type == "evidence",
            AuditEvent.object_id == str(evidence_id),
            AuditEvent.action.in_(HEAD_ACTIONS),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    detail = session.scalar(stmt)
    if not detail:
        return None
    try:
        head = json.loads(detail)
        return int(head["custody_seq"]), str(head["custody_hash"])
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class RequestRow:
    """A footage request with its camera, incident and the incident's commune."""

    request: FootageRequest
    camera_code: str
    case_code: str
    commune_code: str | None


def _request_select() -> Select[FootageRequest, str, str, str]:
    return (
        select(FootageRequest, Camera.code, Incident.case_code, AdminUnit.code)
        .join(Camera, Camera.id == FootageRequest.camera_id)
        .join(Incident, Incident.id == FootageRequest.incident_id)
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
    )


def get_request(session: Session, *, request_id: int) -> RequestRow | None:
    """One footage request by id."""
    row = session.execute(_request_select().where(FootageRequest.id == request_id)).one_or_none()
    if row is None:
        return None
    request, camera_code, case_code, commune_code = row
    return RequestRow(request, camera_code, case_code, commune_code)


def requests_of_incident(session: Session, *, incident_id: int) -> list[RequestRow]:
    """The footage requests made for an incident, oldest first."""
    stmt = (
        _request_select()
        .where(FootageRequest.incident_id == incident_id)
        .order_by(FootageRequest.id)
    )
    return [
        RequestRow(req, cam, case, commune) for req, cam, case, commune in session.execute(stmt)
    ]


def open_request(session: Session, *, incident_id: int, camera_id: int) -> FootageRequest | None:
    """A request still waiting on the holder for this incident and camera."""
    stmt = select(FootageRequest).where(
        FootageRequest.incident_id == incident_id,
        FootageRequest.camera_id == camera_id,
        FootageRequest.status.in_([s.value for s in OPEN_REQUEST_STATUSES]),
    )
    return session.scalars(stmt).first()


def overdue_requests(
    session: Session, *, now: datetime, lock: bool = False
) -> list[FootageRequest]:
    """Unanswered requests whose retention deadline has passed.

    With ``lock``, to change them: on PostgreSQL each row is locked, and rows
    another transaction holds (it is expiring them) are skipped; the objects
    are refreshed from the rows read.
    """
    stmt = (
        select(FootageRequest)
        .where(
            FootageRequest.status.in_([s.value for s in AUTO_EXPIRING]),
            FootageRequest.retention_deadline < now,
        )
        .order_by(FootageRequest.id)
    )
    if lock:
        stmt = stmt.with_for_update(skip_locked=True).execution_options(populate_existing=True)
    return list(session.scalars(stmt))


def request_history(session: Session, *, request_id: int) -> list[FootageRequestEvent]:
    """A request's statuses, oldest first."""
    stmt = (
        select(FootageRequestEvent)
        .where(FootageRequestEvent.request_id == request_id)
        .order_by(FootageRequestEvent.at, FootageRequestEvent.id)
    )
    return list(session.scalars(stmt))


def ownership_of(session: Session, *, camera_ids: list[int]) -> dict[int, str]:
    """Each camera's ownership (state, community, household, business)."""
    stmt = select(Camera.id, Camera.ownership).where(Camera.id.in_(camera_ids))
    return {row[0]: row[1] for row in session.execute(stmt)}

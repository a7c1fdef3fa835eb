"""Footage requests to camera holders: created from a candidate, every change audited.

Most cameras are held by households, businesses or communities, whose
recorders overwrite footage after their retention period.  A request is made
for an evidence candidate (so its retention deadline is known), answered by
the holder (approved / refused), and delivered — or it expires when the
deadline passes unanswered.  Clips from a privately held camera must
reference the request they came through.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras.models import Camera
from camera_registry.db import begin_writer, now_utc
from camera_registry.errors import Conflict, InvalidInput
from camera_registry.incidents.access import require_object
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.evidence.candidates import candidates
from camera_registry.incidents.evidence.common import audit_object, incident_for
from camera_registry.incidents.evidence.presenters import request_body
from camera_registry.incidents.models import FootageRequest, FootageRequestEvent, Incident
from camera_registry.incidents.requests.vocab import REQUEST_TRANSITIONS, FootageRequestStatus
from camera_registry.incidents.schemas import FootageRequestCreate, FootageRequestUpdate
from camera_registry.vocab import Role

SYSTEM = Principal(user_id=0, username="system", role=Role.ADMIN)
_S = FootageRequestStatus


def _move(
    session: Session,
    request: FootageRequest,
    status: FootageRequestStatus,
    actor: Principal,
    note: str | None,
    at: datetime | None = None,
) -> None:
    """Change a request's status, with a history row and an audit row."""
    before = request.status
    request.status = status.value
    session.add(
        FootageRequestEvent(
            request_id=request.id,
            status=status.value,
            at=at or now_utc(),
            actor=actor.username,
            note=note,
        )
    )
    detail = {"from": before, "to": status.value}
    audit_object(
        session,
        actor,
        f"footage_request.{status.value}",
        "footage_request",
        request.id,
        detail=detail,
    )


def expire_overdue(session: Session, *, now: datetime | None = None) -> int:
    """Mark unanswered requests past their deadline expired (not committed); how many.

    Safe when two requests (or a request and the daily run) do it at once: the
    rows are re-read to be written — locked on PostgreSQL, inside a writing
    transaction on SQLite — so each request expires once.
    """
    moment = now or now_utc()
    if not eq.overdue_requests(session, now=moment):
        return 0
    begin_writer(session)
    overdue = eq.overdue_requests(session, now=moment, lock=True)
    for request in overdue:
        _move(session, request, _S.EXPIRED, SYSTEM, "retention deadline passed", at=moment)
    session.flush()
    return len(overdue)


def expire_all_overdue(session: Session, *, now: datetime | None = None) -> int:
    """Expire every overdue request in one transaction (the daily run); how many."""
    expired = expire_overdue(session, now=now)
    session.commit()
    return expired


def create_request(
    session: Session, *, case_code: str, data: FootageRequestCreate, actor: Principal
) -> dict[str, Any]:
    """Request an evidence candidate's footage from its holder; audited."""
    incident = incident_for(session, case_code, actor)
    camera = eq.camera_by_code(session, code=data.camera_code)
    if camera is None:
        raise InvalidInput("camera_code", f"no camera has code {data.camera_code!r}")
    hit = next(
        (h for h in candidates(session, incident=incident) if h.camera_id == camera.id), None
    )
    if hit is None or hit.request_deadline is None:
        raise InvalidInput(
            "camera_code",
            f"camera {camera.code} is not an evidence candidate of {case_code}: it did not see "
            "the point, was not working then, or its footage is no longer retained",
        )
    expire_overdue(session)
    if eq.open_request(session, incident_id=incident.id, camera_id=camera.id) is not None:
        raise Conflict(f"A request for camera {camera.code}'s footage of {case_code} is open.")
    request = FootageRequest(
        incident_id=incident.id,
        camera_id=camera.id,
        status=_S.REQUESTED.value,
        retention_deadline=hit.request_deadline,
        holder_contacted=data.holder_contacted,
        requested_by=actor.username,
        requested_at=now_utc(),
        note=data.note,
    )
    session.add(request)
    session.flush()
    _move(session, request, _S.REQUESTED, actor, data.note, at=request.requested_at)
    session.commit()
    return read_request(session, request_id=request.id, user=actor)


def _check_transition(request: FootageRequest, target: FootageRequestStatus) -> None:
    current = FootageRequestStatus(request.status)
    if target not in REQUEST_TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in REQUEST_TRANSITIONS[current])) or "none"
        raise InvalidInput(
            "status", f"a {current.value} request cannot become {target.value} (allowed: {allowed})"
        )
    if target == _S.EXPIRED and request.retention_deadline > now_utc():
        raise InvalidInput("status", "a request expires only after its retention deadline")


def update_request(
    session: Session, *, request_id: int, data: FootageRequestUpdate, actor: Principal
) -> dict[str, Any]:
    """Record the holder's answer or the delivery; audited."""
    expire_overdue(session)
    row = _readable(session, request_id, actor)
    _check_transition(row.request, data.status)
    _move(session, row.request, data.status, actor, data.note)
    session.commit()
    return read_request(session, request_id=request_id, user=actor)


def _readable(session: Session, request_id: int, user: Principal) -> eq.RequestRow:
    row = eq.get_request(session, request_id=request_id)
    missing = f"No footage request has id {request_id}."
    require_object(user, row.commune_code if row else None, found=row is not None, missing=missing)
    assert row is not None
    return row


def read_request(session: Session, *, request_id: int, user: Principal) -> dict[str, Any]:
    """A request with its history (overdue ones are expired first)."""
    if expire_overdue(session):
        session.commit()
    row = _readable(session, request_id, user)
    return request_body(row, eq.request_history(session, request_id=request_id))


def requests_of_incident(
    session: Session, *, case_code: str, user: Principal
) -> list[dict[str, Any]]:
    """The requests made for an incident, with their histories."""
    incident = incident_for(session, case_code, user)
    if expire_overdue(session):
        session.commit()
    rows = eq.requests_of_incident(session, incident_id=incident.id)
    return [request_body(r, eq.request_history(session, request_id=r.request.id)) for r in rows]


def use_for_evidence(
    session: Session,
    *,
    request_id: int | None,
    incident: Incident,
    camera: Camera,
    actor: Principal,
) -> None:
    """Check the request a clip came through; an approved one becomes delivered."""
    if request_id is None:
        raise InvalidInput(
            "request_id",
            f"camera {camera.code} is held privately ({camera.ownership}): give the footage "
            "request the clip was obtained through",
        )
    request = session.get(FootageRequest, request_id)
    if request is None or request.incident_id != incident.id or request.camera_id != camera.id:
        raise InvalidInput(
            "request_id",
            f"request {request_id} is not a request for camera {camera.code}'s "
            f"footage of {incident.case_code}",
        )
    if request.status == _S.APPROVED.value:
        _move(session, request, _S.DELIVERED, actor, "clip registered as evidence")
    elif request.status != _S.DELIVERED.value:
        raise InvalidInput(
            "request_id",
            f"request {request_id} is {request.status}: only an approved or "
            "delivered request can provide evidence",
        )

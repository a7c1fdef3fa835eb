"""A camera's status at a moment, from its status history.

``camera.status`` is only the latest status; whether a camera was working at a
past instant comes from ``camera_status_event``: the last event at or before
that instant.  A camera with no event by then did not exist yet (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import CameraStatusEvent
from camera_registry.vocab import CameraStatus


def status_at(
    session: Session, *, camera_ids: Iterable[int], at: datetime
) -> dict[int, CameraStatus | None]:
    """Each camera's status at ``at`` (``None`` before its first event)."""
    ids = list(dict.fromkeys(camera_ids))
    result: dict[int, CameraStatus | None] = dict.fromkeys(ids)
    if not ids:
        return result
    ranked = (
        select(
            CameraStatusEvent.camera_id,
            CameraStatusEvent.status,
            func.row_number()
            .over(
                partition_by=CameraStatusEvent.camera_id,
                order_by=(CameraStatusEvent.effective_at.desc(), CameraStatusEvent.id.desc()),
            )
            .label("rank"),
        )
        .where(CameraStatusEvent.camera_id.in_(ids), CameraStatusEvent.effective_at <= at)
        .subquery()
    )
    rows = session.execute(select(ranked.c.camera_id, ranked.c.status).where(ranked.c.rank == 1))
    for camera_id, status in rows:
        result[camera_id] = CameraStatus(status)
    return result


def was_working(session: Session, *, camera_id: int, at: datetime) -> bool:
    """Whether the camera was active at ``at``."""
    return status_at(session, camera_ids=[camera_id], at=at)[camera_id] == CameraStatus.ACTIVE


def events_of(session: Session, *, camera_id: int) -> list[CameraStatusEvent]:
    """A camera's status events, oldest first (ties in recording order)."""
    stmt = (
        select(CameraStatusEvent)
        .where(CameraStatusEvent.camera_id == camera_id)
        .order_by(CameraStatusEvent.effective_at, CameraStatusEvent.id)
    )
    return list(session.scalars(stmt))


def event_at(
    session: Session, *, camera_id: int, at: datetime | None = None
) -> CameraStatusEvent | None:
    """The event in force at ``at`` (the latest one when ``at`` is None)."""
    stmt = select(CameraStatusEvent).where(CameraStatusEvent.camera_id == camera_id)
    if at is not None:
        stmt = stmt.where(CameraStatusEvent.effective_at <= at)
    stmt = stmt.order_by(CameraStatusEvent.effective_at.desc(), CameraStatusEvent.id.desc())
    return session.scalars(stmt.limit(1)).first()

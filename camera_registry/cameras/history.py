"""A camera's status at a moment, from its status history.

``camera.status`` is only the latest status; whether a camera was working at a
past instant comes from ``camera_status_event``: the last event at or before
that instant.  A camera with no event by then did not exist yet (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.db import UTCDateTime
from camera_registry.vocab import CameraStatus


def status_at_column(
    camera_id: ColumnElement[int] | InstrumentedAttribute[int], at: ColumnElement[Any]
) -> ScalarSelect[Any]:
    """The status of camera ``camera_id`` at ``at``, as a column (NULL before its first event).

    A correlated subquery: one backward step per camera down the covering index
    (camera, effective_at, id, status), the latest event first (ties go to the
    one recorded last).
    """
    event = aliased(CameraStatusEvent)
    return (
        select(event.status)
        .where(event.camera_id == camera_id, event.effective_at <= at)
        .order_by(event.effective_at.desc(), event.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _status_statement() -> Select[Any]:
    camera = Camera.__table__.c
    status = status_at_column(camera.id, bindparam("at", type_=UTCDateTime))
    return select(camera.id, status).where(camera.id.in_(bindparam("ids", expanding=True)))


_STATUS_AT = _status_statement()


def status_at(
    session: Session, *, camera_ids: Iterable[int], at: datetime
) -> dict[int, CameraStatus | None]:
    """Each camera's status at ``at`` (``None`` before its first event)."""
    ids = list(dict.fromkeys(camera_ids))
    result: dict[int, CameraStatus | None] = dict.fromkeys(ids)
    if not ids:
        return result
    for camera_id, status in session.execute(_STATUS_AT, {"ids": ids, "at": at}):
        if status is not None:
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

"""Camera queries of reports: positions, status at two instants, status changes, contributions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.coverage.queries import status_at_moment
from camera_registry.reports.models import CameraMonthTally
from camera_registry.spatial_sql import BBox


@dataclass(frozen=True, slots=True)
class CameraRow:
    """A camera near the unit, with its status at the start and at the end of the month."""

    id: int
    code: str
    lon: float
    lat: float
    ownership: str
    programme: str | None
    installed_on: date | None
    status_start: str | None
    status_end: str | None


def camera_rows(
    session: Session,
    *,
    bbox: BBox,
    start: datetime,
    changes: Sequence[tuple[int, datetime, str]],
) -> list[CameraRow]:
    """Cameras whose position lies in ``bbox``, with their status at ``start`` and at the end.

    ``changes`` are the cameras' status events after ``start`` up to the end
    (:func:`status_changes`, in order): the status at the end is the last of
    them, or the status at ``start`` when there is none.
    """
    dialect = session.get_bind().dialect.name
    stmt = (
        select(
            Camera.id,
            Camera.code,
            func.ST_X(Camera.geom),
            func.ST_Y(Camera.geom),
            Camera.ownership,
            Camera.programme,
            Camera.installed_on,
            status_at_moment(start),
        )
        .where(spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bbox))
        .order_by(Camera.id)
    )
    last = {camera_id: status for camera_id, _, status in changes}
    return [
        CameraRow(i, code, float(x), float(y), own, prog, inst, s0, last.get(i, s0))
        for i, code, x, y, own, prog, inst, s0 in session.execute(stmt)
    ]


def status_changes(
    session: Session, *, bbox: BBox, start: datetime, end: datetime
) -> list[tuple[int, datetime, str]]:
    """Status events with ``start < effective_at <= end`` of cameras in ``bbox``, in order."""
    dialect = session.get_bind().dialect.name
    stmt = (
        select(
            CameraStatusEvent.camera_id, CameraStatusEvent.effective_at, CameraStatusEvent.status
        )
        .join(Camera, Camera.id == CameraStatusEvent.camera_id)
        .where(
            spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bbox),
            CameraStatusEvent.effective_at > start,
            CameraStatusEvent.effective_at <= end,
        )
        .order_by(CameraStatusEvent.camera_id, CameraStatusEvent.effective_at, CameraStatusEvent.id)
    )
    return [(c, t, s) for c, t, s in session.execute(stmt)]


def contributions(
    session: Session, *, bbox: BBox, since: date, recent: date, end: date
) -> list[tuple[int, int, int, int]]:
    """Per camera in ``bbox``: incidents its footage helped (decisive or supporting clips).

    ``(camera id, incidents of months since, incidents of months since recent,
    of the former those clarified with footage)``, for incidents of the local
    months from ``since`` (and ``recent``) up to before ``end`` (month starts),
    read from the trigger-kept ``camera_month_tally``; cameras that helped none
    are left out.
    """
    dialect = session.get_bind().dialect.name
    t = CameraMonthTally
    helped = func.sum(t.helped)
    stmt = (
        select(
            t.camera_id,
            helped,
            func.sum(case((t.month >= recent, t.helped), else_=0)),
            func.sum(t.clarified),
        )
        .join(Camera, Camera.id == t.camera_id)
        .where(
            t.month >= since,
            t.month < end,
            spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bbox),
        )
        .group_by(t.camera_id)
        .having(helped > 0)
    )
    return [(c, int(a), int(b), int(k)) for c, a, b, k in session.execute(stmt)]

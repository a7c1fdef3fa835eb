"""Camera queries of reports: positions, status at two instants, status changes, evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    case,
    distinct,
    func,
    select,
)
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.coverage.queries import status_at_moment
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.queries import USEFUL, clarified_with_footage
from camera_registry.spatial_sql import BBox


@dataclass(frozen=True)
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


def camera_rows(session: Session, *, bbox: BBox, start: datetime, end: datetime) -> list[CameraRow]:
    """Cameras whose position lies in ``bbox``, with their status at ``start`` and at ``end``."""
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
            status_at_moment(end),
        )
        .where(spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bbox))
        .order_by(Camera.id)
    )
    return [
        CameraRow(i, code, float(x), float(y), own, prog, inst, s0, s1)
        for i, code, x, y, own, prog, inst, s0, s1 in session.execute(stmt)
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
    session: Session, *, bbox: BBox, since: datetime, recent: datetime, end: datetime
) -> list[tuple[int, int, int, int]]:
    """Per camera in ``bbox``: incidents its footage helped (decisive or supporting).

    ``(camera id, incidents since ``since``, incidents since ``recent``, of the
    former those clarified with footage)``, counting incidents that happened
    before ``end``.
    """
    dialect = session.get_bind().dialect.name
    clip = aliased(FootageEvidence)  # the tag's own EXISTS names FootageEvidence
    stmt = (
        select(
            clip.camera_id,
            func.count(distinct(Incident.id)),
            func.count(distinct(case((Incident.occurred_at >= recent, Incident.id)))),
            func.count(distinct(case((clarified_with_footage(), Incident.id)))),
        )
        .join(Incident, Incident.id == clip.incident_id)
        .join(Camera, Camera.id == clip.camera_id)
        .where(
            clip.usefulness.in_(USEFUL),
            Incident.occurred_at >= since,
            Incident.occurred_at < end,
            spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bbox),
        )
        .group_by(clip.camera_id)
    )
    return [(c, int(a), int(b), int(k)) for c, a, b, k in session.execute(stmt)]

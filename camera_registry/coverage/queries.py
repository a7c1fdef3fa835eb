"""Every query of the coverage domain; never commits.

Spatial filters go through the spatial index (SpatiaLite's R*Tree, PostGIS's
GiST) with the unit's bounding box; exact geometry (which points lie in a
unit, unions, clipping) is then done in ``geo/`` on what came back.  The one
exact spatial predicate computed here is :func:`seen_by_working_camera`, which
also needs each camera's status at each incident's moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, delete, exists, func, select
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.coverage.models import Road
from camera_registry.incidents.models import Incident
from camera_registry.places.models import Place
from camera_registry.spatial_sql import BBox
from camera_registry.vocab import CameraStatus, CommuneBasis, Level


@dataclass(frozen=True)
class CameraState:
    """A camera, its position, its status at the moment asked and its view (WKB)."""

    id: int
    code: str
    lon: float
    lat: float
    status: str
    view_wkb: bytes


@dataclass(frozen=True)
class IncidentPoint:
    """An incident's type, moment and point, and whether a working camera saw the spot."""

    id: int
    type: str
    occurred_at: datetime
    lon: float
    lat: float
    in_working_view: bool


def _wkb(column: Any) -> ColumnElement[bytes]:
    """A geometry column as plain WKB bytes (no per-row geometry objects)."""
    return func.ST_AsBinary(column, type_=LargeBinary)


def unit_versions(session: Session, *, code: str) -> list[AdminUnit]:
    """Every version of the unit with this code, oldest first."""
    stmt = select(AdminUnit).where(AdminUnit.code == code).order_by(AdminUnit.valid_from)
    return list(session.scalars(stmt))


def child_units(session: Session, *, parent_ids: Sequence[int]) -> list[AdminUnit]:
    """Units whose parent is one of the given unit versions, by code."""
    if not parent_ids:
        return []
    stmt = (
        select(AdminUnit)
        .where(AdminUnit.parent_id.in_(list(parent_ids)))
        .order_by(AdminUnit.code, AdminUnit.valid_from)
    )
    return list(session.scalars(stmt))


def communes_under(session: Session, *, unit: AdminUnit) -> list[AdminUnit]:
    """The communes below a unit version (its children, or their children …), by code."""
    if unit.level == Level.COMMUNE.value:
        return []
    found: list[AdminUnit] = []
    layer = child_units(session, parent_ids=[unit.id])
    while layer:
        found += [u for u in layer if u.level == Level.COMMUNE.value]
        upper = [u.id for u in layer if u.level != Level.COMMUNE.value]
        layer = child_units(session, parent_ids=upper)
    return sorted(found, key=lambda u: u.code)


def status_at_moment(at: Any) -> ColumnElement[str]:
    """A camera's status at ``at``: its last status event at or before then (correlated).

    ``at`` is a datetime or a column of another table (an incident's moment).
    """
    return (
        select(CameraStatusEvent.status)
        .where(CameraStatusEvent.camera_id == Camera.id, CameraStatusEvent.effective_at <= at)
        .order_by(CameraStatusEvent.effective_at.desc(), CameraStatusEvent.id.desc())
        .limit(1)
        .correlate_except(CameraStatusEvent)
        .scalar_subquery()
    )


def camera_states(
    session: Session, *, at: datetime, bbox: BBox, active_only: bool = False
) -> list[CameraState]:
    """Cameras whose view's bounding box meets ``bbox``, with their status at ``at``.

    Cameras without a status event by ``at`` did not exist yet and are left
    out; ``active_only`` keeps those that were active at ``at`` (the set-based
    form of "was it working then").
    """
    status = status_at_moment(at).label("status")
    inner = (
        select(
            Camera.id,
            Camera.code,
            func.ST_X(Camera.geom).label("x"),
            func.ST_Y(Camera.geom).label("y"),
            status,
            _wkb(Camera.view_geom).label("view"),
        )
        .where(spatial_sql.bbox_candidates(session, Camera.view_geom, bbox))
        .subquery()
    )
    stmt = select(inner).where(inner.c.status.is_not(None)).order_by(inner.c.id)
    if active_only:
        stmt = stmt.where(inner.c.status == CameraStatus.ACTIVE.value)
    return [
        CameraState(cid, code, float(x), float(y), state, bytes(view))
        for cid, code, x, y, state, view in session.execute(stmt)
    ]


def given_cameras(
    session: Session, *, commune_ids: Sequence[int], at: datetime
) -> list[tuple[int, str]]:
    """``(commune id, status at at)`` of the cameras whose commune was given, not derived.

    Those cameras name a commune that had no boundary when they were registered
    (``commune_basis = 'given'``), so no polygon places them: they count in the
    commune they name.  Cameras without a status event by ``at`` are left out.
    """
    if not commune_ids:
        return []
    status = status_at_moment(at).label("status")
    inner = (
        select(Camera.commune_id, status)
        .where(
            Camera.commune_basis == CommuneBasis.GIVEN.value,
            Camera.commune_id.in_(list(commune_ids)),
        )
        .subquery()
    )
    stmt = select(inner).where(inner.c.status.is_not(None))
    return [(int(cid), str(state)) for cid, state in session.execute(stmt)]


def seen_by_working_camera(session: Session) -> ColumnElement[bool]:
    """Whether an incident's point lay in the view of a camera active at its moment.

    Correlated to ``Incident``: usable as a column or a filter of any select
    over incidents.  "Active at its moment" is the camera's last status event
    at or before ``occurred_at``.
    """
    status_then = status_at_moment(Incident.occurred_at)
    return exists().where(
        spatial_sql.index_meets(session, Camera.view_geom, Incident.geom),
        func.ST_Intersects(Camera.view_geom, Incident.geom),
        status_then == CameraStatus.ACTIVE.value,
    )


def incidents_between(
    session: Session, *, start: datetime, end: datetime, bbox: BBox
) -> list[IncidentPoint]:
    """Incidents with ``start <= occurred_at < end`` whose point lies in ``bbox``."""
    stmt = (
        select(
            Incident.id,
            Incident.type,
            Incident.occurred_at,
            func.ST_X(Incident.geom),
            func.ST_Y(Incident.geom),
            seen_by_working_camera(session),
        )
        .where(
            spatial_sql.bbox_candidates(session, Incident.geom, bbox),
            Incident.occurred_at >= start,
            Incident.occurred_at < end,
        )
        .order_by(Incident.id)
    )
    return [
        IncidentPoint(iid, kind, when, float(x), float(y), bool(seen))
        for iid, kind, when, x, y, seen in session.execute(stmt)
    ]


def roads_in(session: Session, *, bbox: BBox) -> list[tuple[int, str | None, bytes]]:
    """Roads whose bounding box meets ``bbox``: ``(id, kind, WKB)``."""
    stmt = (
        select(Road.id, Road.kind, _wkb(Road.geom))
        .where(spatial_sql.bbox_candidates(session, Road.geom, bbox))
        .order_by(Road.id)
    )
    return [(rid, kind, bytes(geom)) for rid, kind, geom in session.execute(stmt)]


def road_count(session: Session) -> int:
    """How many roads have been imported (0: no roads layer)."""
    return session.scalar(select(func.count()).select_from(Road)) or 0


def places_in(session: Session, *, bbox: BBox) -> list[tuple[str, str, bytes]]:
    """Gazetteer places whose bounding box meets ``bbox``: ``(name, kind, WKB)``."""
    stmt = (
        select(Place.name, Place.kind, _wkb(Place.geom))
        .where(spatial_sql.bbox_candidates(session, Place.geom, bbox))
        .order_by(Place.id)
    )
    return [(name, kind, bytes(geom)) for name, kind, geom in session.execute(stmt)]


def delete_roads(session: Session, *, source: str) -> int:
    """Remove the roads imported from one source; the number removed."""
    result = session.execute(delete(Road).where(Road.source == source))
    return int(getattr(result, "rowcount", 0) or 0)

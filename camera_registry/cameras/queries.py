"""Every query on cameras; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera
from camera_registry.geoconv import from_db
from camera_registry.spatial_sql import BBox


@dataclass(frozen=True)
class CameraFilter:
    """Filters of a camera listing; unit filters are spatial (any version of the code)."""

    unit_codes: tuple[str, ...] = ()
    bbox: BBox | None = None


@dataclass(frozen=True)
class CameraRow:
    """A camera with the code and name of its commune."""

    camera: Camera
    commune_code: str | None
    commune_name: str | None


def _unit_bounds(session: Session, code: str) -> tuple[list[int], BBox] | None:
    rows = session.execute(select(AdminUnit.id, AdminUnit.geom).where(AdminUnit.code == code))
    ids: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    for unit_id, geom in rows:
        ids.append(unit_id)
        boxes.append(from_db(geom).bounds)
    if not ids:
        return None
    bounds = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return ids, bounds


def _within_unit(session: Session, code: str) -> ColumnElement[bool] | None:
    found = _unit_bounds(session, code)
    if found is None:
        return None
    ids, bounds = found
    dialect = session.get_bind().dialect.name
    unit = aliased(AdminUnit)
    inside = exists().where(unit.id.in_(ids), func.ST_Intersects(unit.geom, Camera.geom))
    return spatial_sql.bbox_candidates(dialect, Camera.id, Camera.geom, bounds) & inside


def _filtered(session: Session, flt: CameraFilter) -> Select[Camera] | None:
    stmt = select(Camera)
    for code in flt.unit_codes:
        clause = _within_unit(session, code)
        if clause is None:
            return None
        stmt = stmt.where(clause)
    if flt.bbox is not None:
        dialect = session.get_bind().dialect.name
        stmt = stmt.where(spatial_sql.intersects_bbox(dialect, Camera.id, Camera.geom, flt.bbox))
    return stmt


def list_cameras(
    session: Session, *, flt: CameraFilter, limit: int, offset: int = 0
) -> tuple[int, list[CameraRow]]:
    """The total number of matching cameras and one page of them, by code."""
    stmt = _filtered(session, flt)
    if stmt is None:
        return 0, []
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = stmt.with_only_columns(Camera.id).subquery()
    page = (
        select(Camera, AdminUnit.code, AdminUnit.name)
        .outerjoin(AdminUnit, AdminUnit.id == Camera.commune_id)
        .where(Camera.id.in_(select(ids.c.id)))
        .order_by(Camera.code)
        .limit(limit)
        .offset(offset)
    )
    rows = [CameraRow(r[0], r[1], r[2]) for r in session.execute(page)]
    return total, rows


def get_camera(session: Session, *, code: str) -> CameraRow | None:
    """One camera by its code, with its commune."""
    stmt = (
        select(Camera, AdminUnit.code, AdminUnit.name)
        .outerjoin(AdminUnit, AdminUnit.id == Camera.commune_id)
        .where(Camera.code == code)
    )
    row = session.execute(stmt).one_or_none()
    return None if row is None else CameraRow(row[0], row[1], row[2])


def code_exists(session: Session, *, code: str) -> bool:
    """Whether a camera already has this code."""
    return session.scalar(select(exists().where(Camera.code == code))) or False


def unit_codes_known(session: Session, *, codes: Sequence[str]) -> set[str]:
    """Which of these unit codes exist in the registry."""
    return set(session.scalars(select(AdminUnit.code).where(AdminUnit.code.in_(codes))))

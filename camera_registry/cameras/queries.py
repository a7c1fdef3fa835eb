"""Every query on cameras; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import communes_under, valid_on
from camera_registry.admin_units.topology_queries import wkb
from camera_registry.cameras.models import Camera, CameraSite
from camera_registry.errors import NotFound
from camera_registry.geoconv import from_db
from camera_registry.spatial_sql import BBox
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

#: Sort keys a listing accepts, and the column each one orders by.
SORT_KEYS: dict[str, Any] = {
    "code": Camera.code,
    "commune": AdminUnit.code,
    "status": Camera.status,
    "kind": Camera.kind,
    "ownership": Camera.ownership,
    "programme": Camera.programme,
    "installed_on": Camera.installed_on,
    "decommissioned_on": Camera.decommissioned_on,
    "direction_deg": Camera.direction_deg,
    "fov_deg": Camera.fov_deg,
    "range_m": Camera.range_m,
    "height_m": Camera.height_m,
    "retention_days": Camera.retention_days,
    "created_at": Camera.created_at,
    "updated_at": Camera.updated_at,
    "imported_at": Camera.imported_at,
    "last_verified_on": Camera.last_verified_on,
}


@dataclass(frozen=True)
class CameraFilter:
    """Filters of a camera listing; unit filters are spatial (any version of the code).

    Tuples are "any of"; ``programme`` matches programme names containing it,
    without regard to case or diacritics.
    """

    unit_codes: tuple[str, ...] = ()
    bbox: BBox | None = None
    statuses: tuple[str, ...] = ()
    ownerships: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programme: str | None = None
    installed_from: date | None = None
    installed_to: date | None = None
    connected_to_centre: bool | None = None
    site_code: str | None = None


@dataclass(frozen=True)
class SortKey:
    """One key of a listing's order: a name from ``SORT_KEYS`` and a direction."""

    name: str
    descending: bool = False


@dataclass(frozen=True)
class CameraRow:
    """A camera with the code and name of its commune and the code of its site."""

    camera: Camera
    commune_code: str | None
    commune_name: str | None
    site_code: str | None = field(default=None)


def _unit_bounds(session: Session, code: str) -> tuple[list[int], BBox | None, bool] | None:
    """Ids of the versions of ``code`` that have a boundary, their extent, and whether any
    version has none (None when no version exists)."""
    rows = list(session.execute(select(AdminUnit.id, AdminUnit.geom).where(AdminUnit.code == code)))
    if not rows:
        return None
    ids = [unit_id for unit_id, geom in rows if geom is not None]
    boxes = [from_db(geom).bounds for _, geom in rows if geom is not None]
    bounds = (
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        if boxes
        else None
    )
    return ids, bounds, len(ids) < len(rows)


def _within_unit(session: Session, code: str) -> ColumnElement[bool] | None:
    """Cameras inside any version of a unit: spatially where it has a boundary; where a
    version has none, by the commune recorded on the camera (the unit or one under it)."""
    found = _unit_bounds(session, code)
    if found is None:
        return None
    ids, bounds, boundaryless = found
    clauses: list[ColumnElement[bool]] = []
    if bounds is not None:
        unit = aliased(AdminUnit)
        inside = exists().where(unit.id.in_(ids), func.ST_Intersects(unit.geom, Camera.geom))
        clauses.append(spatial_sql.bbox_candidates(session, Camera.geom, bounds) & inside)
    if boundaryless:
        communes = communes_under(session, codes=frozenset({code}))
        under = select(AdminUnit.id).where(AdminUnit.code.in_(sorted(communes)))
        clauses.append(Camera.commune_id.in_(under))
    return or_(*clauses)


def matching_programmes(session: Session, *, text: str) -> list[str]:
    """Programme names containing ``text``, ignoring case and diacritics."""
    wanted = fold(text)
    names = session.scalars(
        select(Camera.programme).where(Camera.programme.is_not(None)).distinct()
    )
    return [name for name in names if name is not None and wanted in fold(name)]


def _attribute_clauses(session: Session, flt: CameraFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    for column, values in (
        (Camera.status, flt.statuses),
        (Camera.ownership, flt.ownerships),
        (Camera.kind, flt.kinds),
    ):
        if values:
            clauses.append(column.in_(values))
    if flt.programme is not None:
        clauses.append(Camera.programme.in_(matching_programmes(session, text=flt.programme)))
    if flt.installed_from is not None:
        clauses.append(Camera.installed_on >= flt.installed_from)
    if flt.installed_to is not None:
        clauses.append(Camera.installed_on <= flt.installed_to)
    if flt.connected_to_centre is not None:
        clauses.append(Camera.connected_to_centre.is_(flt.connected_to_centre))
    if flt.site_code is not None:
        site_ids = select(CameraSite.id).where(CameraSite.code == flt.site_code)
        clauses.append(Camera.site_id.in_(site_ids))
    return clauses


def _filtered(session: Session, flt: CameraFilter) -> Select[Camera] | None:
    stmt = select(Camera)
    for code in flt.unit_codes:
        clause = _within_unit(session, code)
        if clause is None:
            return None
        stmt = stmt.where(clause)
    if flt.bbox is not None:
        stmt = stmt.where(spatial_sql.intersects_bbox(session, Camera.geom, flt.bbox))
    return stmt.where(*_attribute_clauses(session, flt))


def _with_names() -> Select[Camera, str, str, str]:
    return (
        select(Camera, AdminUnit.code, AdminUnit.name, CameraSite.code)
        .outerjoin(AdminUnit, AdminUnit.id == Camera.commune_id)
        .outerjoin(CameraSite, CameraSite.id == Camera.site_id)
    )


def _order(sort: Sequence[SortKey]) -> list[Any]:
    order = []
    for key in sort:
        column = SORT_KEYS[key.name]
        order.append((column.desc() if key.descending else column.asc()).nulls_last())
    if not any(key.name == "code" for key in sort):
        order.append(Camera.code.asc())  # a total order keeps pages stable
    return order


def list_cameras(
    session: Session,
    *,
    flt: CameraFilter,
    limit: int,
    offset: int = 0,
    sort: Sequence[SortKey] = (),
) -> tuple[int, list[CameraRow]]:
    """The total number of matching cameras and one page of them (by code unless sorted)."""
    stmt = _filtered(session, flt)
    if stmt is None:
        return 0, []
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = stmt.with_only_columns(Camera.id).subquery()
    page = (
        _with_names()
        .where(Camera.id.in_(select(ids.c.id)))
        .order_by(*_order(sort))
        .limit(limit)
        .offset(offset)
    )
    return total, [CameraRow(*r) for r in session.execute(page)]


def get_camera(session: Session, *, code: str) -> CameraRow | None:
    """One camera by its code, with its commune and site."""
    row = session.execute(_with_names().where(Camera.code == code)).one_or_none()
    return None if row is None else CameraRow(*row)


def require_camera(session: Session, *, code: str) -> CameraRow:
    """One camera by its code, as :func:`get_camera`; 404 when no camera has it."""
    row = get_camera(session, code=code)
    if row is None:
        raise NotFound(f"No camera has code {code!r}.")
    return row


def cameras_by_codes(session: Session, *, codes: Sequence[str]) -> dict[str, CameraRow]:
    """The cameras with these codes (missing codes are simply absent)."""
    rows = session.execute(_with_names().where(Camera.code.in_(list(codes))))
    return {r[0].code: CameraRow(*r) for r in rows}


def cameras_on_site(session: Session, *, site_id: int) -> list[CameraRow]:
    """The cameras mounted on a site, by code."""
    stmt = _with_names().where(Camera.site_id == site_id).order_by(Camera.code)
    return [CameraRow(*r) for r in session.execute(stmt)]


def code_exists(session: Session, *, code: str) -> bool:
    """Whether a camera already has this code."""
    return session.scalar(select(exists().where(Camera.code == code))) or False


def current_version(session: Session, *, camera_id: int) -> int | None:
    """The committed version of a camera, read afresh (after a failed write)."""
    return session.scalar(select(Camera.version).where(Camera.id == camera_id))


def unit_codes_known(session: Session, *, codes: Sequence[str]) -> set[str]:
    """Which of these unit codes exist in the registry."""
    return set(session.scalars(select(AdminUnit.code).where(AdminUnit.code.in_(codes))))


@dataclass(frozen=True)
class CommuneRef:
    """A commune version as placement rules need it: no geometry, and whether it has one."""

    id: int
    code: str
    name: str
    has_boundary: bool


def commune_in_force(session: Session, *, code: str, on: date) -> CommuneRef | None:
    """The commune with this code in force on ``on`` (lowest id if two overlap)."""
    stmt = (
        select(AdminUnit.id, AdminUnit.code, AdminUnit.name, AdminUnit.geom.is_not(None))
        .where(AdminUnit.code == code, AdminUnit.level == Level.COMMUNE.value, valid_on(on))
        .order_by(AdminUnit.id)
        .limit(1)
    )
    row = session.execute(stmt).first()
    return None if row is None else CommuneRef(row[0], row[1], row[2], bool(row[3]))


def bounded_communes_in(
    session: Session, *, bbox: BBox, on: date
) -> list[tuple[int, str, str, bytes]]:
    """Communes in force on ``on`` with a boundary whose extent meets ``bbox`` (spatial index).

    The boundary comes as plain WKB (``topology_queries.wkb``): a row is read for
    every point that misses each loaded boundary, and GeoAlchemy2's conversion is slow.
    """
    stmt = select(AdminUnit.id, AdminUnit.code, AdminUnit.name, wkb(AdminUnit.geom)).where(
        AdminUnit.level == Level.COMMUNE.value,
        valid_on(on),
        AdminUnit.geom.is_not(None),
        spatial_sql.bbox_candidates(session, AdminUnit.geom, bbox),
    )
    return [(r[0], r[1], r[2], bytes(r[3])) for r in session.execute(stmt)]


def boundaryless_centres(session: Session, *, on: date) -> list[tuple[int, str, str, float, float]]:
    """Communes in force on ``on`` without a boundary but with a published centre point."""
    stmt = select(
        AdminUnit.id, AdminUnit.code, AdminUnit.name, AdminUnit.centre_lon, AdminUnit.centre_lat
    ).where(
        AdminUnit.level == Level.COMMUNE.value,
        valid_on(on),
        AdminUnit.geom.is_(None),
        AdminUnit.centre_lon.is_not(None),
        AdminUnit.centre_lat.is_not(None),
    )
    return [(r[0], r[1], r[2], float(r[3] or 0), float(r[4] or 0)) for r in session.execute(stmt)]

"""What the topology check and the camera re-derivation read and write; never commits.

Boundaries are read once, as WKB, and turned into shapely geometries in one
vectorised call: a province's communes carry millions of vertices.  What the
units export reads is in :mod:`.export_queries`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import shapely
from sqlalchemy import (
    ColumnElement,
    LargeBinary,
    Row,
    Table,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import valid_on
from camera_registry.cameras.models import Camera, CameraSite
from camera_registry.db import now_utc

Geoms = npt.NDArray[np.object_]


def wkb(column: Any) -> ColumnElement[bytes]:
    """A geometry column as plain WKB bytes (NULL stays NULL), on both engines.

    GeoAlchemy2's own result processing wraps each value in a ``WKBElement``:
    fifty times slower than the database's ``ST_AsBinary`` for a country's
    boundaries (18 s against 0.3 s for 3,321 communes of 2,000 vertices).
    """
    return type_coerce(func.ST_AsBinary(column), LargeBinary)


def wkb_geoms(values: Sequence[bytes | None]) -> Geoms:
    """WKB values (None for NULL) as one shapely array, parsed in one vectorised call."""
    raw = [None if v is None else bytes(v) for v in values]
    result: Geoms = shapely.from_wkb(np.array(raw, dtype=object))
    return result


@dataclass(frozen=True)
class ParentFacts:
    """A parent unit: its code, whether it has a boundary, how many of its children have one."""

    code: str
    has_boundary: bool
    children: int
    children_with_boundary: int


def _scope(session: Session, codes: Collection[str], on: date) -> ColumnElement[bool]:
    """Units named by ``codes``, their parents, their siblings and their children."""
    stmt = select(AdminUnit.id, AdminUnit.parent_id).where(
        valid_on(on), AdminUnit.code.in_(list(codes))
    )
    near: set[int] = set()
    for unit_id, parent_id in session.execute(stmt):
        near.add(unit_id)
        if parent_id is not None:
            near.add(parent_id)
    return or_(AdminUnit.id.in_(near), AdminUnit.parent_id.in_(near))


def bounded_units(session: Session, *, on: date, codes: Collection[str] | None) -> list[Row[Any]]:
    """Units in force on ``on`` that have a boundary (all, or around ``codes``), by code.

    Each row: ``id, code, level, parent_id, area_km2, area_published_km2``; the
    boundaries come from :func:`boundary_wkbs`, for those the caller lacks.
    """
    stmt = select(
        AdminUnit.id,
        AdminUnit.code,
        AdminUnit.level,
        AdminUnit.parent_id,
        AdminUnit.area_km2,
        AdminUnit.area_published_km2,
    ).where(valid_on(on), AdminUnit.geom.is_not(None))
    if codes is not None:
        stmt = stmt.where(_scope(session, codes, on))
    return list(session.execute(stmt.order_by(AdminUnit.code)))


def boundary_wkbs(session: Session, *, unit_ids: Collection[int]) -> dict[int, bytes]:
    """The boundaries of these unit versions as WKB, by id (in chunks of 1,000 ids)."""
    ids = sorted(unit_ids)
    found: dict[int, bytes] = {}
    for start in range(0, len(ids), 1000):
        stmt = select(AdminUnit.id, wkb(AdminUnit.geom)).where(
            AdminUnit.id.in_(ids[start : start + 1000])
        )
        found.update((int(i), bytes(value)) for i, value in session.execute(stmt))
    return found


def parent_facts(
    session: Session, *, parent_ids: Collection[int], on: date
) -> dict[int, ParentFacts]:
    """Each parent's code and boundary, and its children in force on ``on`` (with a boundary)."""
    ids = list(parent_ids)
    if not ids:
        return {}
    child = aliased(AdminUnit)
    counts = (
        select(
            child.parent_id,
            func.count(child.id),
            func.sum(case((child.geom.is_(None), 0), else_=1)),
        )
        .where(child.parent_id.in_(ids), child.valid_from <= on)
        .where(or_(child.valid_to.is_(None), child.valid_to >= on))
        .group_by(child.parent_id)
    )
    per_parent = {
        pid: (int(n), int(with_geom or 0)) for pid, n, with_geom in session.execute(counts)
    }
    units = select(AdminUnit.id, AdminUnit.code, AdminUnit.geom.is_not(None)).where(
        AdminUnit.id.in_(ids)
    )
    return {
        uid: ParentFacts(code, bool(has), *per_parent.get(uid, (0, 0)))
        for uid, code, has in session.execute(units)
    }


def unit_versions(session: Session, *, unit_ids: Collection[int]) -> list[Row[Any]]:
    """Every version of the units' codes: ``id, code, geom`` (geom may be NULL)."""
    codes = select(AdminUnit.code).where(AdminUnit.id.in_(list(unit_ids)))
    stmt = select(AdminUnit.id, AdminUnit.code, wkb(AdminUnit.geom).label("geom"))
    stmt = stmt.where(AdminUnit.code.in_(codes))
    return list(session.execute(stmt))


def anything_placed(session: Session) -> bool:
    """Whether any camera or site is registered (re-deriving an empty registry is free)."""
    cameras = session.scalar(select(exists().where(Camera.id.is_not(None))))
    return bool(cameras or session.scalar(select(exists().where(CameraSite.id.is_not(None)))))


def unit_codes(session: Session, *, ids: Collection[int]) -> dict[int, tuple[str, bool]]:
    """``id → (code, has a boundary)`` for the given unit ids."""
    if not ids:
        return {}
    stmt = select(AdminUnit.id, AdminUnit.code, AdminUnit.geom.is_not(None)).where(
        AdminUnit.id.in_(list(ids))
    )
    return {uid: (code, bool(has)) for uid, code, has in session.execute(stmt)}


def cameras_near(
    session: Session, *, commune_ids: Collection[int], bbox: spatial_sql.BBox | None
) -> list[Row[Any]]:
    """Cameras whose commune is one of ``commune_ids`` or whose point meets ``bbox``.

    Each row: ``id, code, lon, lat, commune_id, commune_basis, installed_on``.
    """
    where: ColumnElement[bool] = Camera.commune_id.in_(list(commune_ids))
    if bbox is not None:
        where = or_(where, spatial_sql.bbox_candidates(session, Camera.geom, bbox))
    stmt = select(
        Camera.id,
        Camera.code,
        func.ST_X(Camera.geom).label("lon"),
        func.ST_Y(Camera.geom).label("lat"),
        Camera.commune_id,
        Camera.commune_basis,
        Camera.installed_on,
    ).where(where)
    return list(session.execute(stmt))


def sites_near(
    session: Session, *, commune_ids: Collection[int], bbox: spatial_sql.BBox | None
) -> list[Row[Any]]:
    """Sites in service whose commune is one of ``commune_ids`` or whose point meets ``bbox``.

    Each row: ``id, lon, lat, commune_id``.
    """
    where: ColumnElement[bool] = CameraSite.commune_id.in_(list(commune_ids))
    if bbox is not None:
        where = or_(where, spatial_sql.bbox_candidates(session, CameraSite.geom, bbox))
    stmt = select(
        CameraSite.id,
        func.ST_X(CameraSite.geom).label("lon"),
        func.ST_Y(CameraSite.geom).label("lat"),
        CameraSite.commune_id,
    ).where(where, CameraSite.decommissioned_on.is_(None))
    return list(session.execute(stmt))


def set_camera_communes(session: Session, changes: Sequence[dict[str, Any]]) -> None:
    """Write each camera's commune, basis and outside flag, bumping its version.

    ``changes`` holds ``cid, new_commune, new_basis, new_outside``.  One executemany
    statement; ORM copies of those cameras in the session are expired so a
    later flush sees the new version instead of failing as stale.
    """
    if not changes:
        return
    table = cast(Table, Camera.__table__)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("cid"))
        .values(
            commune_id=bindparam("new_commune"),
            commune_basis=bindparam("new_basis"),
            outside_commune=bindparam("new_outside"),
            version=table.c.version + 1,
            updated_at=now_utc(),
        )
    )
    session.execute(stmt, list(changes))
    _expire(session, Camera, {c["cid"] for c in changes})


def set_site_communes(session: Session, changes: Sequence[dict[str, Any]]) -> None:
    """Write each site's commune (``sid, new_commune``), bumping its version."""
    if not changes:
        return
    table = cast(Table, CameraSite.__table__)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("sid"))
        .values(commune_id=bindparam("new_commune"), version=table.c.version + 1)
    )
    session.execute(stmt, list(changes))
    _expire(session, CameraSite, {c["sid"] for c in changes})


def _expire(session: Session, model: type, ids: set[int]) -> None:
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model) and getattr(obj, "id", None) in ids:
            session.expire(obj)

"""Every query of the coverage lookup; never commits.

Candidates come through the spatial index of ``camera.view_geom`` (views that may
contain the point) and of ``camera.geom`` (cameras inside a degree box that holds
the search radius); the exact view test runs in SQL, the exact distance in
Python (``geo.measure``), so both engines return the same rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    ColumnElement,
    LargeBinary,
    Result,
    Select,
    String,
    bindparam,
    func,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.history import status_at_column
from camera_registry.cameras.models import Camera
from camera_registry.db import SRID, UTCDateTime, is_spatialite
from camera_registry.spatial_sql import BBox


class CandidateRow(NamedTuple):
    """A camera found by the spatial filter, with what a lookup reports about it."""

    camera_id: int
    code: str
    lon: float
    lat: float
    sees: bool
    retention_days: int | None
    programme: str | None
    connected_to_centre: bool
    commune_code: str | None
    owner_name: str | None
    owner_contact: str | None
    status_at: str | None  # at the moment asked (bound as ``at``); None when none was asked


def _select(sees: ColumnElement[Any], *, at: bool) -> Select[Any]:
    status: ColumnElement[Any] = (
        status_at_column(Camera.id, bindparam("at", type_=UTCDateTime)) if at else null()
    )
    return select(
        Camera.id,
        Camera.code,
        func.ST_X(Camera.geom),
        func.ST_Y(Camera.geom),
        sees,
        Camera.retention_days,
        Camera.programme,
        Camera.connected_to_centre,
        AdminUnit.code,
        Camera.owner_name,
        Camera.owner_contact,
        status,
    ).outerjoin(AdminUnit, AdminUnit.id == Camera.commune_id)


def _rows(result: Result[Any]) -> list[CandidateRow]:
    rows: list[Any] = result.all()  # type: ignore[assignment]
    # ``sees``: PostGIS answers a boolean, SpatiaLite 1, 0 or -1 (-1: could not tell)
    # fmt: off
    return [
        CandidateRow(r[0], r[1], r[2], r[3], r[4] == 1, r[5], r[6], r[7], r[8], r[9], r[10], r[11])
        for r in rows
    ]
    # fmt: on


def point_predicate(session: Session) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """The index filter of a point lookup and the exact "view contains the point" test.

    A camera is a candidate when its view's box holds the point (parameters
    ``pt_*``, ``pt_wkt``) or its position lies in the radius box (``near_*``,
    ``near_wkt``); ``sees`` is then decided exactly by ``ST_Intersects``.
    """
    pt = func.ST_GeomFromText(bindparam("pt_wkt", type_=String), SRID)
    near = func.ST_GeomFromText(bindparam("near_wkt", type_=String), SRID)
    where = or_(
        spatial_sql.bbox_candidates_bound(session, Camera.view_geom, "pt", pt),
        spatial_sql.bbox_candidates_bound(session, Camera.geom, "near", near),
    )
    return where, func.ST_Intersects(Camera.view_geom, pt)


def point_parameters(*, lon: float, lat: float, bbox: BBox) -> dict[str, Any]:
    """The bind values of :func:`point_predicate` for a point and its radius box."""
    return {
        "pt_wkt": f"POINT({float(lon)!r} {float(lat)!r})",
        "near_wkt": spatial_sql.envelope_wkt(bbox),
        **spatial_sql.bbox_values("pt", (lon, lat, lon, lat)),
        **spatial_sql.bbox_values("near", bbox),
    }


_POINT_STATEMENTS: dict[tuple[bool, bool], Select[Any]] = {}


def _point_statement(session: Session, at: bool) -> Select[Any]:
    """Built once per engine (with or without a moment): the hot path only binds values."""
    key = (is_spatialite(session), at)
    stmt = _POINT_STATEMENTS.get(key)
    if stmt is None:
        where, sees = point_predicate(session)
        stmt = _POINT_STATEMENTS.setdefault(key, _select(sees, at=at).where(where))
    return stmt


def point_candidates(
    session: Session, *, lon: float, lat: float, bbox: BBox, at: datetime | None = None
) -> list[CandidateRow]:
    """Cameras whose view may contain the point or whose position lies in ``bbox``.

    With ``at``, each row carries the camera's status at that moment.
    """
    stmt = _point_statement(session, at is not None)
    params = point_parameters(lon=lon, lat=lat, bbox=bbox)
    if at is not None:
        params["at"] = at
    return _rows(session.connection().execute(stmt, params))


def area_candidates(
    session: Session, *, geometry: BaseGeometry, at: datetime | None = None
) -> list[CandidateRow]:
    """Cameras whose view intersects an area (a commune polygon), exactly (status at ``at``)."""
    area = func.ST_GeomFromWKB(bindparam("area_wkb", geometry.wkb, type_=LargeBinary), SRID)
    stmt = _select(true(), at=at is not None).where(
        spatial_sql.bbox_candidates(session, Camera.view_geom, geometry.bounds),
        func.ST_Intersects(Camera.view_geom, area),
    )
    return _rows(session.execute(stmt, {} if at is None else {"at": at}))

"""Every read of the bulk importer, and the driver-level helpers its bulk writes share.

Reads are set-wise: cameras by code (one array parameter on PostGIS, chunks on
SpatiaLite), communes in the file's extent, and neighbours through the spatial
index from a staging table.  Writes are in :mod:`camera_registry.imports.bulk`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    ARRAY,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import Function
from sqlalchemy.types import Date, DateTime, TypeDecorator

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.topology_queries import wkb
from camera_registry.cameras.models import Camera
from camera_registry.db import is_spatialite
from camera_registry.imports.fields import CAMERA_FIELDS
from camera_registry.spatial_sql import BBox
from camera_registry.vocab import CameraStatus, Level

CHUNK = 5000
SRID = 4326

_staging_meta = MetaData()
#: Session-local table of the positions to check for neighbours (never in the schema).
STAGING = Table(
    "import_near_probe",
    _staging_meta,
    Column("idx", Integer, primary_key=True),
    Column("env", LargeBinary),
    prefixes=["TEMPORARY"],
)


def from_wkb(value: Any) -> Function[Any]:
    """``ST_GeomFromWKB(value, 4326)`` as plain SQL (both engines have it).

    Built as a bare function so GeoAlchemy2's compile hook, which only accepts
    literals, leaves bound parameters and columns alone.
    """
    return Function("ST_GeomFromWKB", value, literal_column(str(SRID)))


def from_ewkb(value: Any) -> Function[Any]:
    """``ST_GeomFromEWKB(value)`` (PostGIS): the SRID travels inside the value."""
    return Function("ST_GeomFromEWKB", value)


def driver(session: Session) -> Any:
    """The DB-API connection under the session (for COPY and raw executemany)."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    return raw


def driver_errors(session: Session) -> Any:
    """The DB-API module of the session's driver (its exceptions reach the raw bulk writes)."""
    return session.get_bind().dialect.loaded_dbapi


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most ``size`` items (to bound statement parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def code_among(codes: Sequence[str]) -> ColumnElement[bool]:
    """``camera.code = ANY(:codes)`` (PostgreSQL): one array parameter, not thousands of IN ones."""
    return Camera.code == any_(bindparam("codes", list(codes), type_=ARRAY(String)))


def existing_cameras(
    session: Session, *, codes: Sequence[str], lock: bool
) -> dict[str, dict[str, Any]]:
    """The stored cameras with these codes: their fields, position and commune code."""
    columns = [getattr(Camera, name) for name in CAMERA_FIELDS]
    stmt_base = select(
        Camera.id,
        Camera.code,
        Camera.version,
        func.ST_X(Camera.geom),
        func.ST_Y(Camera.geom),
        AdminUnit.code,
        Camera.decommissioned_on,
        Camera.commune_id,
        Camera.commune_basis,
        *columns,
    ).outerjoin(AdminUnit, AdminUnit.id == Camera.commune_id)
    found: dict[str, dict[str, Any]] = {}
    if is_postgis(session):
        stmts = [stmt_base.where(code_among(codes))]
    else:
        stmts = [stmt_base.where(Camera.code.in_(chunk)) for chunk in chunks(list(codes))]
    for stmt in stmts:
        if lock and is_postgis(session):
            stmt = stmt.with_for_update(of=Camera)
        for row in session.execute(stmt):
            record = dict(zip(CAMERA_FIELDS, row[9:], strict=True))
            record.update(
                id=row[0], code=row[1], version=row[2], lon=row[3], lat=row[4],
                commune_code=row[5], decommissioned_on=row[6], commune_id=row[7],
                commune_basis=row[8],
            )  # fmt: skip
            found[row[1]] = record
    return found


@dataclass(frozen=True)
class CommuneVersion:
    """A commune polygon (WKB) with its validity dates, as the locator needs it."""

    id: int
    code: str
    name: str
    geom: bytes
    valid_from: date
    valid_to: date | None


def communes_in(session: Session, *, bbox: BBox) -> list[CommuneVersion]:
    """Every version of every commune with a boundary whose extent meets ``bbox`` (index).

    Boundaries come as plain WKB: GeoAlchemy2's own conversion of a country's
    communes takes seconds (see ``topology_queries.wkb``).
    """
    stmt = select(
        AdminUnit.id,
        AdminUnit.code,
        AdminUnit.name,
        wkb(AdminUnit.geom),
        AdminUnit.valid_from,
        AdminUnit.valid_to,
    ).where(
        AdminUnit.level == Level.COMMUNE.value,
        AdminUnit.geom.is_not(None),
        spatial_sql.bbox_candidates(session, AdminUnit.geom, bbox),
    )
    return [CommuneVersion(*row) for row in session.execute(stmt)]


@dataclass(frozen=True)
class NamedCommune:
    """A commune version a file's commune column may name, with its province."""

    id: int
    code: str
    name: str
    name_folded: str
    valid_from: date
    valid_to: date | None
    has_boundary: bool
    province_code: str | None
    province_name: str | None


def communes_named(
    session: Session, *, codes: Sequence[str], folded_names: Sequence[str]
) -> list[NamedCommune]:
    """Every commune version whose code is one of ``codes`` or folded name one of
    ``folded_names``, with its province (its parent after 2025, its grandparent before)."""
    parent, grand = aliased(AdminUnit), aliased(AdminUnit)
    province_code = case((parent.level == Level.PROVINCE.value, parent.code), else_=grand.code)
    province_name = case((parent.level == Level.PROVINCE.value, parent.name), else_=grand.name)
    stmt = (
        select(
            AdminUnit.id,
            AdminUnit.code,
            AdminUnit.name,
            AdminUnit.name_folded,
            AdminUnit.valid_from,
            AdminUnit.valid_to,
            AdminUnit.geom.is_not(None),
            province_code,
            province_name,
        )  # fmt: skip
        .outerjoin(parent, parent.id == AdminUnit.parent_id)
        .outerjoin(grand, grand.id == parent.parent_id)
        .where(
            AdminUnit.level == Level.COMMUNE.value,
            or_(AdminUnit.code.in_(list(codes)), AdminUnit.name_folded.in_(list(folded_names))),
        )
    )
    return [
        NamedCommune(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8])
        for r in session.execute(stmt)
    ]


def near_cameras(
    session: Session, *, envelopes: Sequence[tuple[int, bytes]]
) -> list[tuple[int, str, float, float, float, float]]:
    """Stored, non-decommissioned cameras inside each probe envelope, through the index.

    ``envelopes`` pairs a row index with the WKB of a rectangle around its
    position; the answer pairs that index with each camera found:
    ``(idx, code, lon, lat, direction, fov)``.
    """
    if not envelopes:
        return []
    connection = session.connection()
    STAGING.drop(connection, checkfirst=True)
    STAGING.create(connection)
    try:
        if is_postgis(session):
            copy_rows(session, STAGING, ("idx", "env"), envelopes)
        else:
            raw = driver(session)
            raw.executemany("INSERT INTO import_near_probe (idx, env) VALUES (?, ?)", envelopes)
        probe = from_wkb(STAGING.c.env)
        meets = spatial_sql.index_meets(session, Camera.geom, probe)
        stmt = (
            select(
                STAGING.c.idx,
                Camera.code,
                func.ST_X(Camera.geom),
                func.ST_Y(Camera.geom),
                Camera.direction_deg,
                Camera.fov_deg,
            )
            .select_from(STAGING.join(Camera, meets))
            .where(Camera.status != CameraStatus.DECOMMISSIONED.value)
        )
        return [tuple(row) for row in session.execute(stmt)]
    finally:
        STAGING.drop(connection, checkfirst=True)


def is_postgis(session: Session) -> bool:
    """Whether the session's engine is PostgreSQL (bulk writes use COPY there)."""
    return not is_spatialite(session)


def pg_copy_type(column: Any) -> str:
    """The PostgreSQL type name psycopg dumps a column's values as in a binary COPY."""
    kind = column.type
    if isinstance(kind, Geometry):
        return "bytea"  # PostGIS reads a binary field of a geometry column as EWKB
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    for python_type, name in ((bool, "bool"), (int, "int4"), (float, "float8")):
        with suppress(NotImplementedError):
            if kind.python_type is python_type:
                return name
    if isinstance(kind, DateTime):
        return "timestamptz" if kind.timezone else "timestamp"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, LargeBinary):
        return "bytea"
    return "text"


def copy_rows(session: Session, table: Table, columns: Sequence[str], rows: Sequence[Any]) -> None:
    """Binary COPY of rows (dicts or tuples) into a PostgreSQL table; geometries as EWKB."""
    raw = driver(session)
    names = ", ".join(columns)
    sql = f"COPY {table.name} ({names}) FROM STDIN (FORMAT BINARY)"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types([pg_copy_type(table.c[c]) for c in columns])
        for row in rows:
            copy.write_row([row[c] for c in columns] if isinstance(row, dict) else row)

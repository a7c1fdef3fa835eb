"""Every query behind the vector tiles; the one place where the tile SQL branches on the engine.

PostGIS builds a layer in one statement: ``ST_AsMVTGeom`` projects and clips
each row to the tile, ``ST_AsMVT`` encodes them; the rows are found through
the GiST index (``&&`` with the tile's WGS84 box).  SpatiaLite finds the rows
through its R*Tree (``spatial_sql.bbox_candidates``) and the Python encoder
(:mod:`camera_registry.tiles.encoder`) does the rest, with the same extent,
buffer and clipping.  Both return the layer as Mapbox Vector Tile bytes
(empty when no feature falls in the tile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import valid_on
from camera_registry.cameras.models import Camera
from camera_registry.db import SRID, is_spatialite
from camera_registry.spatial_sql import IdColumn
from camera_registry.tiles.encoder import LayerData, encode
from camera_registry.tiles.tilemath import BUFFER, EXTENT, Tile
from camera_registry.vocab import Level

#: Attribute columns of each layer (the geometry comes on top).
CAMERA_COLUMNS: tuple[Any, ...] = (
    Camera.code,
    Camera.status,
    Camera.kind,
    Camera.direction_deg,
    Camera.fov_deg,
    Camera.range_m,
    Camera.connected_to_centre,
)
VIEW_COLUMNS: tuple[Any, ...] = (Camera.code, Camera.status)
COMMUNE_COLUMNS: tuple[Any, ...] = (
    AdminUnit.code,
    AdminUnit.name,
    AdminUnit.unit_type,
    AdminUnit.valid_from,
    AdminUnit.valid_to,
)

_Z, _X, _Y = (bindparam(n, type_=Integer) for n in ("z", "x", "y"))
_WEST, _SOUTH, _EAST, _NORTH = (
    bindparam(n, type_=Float) for n in ("west", "south", "east", "north")
)
_ON = bindparam("on", type_=Date)


def _postgis_statement(
    *,
    name: str,
    id_col: IdColumn,
    geom_col: Any,
    columns: tuple[Any, ...],
    where: tuple[ColumnElement[bool], ...] = (),
) -> Select[Any]:
    """One layer through ``ST_AsMVT``, built once with bound tile parameters.

    Rows are found with ``&&`` against the tile's WGS84 box (GiST index);
    ``ST_AsMVTGeom`` projects, clips and snaps each one, and rows whose
    geometry vanishes on the grid come back NULL, which ``ST_AsMVT`` skips.
    Built once per layer so that a request pays neither statement building
    nor SQL compilation, and psycopg can keep it prepared.
    """
    envelope = func.ST_TileEnvelope(_Z, _X, _Y)
    projected = func.ST_AsMVTGeom(
        func.ST_Transform(geom_col, 3857), envelope, EXTENT, BUFFER, true()
    )
    box = func.ST_MakeEnvelope(_WEST, _SOUTH, _EAST, _NORTH, SRID)
    rows = (
        select(id_col.label("fid"), *(_text_dates(c) for c in columns), projected.label("mvt"))
        .where(geom_col.op("&&")(box), *where)
        .subquery("t")
    )
    return select(func.ST_AsMVT(literal_column("t"), name, EXTENT, "mvt", "fid")).select_from(rows)


def _text_dates(column: Any) -> Any:
    """Dates travel as ISO text in both encoders."""
    if column.key in ("valid_from", "valid_to"):
        return func.to_char(column, "YYYY-MM-DD").label(column.key)
    return column


def _postgis_layer(session: Session, stmt: Select[Any], tile: Tile, **extra: Any) -> bytes:
    west, south, east, north = tile.lonlat_bounds()
    params = {"z": tile.z, "x": tile.x, "y": tile.y, "west": west, "south": south}
    data = session.scalar(stmt, {**params, "east": east, "north": north, **extra})
    return bytes(data) if data else b""


@dataclass(frozen=True)
class _Layer:
    """A tile layer: its rows, and its PostGIS statement built once from them."""

    name: str
    id_col: IdColumn
    geom_col: Any
    columns: tuple[Any, ...]
    statement: Select[Any]

    @classmethod
    def of(
        cls,
        name: str,
        id_col: IdColumn,
        geom_col: Any,
        columns: tuple[Any, ...],
        where: tuple[ColumnElement[bool], ...] = (),
    ) -> _Layer:
        stmt = _postgis_statement(
            name=name, id_col=id_col, geom_col=geom_col, columns=columns, where=where
        )
        return cls(name, id_col, geom_col, columns, stmt)


def _spatialite_layer(
    session: Session, layer: _Layer, tile: Tile, where: tuple[ColumnElement[bool], ...]
) -> bytes:
    """One layer from rows found through the R*Tree, encoded in Python."""
    box = spatial_sql.bbox_candidates(session, layer.geom_col, tile.lonlat_bounds())
    stmt: Select[Any] = select(
        layer.id_col, func.ST_AsBinary(layer.geom_col), *layer.columns
    ).where(box, *where)
    data = LayerData(layer.name)
    rows = session.execute(stmt).all()
    geoms = shapely.from_wkb([bytes(r[1]) for r in rows]) if rows else []
    keys = [c.key for c in layer.columns]
    for row, geom in zip(rows, geoms, strict=True):
        props = {k: _plain(v) for k, v in zip(keys, row[2:], strict=True)}
        data.add(geom, props, int(row[0]))
    return encode([data], tile)


def _render(
    session: Session,
    layer: _Layer,
    tile: Tile,
    where: tuple[ColumnElement[bool], ...] = (),
    **bound: Any,
) -> bytes:
    """The layer's tile: PostGIS's prepared statement (``bound`` parameters), else SpatiaLite's
    R*Tree and encoder (``where``: the same row filter as SQL expressions)."""
    if is_spatialite(session):
        return _spatialite_layer(session, layer, tile, where)
    return _postgis_layer(session, layer.statement, tile, **bound)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


_CAMERAS = _Layer.of("cameras", Camera.id, Camera.geom, CAMERA_COLUMNS)
_VIEWS = _Layer.of("views", Camera.id, Camera.view_geom, VIEW_COLUMNS)
_COMMUNES = _Layer.of(
    "communes",
    AdminUnit.id,
    AdminUnit.geom,
    COMMUNE_COLUMNS,
    where=(
        AdminUnit.level == Level.COMMUNE.value,
        AdminUnit.geom.is_not(None),
        AdminUnit.valid_from <= _ON,
        or_(AdminUnit.valid_to.is_(None), AdminUnit.valid_to >= _ON),
    ),
)


def cameras_tile(session: Session, *, tile: Tile) -> bytes:
    """Camera positions with code, status, kind and view parameters (never the holder)."""
    return _render(session, _CAMERAS, tile)


def views_tile(session: Session, *, tile: Tile) -> bytes:
    """Camera view sectors with code and status."""
    return _render(session, _VIEWS, tile)


def communes_tile(session: Session, *, tile: Tile, on: date) -> bytes:
    """Commune polygons in force on ``on`` with code, name, type and validity.

    Communes without a loaded boundary (geometry NULL) are not drawn.
    """
    where = (AdminUnit.level == Level.COMMUNE.value, AdminUnit.geom.is_not(None), valid_on(on))
    return _render(session, _COMMUNES, tile, where, on=on)

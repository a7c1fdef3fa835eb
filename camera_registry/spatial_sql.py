"""Spatial SQL that needs an engine-specific form, and only that.

SpatiaLite does not use its R*Tree unless a query names it: a bounding-box
filter there goes through the ``idx_<table>_<column>`` virtual table.  PostGIS
uses its GiST index for ``&&`` / ``ST_Intersects`` on its own.  Domain
``queries.py`` modules call these helpers with the session and the geometry
column (``intersects_bbox(session, Camera.geom, bbox)``): the engine branch
lives here, and the table and its key are read from the column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from camera_registry.db import SRID, is_spatialite

BBox = tuple[float, float, float, float]
IdColumn = InstrumentedAttribute[int]
GeomColumn = InstrumentedAttribute[Any]


def point(lon: float, lat: float) -> ColumnElement[Any]:
    """A WGS84 point literal usable on both engines."""
    return func.ST_GeomFromText(f"POINT({float(lon)!r} {float(lat)!r})", SRID)


def envelope(bbox: BBox) -> ColumnElement[Any]:
    """A WGS84 rectangle literal usable on both engines."""
    return func.ST_GeomFromText(envelope_wkt(bbox), SRID)


def _row_id(geom_col: GeomColumn) -> ColumnElement[int]:
    """The primary key of the geometry column's table (or of its alias)."""
    (key,) = geom_col.__clause_element__().table.primary_key
    pk: ColumnElement[int] = key
    return pk


def _rtree_hits(
    geom_col: GeomColumn, minx: Any, miny: Any, maxx: Any, maxy: Any, *, correlated: bool = False
) -> ColumnElement[bool]:
    """Rows whose box in SpatiaLite's R*Tree (``idx_<table>_<column>``) meets the bounds."""
    stored = geom_col.property.columns[0]  # the table's own column, even through an alias
    rtree = table(
        f"idx_{stored.table.name}_{stored.name}",
        column("pkid"),
        column("xmin"),
        column("xmax"),
        column("ymin"),
        column("ymax"),
    )
    hits: Select[Any] = (
        select(literal_column("pkid"))
        .select_from(rtree)
        .where(
            rtree.c.xmax >= minx,
            rtree.c.xmin <= maxx,
            rtree.c.ymax >= miny,
            rtree.c.ymin <= maxy,
        )
    )
    return _row_id(geom_col).in_(hits.correlate_except(rtree) if correlated else hits)


def bbox_candidates(session: Session, geom_col: GeomColumn, bbox: BBox) -> ColumnElement[bool]:
    """Rows whose geometry's bounding box meets ``bbox``, through the spatial index."""
    if is_spatialite(session):
        return _rtree_hits(geom_col, *(float(v) for v in bbox))
    return geom_col.op("&&")(envelope(bbox))


def intersects_bbox(session: Session, geom_col: GeomColumn, bbox: BBox) -> ColumnElement[bool]:
    """Rows whose geometry really intersects ``bbox`` (index first, then exact)."""
    return bbox_candidates(session, geom_col, bbox) & func.ST_Intersects(geom_col, envelope(bbox))


def contains_point(
    session: Session, geom_col: GeomColumn, lon: float, lat: float
) -> ColumnElement[bool]:
    """Rows whose (areal) geometry contains a point, through the spatial index."""
    return bbox_candidates(session, geom_col, (lon, lat, lon, lat)) & func.ST_Contains(
        geom_col, point(lon, lat)
    )


def index_meets(
    session: Session, geom_col: GeomColumn, other: ColumnElement[Any] | GeomColumn
) -> ColumnElement[bool]:
    """Rows whose indexed bounding box meets that of ``other`` (a column of another table).

    The row-by-row form of :func:`bbox_candidates`, for joins and correlated
    subqueries: on SpatiaLite the R*Tree is searched with ``other``'s extent.
    """
    if is_spatialite(session):
        extent = (
            func.ST_MinX(other),
            func.ST_MinY(other),
            func.ST_MaxX(other),
            func.ST_MaxY(other),
        )
        return _rtree_hits(geom_col, *extent, correlated=True)
    return geom_col.op("&&")(other)


def bbox_candidates_bound(
    session: Session, geom_col: GeomColumn, prefix: str, box: ColumnElement[Any]
) -> ColumnElement[bool]:
    """:func:`bbox_candidates` for a statement built once and executed many times.

    The box is given as bind parameters: ``{prefix}_minx``, ``_miny``, ``_maxx``,
    ``_maxy`` for SpatiaLite's R*Tree, and ``box`` (any geometry expression,
    e.g. a bound WKT) for PostGIS's ``&&``.  :func:`bbox_values` fills the former.
    """
    if is_spatialite(session):
        bounds = (bindparam(f"{prefix}_{k}", type_=Float) for k in ("minx", "miny", "maxx", "maxy"))
        return _rtree_hits(geom_col, *bounds)
    return geom_col.op("&&")(box)


def bbox_values(prefix: str, bbox: BBox) -> dict[str, float]:
    """The bind values of :func:`bbox_candidates_bound`'s box parameters."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    return {
        f"{prefix}_minx": minx,
        f"{prefix}_miny": miny,
        f"{prefix}_maxx": maxx,
        f"{prefix}_maxy": maxy,
    }


def envelope_wkt(bbox: BBox) -> str:
    """The WKT of a rectangle (for a bound ``ST_GeomFromText``)."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    ring = [(minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy), (minx, miny)]
    return "POLYGON((" + ",".join(f"{x!r} {y!r}" for x, y in ring) + "))"

"""Spatial SQL that needs an engine-specific form, and only that.

SpatiaLite does not use its R*Tree unless a query names it: a bounding-box
filter there goes through the ``idx_<table>_<column>`` virtual table.  PostGIS
uses its GiST index for ``&&`` / ``ST_Intersects`` on its own.  Domain
``queries.py`` modules call these helpers so the dialect branch lives here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table
from sqlalchemy.orm import InstrumentedAttribute

from camera_registry.db import SRID

BBox = tuple[float, float, float, float]
IdColumn = InstrumentedAttribute[int]
GeomColumn = InstrumentedAttribute[Any]


def point(lon: float, lat: float) -> ColumnElement[Any]:
    """A WGS84 point literal usable on both engines."""
    return func.ST_GeomFromText(f"POINT({float(lon)!r} {float(lat)!r})", SRID)


def envelope(bbox: BBox) -> ColumnElement[Any]:
    """A WGS84 rectangle literal usable on both engines."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    ring = [(minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy), (minx, miny)]
    wkt = "POLYGON((" + ",".join(f"{x!r} {y!r}" for x, y in ring) + "))"
    return func.ST_GeomFromText(wkt, SRID)


def bbox_candidates(
    dialect: str,
    id_col: IdColumn,
    geom_col: GeomColumn,
    bbox: BBox,
) -> ColumnElement[bool]:
    """Rows whose geometry's bounding box meets ``bbox``, through the spatial index."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if dialect == "sqlite":
        rtree = table(
            f"idx_{geom_col.class_.__tablename__}_{geom_col.key}",
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
        return id_col.in_(hits)
    return geom_col.op("&&")(envelope(bbox))


def intersects_bbox(
    dialect: str,
    id_col: IdColumn,
    geom_col: GeomColumn,
    bbox: BBox,
) -> ColumnElement[bool]:
    """Rows whose geometry really intersects ``bbox`` (index first, then exact)."""
    return bbox_candidates(dialect, id_col, geom_col, bbox) & func.ST_Intersects(
        geom_col, envelope(bbox)
    )


def contains_point(
    dialect: str,
    id_col: IdColumn,
    geom_col: GeomColumn,
    lon: float,
    lat: float,
) -> ColumnElement[bool]:
    """Rows whose (areal) geometry contains a point, through the spatial index."""
    return bbox_candidates(dialect, id_col, geom_col, (lon, lat, lon, lat)) & func.ST_Contains(
        geom_col, point(lon, lat)
    )

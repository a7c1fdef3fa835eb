"""The one bridge between ``geo/`` shapely objects and database geometries."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from camera_registry.db import SRID


def to_db(geometry: BaseGeometry) -> WKBElement:
    """A shapely geometry as a WGS84 database value."""
    return from_shape(geometry, srid=SRID)


def to_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """Polygons become one-part multipolygons; multipolygons pass through."""
    if isinstance(geometry, MultiPolygon):
        return geometry
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    raise ValueError(f"expected a polygon, got {geometry.geom_type}")


def from_db(value: Any) -> BaseGeometry:
    """A database geometry value as shapely."""
    return to_shape(value)


def geojson_geometry(value: Any, precision: int = 7) -> dict[str, Any]:
    """A database geometry as an RFC 7946 geometry object (lon, lat order).

    Coordinates are rounded to ``precision`` decimals (7 ≈ 1 cm) without
    changing vertex order, so ring orientation is kept.
    """
    geometry = shapely.transform(from_db(value), lambda xy: np.round(xy, precision))
    return dict(mapping(geometry))


def feature_collection(features: list[dict[str, Any]], **members: Any) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection with optional foreign members."""
    return {"type": "FeatureCollection", "features": features, **members}

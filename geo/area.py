"""Geodesic area of boundaries on the WGS84 ellipsoid.

A commune's area is what its land office publishes (``dtich_km2``); comparing it
with the boundary actually loaded catches a wrong file, a wrong CRS or a
truncated polygon.  Planar areas in degrees are meaningless and a projected
area depends on the projection, so the area is computed on the ellipsoid
(Karney's algorithm through :class:`pyproj.Geod`), exact to well under 0.01 %.
"""

from __future__ import annotations

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

_WGS84 = Geod(ellps="WGS84")


def _ring_area(ring: BaseGeometry) -> float:
    """Unsigned geodesic area enclosed by one ring (coordinates handed over as arrays)."""
    xy = shapely.get_coordinates(ring)
    area, _ = _WGS84.polygon_area_perimeter(xy[:, 0], xy[:, 1])
    return abs(float(area))


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Area in square metres of a WGS84 (lon, lat) polygon or multipolygon.

    Each polygon is its exterior ring's area minus its holes', whatever the
    rings' orientation.  Non-polygonal parts have no area.

    >>> from shapely.geometry import box
    >>> round(geodesic_area_m2(box(0, 0, 1, 1)) / 1e6, 1)
    12308.8
    >>> round(geodesic_area_m2(box(105.0, 20.0, 105.01, 20.01)))
    1158452
    """
    if geom.is_empty:
        return 0.0
    parts = getattr(geom, "geoms", None)
    if parts is not None:
        return sum(geodesic_area_m2(part) for part in parts)
    if geom.geom_type != "Polygon":
        return 0.0
    holes = sum(_ring_area(ring) for ring in geom.interiors)
    return _ring_area(geom.exterior) - holes

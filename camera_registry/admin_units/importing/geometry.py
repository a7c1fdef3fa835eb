"""From a file's geometries to stored boundaries: WGS84, polygons only, valid, measured.

Every coordinate of the file is transformed in one vectorised PROJ call (a
national file has millions of vertices); a row whose coordinates PROJ cannot
map, or which land outside Vietnam and its sea, fails naming the CRS.  Invalid
polygons (a bow-tie ring, a self-touching hole) are repaired with
``make_valid``, keeping only the polygonal parts, and the repair is reported
with the area before and after.  Polygon and MultiPolygon are both accepted and
stored as MultiPolygon, so islands stay part of their commune.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from camera_registry.addresses.coordinates import VIETNAM_BOUNDS
from camera_registry.admin_units.importing.read import Shape
from camera_registry.imports.coords import WGS84, crs_label
from geo.area import geodesic_area_m2
from geo.coverage import centre_of
from geo.crs import to_wgs84
from geo.errors import GeometryInputError
from geo.topology import THREADS, areas_m2


@dataclass(frozen=True)
class Boundary:
    """A unit's boundary ready to store, its geodesic area, and what repairing it changed."""

    geometry: MultiPolygon
    area_km2: float
    repair: str | None = None


def to_wgs84_all(shapes: list[Shape], crs: CRS) -> list[Shape]:
    """Each built geometry in WGS84 (refusals and gaps pass through; failures become reasons)."""
    if crs.equals(WGS84, ignore_axis_order=True):
        return list(shapes)
    built = [i for i, s in enumerate(shapes) if isinstance(s, BaseGeometry) and not s.is_empty]
    if not built:
        return list(shapes)
    geoms = np.array([shapes[i] for i in built], dtype=object)
    coords = shapely.get_coordinates(geoms)
    out = list(shapes)
    try:
        lon, lat = to_wgs84(coords[:, 0], coords[:, 1], crs)
    except GeometryInputError:  # find which rows PROJ cannot map
        for i in built:
            out[i] = _one(shapes[i], crs)
        return out
    moved = shapely.set_coordinates(geoms.copy(), np.column_stack([lon, lat]))
    for i, geometry in zip(built, moved, strict=True):
        out[i] = geometry
    return out


def _one(geometry: BaseGeometry, crs: CRS) -> Shape:
    coords = shapely.get_coordinates(geometry)
    try:
        lon, lat = to_wgs84(coords[:, 0], coords[:, 1], crs)
    except GeometryInputError:
        return (
            f"không chuyển được tọa độ / the coordinates cannot be transformed from "
            f"{crs_label(crs)} to WGS84"
        )
    return shapely.set_coordinates(geometry, np.column_stack([lon, lat]))


def _polygonal(geometry: BaseGeometry) -> MultiPolygon:
    """The polygonal parts of a geometry (a repaired one may hold stray lines or points)."""
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    if isinstance(geometry, MultiPolygon):
        return geometry
    parts: list[Polygon] = []
    for part in getattr(geometry, "geoms", ()):
        if isinstance(part, Polygon | MultiPolygon):
            parts.extend(_polygonal(part).geoms)
    return MultiPolygon(parts)


def boundary(geometry: Shape, crs_name: str) -> Boundary | str:
    """The boundary to store for one row's WGS84 geometry, or why it cannot be one."""
    if isinstance(geometry, str):
        return geometry
    if geometry is None or geometry.is_empty:
        return "hình học rỗng / the geometry is empty; a unit needs a polygon"
    if not isinstance(geometry, Polygon | MultiPolygon):
        return (
            f"không phải vùng / the geometry is a {geometry.geom_type}; "
            "a unit's boundary must be a polygon"
        )
    minx, miny, maxx, maxy = geometry.bounds
    lo_x, lo_y, hi_x, hi_y = VIETNAM_BOUNDS
    if not (lo_x <= minx and maxx <= hi_x and lo_y <= miny and maxy <= hi_y):
        return (
            f"nằm ngoài Việt Nam / read in {crs_name}, the boundary lies outside Vietnam "
            f"({minx:.4f}, {miny:.4f} – {maxx:.4f}, {maxy:.4f}): check the coordinate system"
        )
    shape = _polygonal(geometry)
    repair = None
    if not shape.is_valid:
        why = shapely.is_valid_reason(shape)
        before = geodesic_area_m2(shape) / 1e6
        shape = _polygonal(shapely.make_valid(shape))
        if shape.is_empty:
            return (
                f"ranh giới không hợp lệ / the polygon is invalid ({why}) and nothing "
                "polygonal is left after repair"
            )
        after = geodesic_area_m2(shape) / 1e6
        repair = (
            f"đã sửa ranh giới không hợp lệ / invalid polygon repaired ({why}): "
            f"{len(shape.geoms)} part(s), "
            f"area {before:.4f} km² before, {after:.4f} km² after"
        )
    return Boundary(shape, math.nan, repair)  # measured with the others: with_areas


def _halves(count: int) -> list[slice]:
    """``count`` items cut into one slice per thread."""
    step = max(1, -(-count // THREADS))
    return [slice(start, start + step) for start in range(0, count, step)]


def boundaries(shapes: list[Shape], crs_name: str) -> list[Boundary | str]:
    """:func:`boundary` of every row, the rows shared among two threads.

    Checking and repairing polygons is GEOS work that releases Python's lock, so
    two threads use two cores (a national file: 3.4 s on one, 1.8 s on two).
    """

    def some(cut: slice) -> list[Boundary | str]:
        return [boundary(shape, crs_name) for shape in shapes[cut]]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [b for part in pool.map(some, _halves(len(shapes))) for b in part]


def with_areas(shapes: list[Boundary | str]) -> list[Boundary | str]:
    """Every boundary with its area, measured in one equal-area projection on two threads.

    Lambert azimuthal equal-area on the WGS84 ellipsoid is exact in area: over the
    benchmark's 3,321 communes it agrees with pyproj's geodesic area to 4e-9
    (relative) in a quarter of the time (BENCHMARKS.md).
    """
    found = [i for i, s in enumerate(shapes) if isinstance(s, Boundary)]
    if not found:
        return shapes
    listed = [s for s in shapes if isinstance(s, Boundary)]
    geoms = np.array([b.geometry for b in listed], dtype=np.object_)
    centre = centre_of(shapely.box(*shapely.total_bounds(geoms)))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        measured = pool.map(lambda cut: areas_m2(geoms[cut], centre), _halves(len(geoms)))
        areas = np.concatenate(list(measured))
    out = list(shapes)
    for i, b, area in zip(found, listed, areas, strict=True):
        out[i] = replace(b, area_km2=float(area) / 1e6)
    return out

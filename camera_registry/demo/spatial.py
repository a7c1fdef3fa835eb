"""Small geometry helpers for the demo generator (WGS84 degrees, local metres).

Distances here are the local flat-earth approximation: good to well under 1 %
over the few kilometres a commune spans, which is all placement needs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0


def to_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """Return the polygonal parts of ``geom`` as one MultiPolygon (empty if none)."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom]) if not geom.is_empty else MultiPolygon()
    parts: list[Polygon] = []
    for part in getattr(geom, "geoms", ()):
        parts.extend(to_multipolygon(part).geoms)
    return MultiPolygon(parts)


def union_all(geoms: Iterable[BaseGeometry]) -> MultiPolygon:
    """Union polygons (in the given order) into one MultiPolygon."""
    return to_multipolygon(shapely.union_all(list(geoms)))


def offset(lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    """Move a point by metres east and north."""
    dlon = east_m / (M_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat)))
    return lon + dlon, lat + north_m / M_PER_DEG_LAT


def delta_m(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """Return (east, north) metres from point 1 to point 2."""
    east = (lon2 - lon1) * M_PER_DEG_LON_EQUATOR * math.cos(math.radians((lat1 + lat2) / 2))
    return east, (lat2 - lat1) * M_PER_DEG_LAT


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the approximate ground distance between two points in metres."""
    return math.hypot(*delta_m(lon1, lat1, lon2, lat2))


def bearing_deg(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the azimuth from point 1 to point 2, degrees clockwise from north."""
    east, north = delta_m(lon1, lat1, lon2, lat2)
    return normalise_deg(math.degrees(math.atan2(east, north)))


def normalise_deg(angle: float) -> float:
    """Bring an angle into [0, 360), rounded to 0.1°."""
    value = round(angle % 360.0, 1)
    return 0.0 if value >= 360.0 else value


def random_point_in(
    rng: random.Random, area: BaseGeometry, tries: int = 2000
) -> tuple[float, float] | None:
    """Draw a uniformly random point inside ``area``; None if it is (nearly) empty."""
    if area.is_empty or area.area <= 0:
        return None
    minx, miny, maxx, maxy = area.bounds
    for _ in range(tries):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(area, x, y):
            return x, y
    point = area.representative_point()
    return point.x, point.y


def point_near(
    rng: random.Random,
    area: BaseGeometry,
    lon: float,
    lat: float,
    sigma_m: float,
    tries: int = 60,
) -> tuple[float, float]:
    """Draw a point around (lon, lat) with a Gaussian spread, kept inside ``area``.

    Falls back to the anchor itself (or any point of ``area``) when the spread
    keeps missing, so the result is always inside ``area``.
    """
    for _ in range(tries):
        x, y = offset(lon, lat, rng.gauss(0.0, sigma_m), rng.gauss(0.0, sigma_m))
        if shapely.contains_xy(area, x, y):
            return x, y
    if shapely.contains_xy(area, lon, lat):
        return lon, lat
    fallback = random_point_in(rng, area)
    if fallback is None:
        raise ValueError("cannot place a point in an empty area")
    return fallback


def inside_point(geom: BaseGeometry) -> Point:
    """Return the centroid when it lies inside ``geom``, else a representative point."""
    centroid = geom.centroid
    return centroid if geom.contains(centroid) else geom.representative_point()

"""Geodesic distance and bearing, and a degree box that safely holds a metric radius.

The lookup asks "which cameras stand within R metres of this point?".  Spatial
indexes work in degrees, so the search is two-staged: a longitude/latitude box
guaranteed to contain every point within R metres (:func:`radius_bbox`), then the
exact geodesic distance on the WGS84 ellipsoid (:func:`distances_and_bearings`).
Both stages are plain numbers, so SpatiaLite and PostGIS give the same answer.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryInputError

WGS84 = Geod(ellps="WGS84")
FloatArray = npt.NDArray[np.float64]

#: Lower bounds of the length of one degree on the WGS84 ellipsoid: a degree of
#: latitude is shortest at the equator (meridional radius a(1-e²)), a degree of
#: longitude at latitude φ is at least a·cos φ·π/180 (the prime-vertical radius
#: is never below a).
_A = 6_378_137.0
_E2 = 0.00669437999014
_M_PER_DEG_LAT_MIN = _A * (1.0 - _E2) * math.pi / 180.0
_M_PER_DEG_LON_EQUATOR = _A * math.pi / 180.0

#: Safety margins on the box (float rounding, not geometry): relative, and ~0.1 mm.
_MARGIN = 1.0 + 1e-6
_ABS_MARGIN_DEG = 1e-9

#: Largest radius accepted; far beyond any camera lookup.
MAX_RADIUS_M = 50_000.0


def _check_point(lon: float, lat: float) -> tuple[float, float]:
    for field, value, limit in (("lon", lon, 180.0), ("lat", lat, 85.0)):
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise GeometryInputError(field, "must be a finite number")
        if not -limit <= value <= limit:
            raise GeometryInputError(field, f"must be between -{limit:g} and {limit:g} degrees")
    return float(lon), float(lat)


def radius_bbox(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` containing every point within ``radius_m``.

    The box is slightly larger than the geodesic disc, never smaller.  A disc
    that crosses the antimeridian gets every longitude (-180 to 180): one box
    cannot hold both sides of it, and a larger box is still a correct filter.

    Raises
    ------
    GeometryInputError
        For a point out of range or a radius that is negative, not finite or
        above :data:`MAX_RADIUS_M`.

    Examples
    --------
    >>> box = radius_bbox(105.5, 20.2, 300)
    >>> round((box[3] - box[1]) * 111_000)  # about 2 × 300 m of latitude
    602
    """
    lon, lat = _check_point(lon, lat)
    if not isinstance(radius_m, int | float) or not math.isfinite(radius_m):
        raise GeometryInputError("radius_m", "must be a finite number")
    if not 0.0 <= radius_m <= MAX_RADIUS_M:
        raise GeometryInputError("radius_m", f"must be between 0 and {MAX_RADIUS_M:g} m")
    dlat = radius_m / _M_PER_DEG_LAT_MIN * _MARGIN + _ABS_MARGIN_DEG
    far_lat = min(abs(lat) + dlat, 89.9)
    dlon = radius_m / (_M_PER_DEG_LON_EQUATOR * math.cos(math.radians(far_lat))) * _MARGIN
    dlon += _ABS_MARGIN_DEG
    west, east = lon - dlon, lon + dlon
    if west < -180.0 or east > 180.0:
        west, east = -180.0, 180.0
    return (west, max(lat - dlat, -90.0), east, min(lat + dlat, 90.0))


def distances_and_bearings(
    from_lons: npt.ArrayLike, from_lats: npt.ArrayLike, to_lon: float, to_lat: float
) -> tuple[FloatArray, FloatArray]:
    """Geodesic distance (m) and initial bearing (degrees in [0, 360)) from each origin to a point.

    Parameters
    ----------
    from_lons, from_lats:
        Origins (cameras), decimal degrees, any equal-length sequences.
    to_lon, to_lat:
        The target point.

    Examples
    --------
    >>> d, b = distances_and_bearings([105.5], [20.2], 105.5, 20.201)
    >>> round(float(d[0]), 1), round(float(b[0]), 1)
    (110.7, 0.0)
    """
    lons = np.asarray(from_lons, dtype=np.float64)
    lats = np.asarray(from_lats, dtype=np.float64)
    if lons.shape != lats.shape:
        raise GeometryInputError("from_lats", "must have as many values as from_lons")
    if lons.size == 0:
        return np.empty(0), np.empty(0)
    to_lon, to_lat = _check_point(to_lon, to_lat)
    azimuth, _, distance = WGS84.inv(
        lons, lats, np.full(lons.shape, to_lon), np.full(lons.shape, to_lat)
    )
    bearing = np.mod(np.asarray(azimuth, dtype=np.float64), 360.0)
    bearing[(np.asarray(distance) == 0.0) | (bearing >= 360.0)] = 0.0
    return np.asarray(distance, dtype=np.float64), bearing


def buffer_m(geometry: BaseGeometry, metres: float) -> BaseGeometry:
    """Buffer a small lon/lat geometry by ``metres`` (local equirectangular scale).

    Good to well under 1 % for geometries a few kilometres across, which is what
    it is for (a street corridor); not for continents.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> area = buffer_m(Point(105.5, 20.2), 100)
    >>> round(distances_and_bearings([105.5], [20.2], area.bounds[2], 20.2)[0][0])
    100
    """
    if not math.isfinite(metres) or metres < 0:
        raise GeometryInputError("metres", "must be a finite number of metres, 0 or more")
    lat0 = geometry.centroid.y
    kx = _M_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
    ky = float(WGS84.inv(0.0, lat0 - 0.5, 0.0, lat0 + 0.5)[2])
    local = shapely.transform(geometry, lambda xy: xy * np.array([kx, ky]))
    grown = local.buffer(metres, quad_segs=16)
    return shapely.transform(grown, lambda xy: xy / np.array([kx, ky]))

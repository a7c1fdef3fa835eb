"""Coordinate reference systems used in Vietnam: WGS84, VN-2000 and UTM.

Cameras are stored in WGS84 (EPSG:4326), but the positions officers receive come
from cadastral maps and survey reports in VN-2000, the national datum
(Decision 83/2000/QĐ-TTg).  VN-2000 uses the WGS84 ellipsoid but a different
origin, so the same numbers denote points about 220-230 m apart (VN-2000
coordinates plotted as WGS84 land that far west-north-west of the truth).  The
shift is EPSG:6960 "VN-2000 to WGS 84 (2)", the 7-parameter Helmert
transformation the Vietnamese standard publishes, applied as a coordinate frame
rotation; PROJ picks it, or EPSG:5194 in the Mekong delta blocks DBSCL 02/03 (within 1 m of it),
by itself.  A hand-written ``+towgs84`` string with the same numbers reads them as
position-vector rotations and lands about a metre off.

Provincial cadastre uses VN-2000 transverse Mercator 3° zones ("TM-3": scale
factor 0.9999, false easting 500 000 m) with a central meridian per province,
following Circular 973/2001/TT-TCĐC.  :data:`PROVINCE_CENTRAL_MERIDIAN` gives
that meridian per legacy (pre-2025) GSO province code; a user who knows the
meridian of a document can always give it explicitly (``"VN2000:105.75"``).
Vietnamese survey documents write northing as X and easting as Y; every function
here takes easting first (``always_xy``), like the rest of camreg.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, overload

import numpy as np
import numpy.typing as npt
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from geo.dms import parse_dms
from geo.errors import GeometryInputError, finite_number
from geo.vn2000 import (
    PROVINCE_CENTRAL_MERIDIAN,
    VN2000_EPSG,
    VN2000_TM3_EPSG,
    VN2000_UTM_EPSG,
    vn2000_tm3,
)

__all__ = [
    "PROVINCE_CENTRAL_MERIDIAN",
    "VN2000_TM3_EPSG",
    "WGS84_EPSG",
    "CRSLike",
    "crs_from_user",
    "from_wgs84",
    "to_wgs84",
    "utm_epsg_for",
    "vn2000_tm3",
]

FloatArray = npt.NDArray[np.float64]
CRSLike = CRS | str | int

WGS84_EPSG = 4326
_WGS84_CRS = CRS.from_epsg(WGS84_EPSG)


def utm_epsg_for(lon: float, lat: float) -> int:
    """Return the EPSG code of the WGS84 / UTM zone containing a point.

    Vietnam straddles zones 48 (west of 108°E, EPSG:32648) and 49 (108°E to
    114°E, EPSG:32649); a point exactly on 108°E belongs to zone 49.  The
    Norway and Svalbard zone exceptions are not applied.

    Raises
    ------
    GeometryInputError
        If ``lon`` or ``lat`` is not a finite number in range.
    """
    lon = finite_number("lon", lon)
    lat = finite_number("lat", lat)
    if not -180.0 <= lon <= 180.0:
        raise GeometryInputError("lon", "must be between -180 and 180 degrees")
    if not -90.0 <= lat <= 90.0:
        raise GeometryInputError("lat", "must be between -90 and 90 degrees")
    zone = min(int((lon + 180.0) // 6.0) + 1, 60)
    return (32600 if lat >= 0.0 else 32700) + zone


_EPSG = re.compile(r"^(?:EPSG\s*:\s*)?(\d{4,6})$", re.IGNORECASE)
_VN2000 = re.compile(r"^VN-?2000$", re.IGNORECASE)
_VN2000_UTM = re.compile(r"^VN-?2000\s*[-/:]?\s*UTM\s*(?:ZONE\s*)?(\d{2})\s*N?$", re.IGNORECASE)
_VN2000_TM = re.compile(
    r"^VN-?2000\s*[-/:]?\s*(?:TM-?([36])\s*)?[-/:]?\s*(?P<cm>\d.*)$", re.IGNORECASE
)
_WGS84 = re.compile(r"^WGS\s*-?\s*84$", re.IGNORECASE)
_WGS84_UTM = re.compile(
    r"^(?:WGS\s*-?\s*84\s*[-/:]?\s*)?UTM\s*(?:ZONE\s*)?(\d{1,2})\s*([NS])?$", re.IGNORECASE
)
_MERIDIAN_DASH = re.compile(r"^(\d{2,3})-(\d{2})$")


def _meridian_from_text(text: str) -> float:
    dashed = _MERIDIAN_DASH.match(text)
    if dashed:
        return int(dashed.group(1)) + int(dashed.group(2)) / 60.0
    try:
        return parse_dms(text)
    except GeometryInputError as error:
        raise GeometryInputError("crs", f"bad central meridian: {error.reason}") from None


def _from_epsg(code: int) -> CRS:
    try:
        crs = CRS.from_epsg(code)
    except CRSError:
        raise GeometryInputError("crs", f"EPSG:{code} is not a known EPSG code") from None
    if not (crs.is_geographic or crs.is_projected) or len(crs.axis_info) != 2:
        raise GeometryInputError("crs", f"EPSG:{code} is not a 2D horizontal CRS")
    return crs


def _vn2000_from_text(text: str) -> CRS | None:
    if _VN2000.match(text):
        return CRS.from_epsg(VN2000_EPSG)
    utm = _VN2000_UTM.match(text)
    if utm:
        zone = int(utm.group(1))
        if zone not in VN2000_UTM_EPSG:
            raise GeometryInputError("crs", "VN-2000 / UTM exists only for zones 48 and 49")
        return CRS.from_epsg(VN2000_UTM_EPSG[zone])
    tm = _VN2000_TM.match(text)
    if tm:
        width = int(tm.group(1) or 3)
        try:
            return vn2000_tm3(_meridian_from_text(tm.group("cm").strip()), width)
        except GeometryInputError as error:
            raise GeometryInputError("crs", f"{error.field}: {error.reason}") from None
    return None


def crs_from_user(spec: str | int) -> CRS:
    """Return the CRS a user named, in the forms Vietnamese users write them.

    Accepted forms: an EPSG code (``4326``, ``"EPSG:5897"``); ``"WGS84"``;
    ``"UTM48"`` / ``"WGS84 UTM 49N"``; ``"VN2000"`` (geographic, EPSG:4756);
    ``"VN2000-UTM48"`` / ``"VN-2000 / UTM zone 49N"``; and VN-2000 TM-3 zones by
    central meridian in any notation :func:`~geo.dms.parse_dms` reads or the
    EPSG one: ``"VN2000:105.75"``, ``"VN-2000 TM-3 105°45'"``,
    ``"VN-2000 / TM-3 105-45"``; ``"VN2000 TM-6 105"`` for a 6° zone.

    Raises
    ------
    GeometryInputError
        ``field="crs"`` for anything else, unknown EPSG codes and EPSG codes
        that are not 2D horizontal coordinate systems.
    """
    if isinstance(spec, bool) or not isinstance(spec, int | str):
        raise GeometryInputError("crs", "must be an EPSG code or a CRS name")
    if isinstance(spec, int):
        return _from_epsg(spec)
    text = " ".join(spec.split())
    epsg = _EPSG.match(text)
    if epsg:
        return _from_epsg(int(epsg.group(1)))
    if _WGS84.match(text):
        return CRS.from_epsg(WGS84_EPSG)
    utm = _WGS84_UTM.match(text)
    if utm and 1 <= int(utm.group(1)) <= 60:
        south = (utm.group(2) or "N").upper() == "S"
        return CRS.from_epsg((32700 if south else 32600) + int(utm.group(1)))
    vn2000 = _vn2000_from_text(text)
    if vn2000 is not None:
        return vn2000
    raise GeometryInputError("crs", f"unknown coordinate system {spec!r}")


def _as_crs(crs: CRSLike) -> CRS:
    return crs if isinstance(crs, CRS) else crs_from_user(crs)


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    """Build (once per CRS pair) a transformer; creating one costs ~50 ms.

    pyproj transformers are thread-safe since 3.1, so request threads share them.
    ``allow_ballpark=False`` makes a missing datum shift an error rather than a
    silent 200 m offset.
    """
    try:
        return Transformer.from_crs(
            CRS.from_user_input(source),
            CRS.from_user_input(target),
            always_xy=True,
            allow_ballpark=False,
        )
    except ProjError as error:
        raise GeometryInputError("crs", f"no known transformation: {error}") from None


def _as_array(field: str, values: Any) -> FloatArray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise GeometryInputError(field, "must be numbers") from None
    if not np.all(np.isfinite(array)):
        raise GeometryInputError(field, "must be finite numbers")
    return array


def _pair(fields: tuple[str, str], a: Any, b: Any) -> tuple[FloatArray, FloatArray]:
    first, second = _as_array(fields[0], a), _as_array(fields[1], b)
    if first.shape != second.shape:
        raise GeometryInputError(fields[1], f"must have the same shape as {fields[0]}")
    return first, second


def _run(
    source: CRS, target: CRS, a: FloatArray, b: FloatArray, field: str
) -> tuple[FloatArray, FloatArray]:
    out_a, out_b = _transformer(source.srs, target.srs).transform(a, b)
    out_a, out_b = np.asarray(out_a, dtype=np.float64), np.asarray(out_b, dtype=np.float64)
    if not (np.all(np.isfinite(out_a)) and np.all(np.isfinite(out_b))):
        raise GeometryInputError(
            field, f"cannot be transformed from {source.name} to {target.name}"
        )
    return out_a, out_b


def _like_input(
    template: FloatArray, a: FloatArray, b: FloatArray
) -> tuple[FloatArray, FloatArray] | tuple[float, float]:
    if template.ndim == 0:
        return float(a), float(b)
    return a, b


@overload
def to_wgs84(xs: float, ys: float, crs: CRSLike) -> tuple[float, float]: ...
@overload
def to_wgs84(
    xs: FloatArray | list[float], ys: FloatArray | list[float], crs: CRSLike
) -> tuple[FloatArray, FloatArray]: ...
def to_wgs84(xs: Any, ys: Any, crs: CRSLike) -> Any:
    """Convert coordinates in ``crs`` to WGS84 longitude and latitude.

    Parameters
    ----------
    xs, ys:
        Easting and northing (what Vietnamese documents call Y and X), or
        longitude and latitude for a geographic ``crs``; floats or equal-shaped
        arrays.
    crs:
        A :class:`pyproj.CRS` or anything :func:`crs_from_user` accepts.

    Returns
    -------
    tuple
        ``(lons, lats)`` in EPSG:4326: floats for float input, arrays otherwise.

    Raises
    ------
    GeometryInputError
        For an unknown ``crs``, non-finite input or points the CRS cannot map.
    """
    source = _as_crs(crs)
    x, y = _pair(("xs", "ys"), xs, ys)
    lon, lat = _run(source, _WGS84_CRS, x, y, "xs")
    return _like_input(x, lon, lat)


@overload
def from_wgs84(lons: float, lats: float, crs: CRSLike) -> tuple[float, float]: ...
@overload
def from_wgs84(
    lons: FloatArray | list[float], lats: FloatArray | list[float], crs: CRSLike
) -> tuple[FloatArray, FloatArray]: ...
def from_wgs84(lons: Any, lats: Any, crs: CRSLike) -> Any:
    """Convert WGS84 longitude and latitude to coordinates in ``crs``.

    The exact inverse of :func:`to_wgs84`, returning ``(xs, ys)`` = (easting,
    northing) for projected systems.  PROJ's own reverse of the VN-2000 datum
    shift drops ellipsoidal heights and so misses the forward shift by up to
    1.5 mm; one correction step removes that, so coordinates a user typed come
    back digit for digit after a round trip through the database.

    Raises
    ------
    GeometryInputError
        For an unknown ``crs``, non-finite input, or longitudes and latitudes
        out of range.
    """
    target = _as_crs(crs)
    lon, lat = _pair(("lons", "lats"), lons, lats)
    if np.any(np.abs(lon) > 180.0):
        raise GeometryInputError("lons", "must be between -180 and 180 degrees")
    if np.any(np.abs(lat) > 90.0):
        raise GeometryInputError("lats", "must be between -90 and 90 degrees")
    x, y = _run(_WGS84_CRS, target, lon, lat, "lons")
    back_lon, back_lat = _run(target, _WGS84_CRS, x, y, "lons")
    aim_lon = lon + (lon - back_lon + 180.0) % 360.0 - 180.0
    aim_lat = np.clip(2.0 * lat - back_lat, -90.0, 90.0)
    x, y = _run(_WGS84_CRS, target, aim_lon, aim_lat, "lons")
    return _like_input(lon, x, y)

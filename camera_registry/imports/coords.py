"""Each row's position in WGS84, from whatever coordinates the file gives.

Positions come from a GIS file's point geometries, or from columns: longitude
and latitude (decimal or degrees-minutes-seconds), or projected easting and
northing / X and Y in the coordinate system the user names (``--crs``:
``EPSG:9210``, ``VN2000:105.5``, ``VN-2000 / UTM zone 48N`` …, see
:func:`geo.crs.crs_from_user`).  Projected coordinates are converted in one
vectorised call through PROJ.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from pyproj import CRS

from camera_registry.errors import InvalidInput
from camera_registry.imports.mapping import ColumnMap
from camera_registry.imports.rows import Parsed
from camera_registry.imports.table import Table
from geo.crs import crs_from_user, to_wgs84
from geo.errors import GeometryInputError

FloatArray = npt.NDArray[np.float64]
WGS84 = CRS.from_epsg(4326)


def user_crs(spec: str | None) -> CRS | None:
    """The CRS the user named, or None; an unknown name is a 422 on ``crs``."""
    if not spec:
        return None
    try:
        return crs_from_user(spec)
    except GeometryInputError as error:
        raise InvalidInput("crs", error.reason) from None


def crs_label(crs: CRS) -> str:
    """``EPSG:9210`` when the CRS has a code, its name otherwise."""
    code = crs.to_epsg(min_confidence=90)
    return f"EPSG:{code}" if code else crs.name


def _file_crs(table: Table, given: CRS | None) -> CRS:
    if table.crs is None:
        return given or WGS84
    try:
        declared = CRS.from_user_input(table.crs)
    except Exception:  # noqa: BLE001 — pyproj raises CRSError and others for odd WKT
        reason = f"the file's coordinate system is not understood: {table.crs}"
        raise InvalidInput("crs", reason) from None
    if given is not None and not declared.equals(given, ignore_axis_order=True):
        raise InvalidInput(
            "crs",
            f"the file declares {crs_label(declared)} but --crs names {crs_label(given)}",
        )
    return declared


def _from_geometry(table: Table, parsed: Parsed) -> tuple[FloatArray, FloatArray]:
    assert table.points is not None
    xs = np.full(len(table.points), np.nan)
    ys = np.full(len(table.points), np.nan)
    for i, point in enumerate(table.points):
        if point is None:
            number = parsed.row_numbers[i]
            parsed.error(i, "geometry", None, table.geometry_errors.get(number, "no point"), None)
        else:
            xs[i], ys[i] = point
    return xs, ys


def _pick_columns(parsed: Parsed, crs: CRS) -> tuple[str, str, list[str]]:
    """Which two fields hold the position: (easting-like, northing-like, notes)."""
    have = parsed.present
    if {"lon", "lat"} <= have:
        if crs.is_projected:
            raise InvalidInput(
                "crs",
                f"{crs_label(crs)} is projected but the file gives longitude/latitude; "
                "head the columns X/Y or easting/northing, or drop --crs",
            )
        return "lon", "lat", []
    if {"easting", "northing"} <= have:
        return "easting", "northing", []
    if {"x", "y"} <= have:
        if not crs.is_projected:
            return "x", "y", []
        xs = [v for v in parsed.values["x"] if v is not None]
        ys = [v for v in parsed.values["y"] if v is not None]
        if xs and ys and float(np.median(xs)) > float(np.median(ys)):
            note = "X read as northing and Y as easting (Vietnamese survey convention)"
            return "y", "x", [note]
        return "x", "y", ["X read as easting and Y as northing"]
    raise InvalidInput(
        "file",
        "no position columns: give Kinh độ/Vĩ độ (lon/lat), X/Y or easting/northing "
        "(or map yours with --map)",
    )


def positions(
    table: Table, parsed: Parsed, cmap: ColumnMap, given: CRS | None
) -> tuple[FloatArray, FloatArray, str, list[str]]:
    """Longitudes and latitudes of every row (NaN where unusable), the CRS used, notes."""
    crs = _file_crs(table, given)
    notes: list[str] = []
    if table.points is not None:
        xs, ys = _from_geometry(table, parsed)
    else:
        east, north, notes = _pick_columns(parsed, crs)
        xs = np.array([np.nan if v is None else v for v in parsed.values[east]], dtype=float)
        ys = np.array([np.nan if v is None else v for v in parsed.values[north]], dtype=float)
        for name, values in ((east, xs), (north, ys)):
            for i in np.flatnonzero(np.isnan(values)):
                if int(i) not in parsed.bad:
                    parsed.error(int(i), cmap.header_of(name), None, "is required", name)
    if crs.equals(WGS84, ignore_axis_order=True):
        return xs, ys, crs_label(crs), notes
    lon, lat = _transform(xs, ys, crs, parsed)
    return lon, lat, crs_label(crs), notes


def _transform(
    xs: FloatArray, ys: FloatArray, crs: CRS, parsed: Parsed
) -> tuple[FloatArray, FloatArray]:
    lon = np.full(xs.shape, np.nan)
    lat = np.full(ys.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))
    if ok.size == 0:
        return lon, lat
    try:
        lon[ok], lat[ok] = to_wgs84(xs[ok], ys[ok], crs)
        return lon, lat
    except GeometryInputError:
        pass
    for i in ok:
        try:
            lon[i], lat[i] = to_wgs84(float(xs[i]), float(ys[i]), crs)
        except GeometryInputError as error:
            parsed.error(int(i), "geometry", f"{xs[i]}, {ys[i]}", error.reason, None)
    return lon, lat

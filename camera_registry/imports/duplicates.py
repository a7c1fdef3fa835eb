"""Warnings about probable duplicates: another camera within 20 m looking the same way.

"The same way" means directions at most 30° apart, or either camera seeing all
around (fov 360°).  Stored cameras are found through the spatial index (a
staging table of probe rectangles joined to ``camera``, see
:func:`camera_registry.imports.queries.near_cameras`); rows of the same file
through a shapely STRtree.  Distances are geodesic.  These are warnings: two
cameras on one pole may well look the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from sqlalchemy.orm import Session

from camera_registry.imports import queries
from geo.fov import WGS84

RADIUS_M = 20.0
ANGLE_DEG = 30.0
#: Metres per degree of latitude, rounded down so probe rectangles err on the large side.
_M_PER_DEG = 110_000.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Cameras:
    """The rows to check: their index in the file and the numbers a check needs."""

    index: IntArray
    codes: npt.NDArray[np.object_]
    lon: FloatArray
    lat: FloatArray
    direction: FloatArray
    fov: FloatArray


@dataclass(frozen=True)
class Near:
    """Row ``index`` has camera ``code`` within ``distance_m``; ``other_index`` if in the file."""

    index: int
    code: str
    direction: float
    fov: float
    distance_m: float
    other_index: int | None = None


def similar(
    d1: FloatArray, f1: FloatArray, d2: FloatArray, f2: FloatArray
) -> npt.NDArray[np.bool_]:
    """Whether camera pairs look the same way (within 30°, or either sees all around)."""
    gap = np.abs((d1 - d2 + 180.0) % 360.0 - 180.0)
    return (f1 >= 360.0) | (f2 >= 360.0) | (gap <= ANGLE_DEG)


def _half_sides(lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    dy = np.full(lat.shape, RADIUS_M / _M_PER_DEG)
    return dy / np.maximum(np.cos(np.radians(np.abs(lat))), 0.01), dy


def _close(
    mine: Cameras, a: IntArray, lon: FloatArray, lat: FloatArray, d: FloatArray, f: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Which pairs (row position ``a`` vs the other camera) are near and alike."""
    if a.size == 0:
        return a, np.empty(0)
    _, _, dist = WGS84.inv(mine.lon[a], mine.lat[a], lon, lat)
    dist = np.asarray(dist, dtype=np.float64)
    keep = (dist <= RADIUS_M) & similar(mine.direction[a], mine.fov[a], d, f)
    return np.flatnonzero(keep), dist


def within_file(cams: Cameras) -> list[Near]:
    """Pairs of rows of one file that look like duplicates (reported on the later row)."""
    if cams.index.size < 2:
        return []
    points = shapely.points(cams.lon, cams.lat)
    reach = float(_half_sides(cams.lat)[0].max())
    left, right = shapely.STRtree(points).query(points, predicate="dwithin", distance=reach)
    pair = (left < right) & (cams.codes[left] != cams.codes[right])
    early, late = left[pair], right[pair]
    keep, dist = _close(
        cams, late, cams.lon[early], cams.lat[early], cams.direction[early], cams.fov[early]
    )
    return [
        Near(int(cams.index[late[k]]), str(cams.codes[early[k]]), float(cams.direction[early[k]]),
             float(cams.fov[early[k]]), float(dist[k]), int(cams.index[early[k]]))
        for k in keep
    ]  # fmt: skip


def against_registry(session: Session, cams: Cameras, file_codes: set[str]) -> list[Near]:
    """Rows that look like duplicates of stored cameras not named in the file."""
    if cams.index.size == 0:
        return []
    dx, dy = _half_sides(cams.lat)
    boxes = shapely.box(cams.lon - dx, cams.lat - dy, cams.lon + dx, cams.lat + dy)
    found = queries.near_cameras(
        session, envelopes=list(zip(range(cams.index.size), shapely.to_wkb(boxes), strict=True))
    )
    found = [f for f in found if f[1] not in file_codes]
    if not found:
        return []
    pos = np.array([f[0] for f in found], dtype=np.int64)
    other = np.array([f[2:] for f in found], dtype=np.float64)
    keep, dist = _close(cams, pos, other[:, 0], other[:, 1], other[:, 2], other[:, 3])
    return [
        Near(int(cams.index[pos[k]]), found[k][1], float(other[k, 2]), float(other[k, 3]),
             float(dist[k]))
        for k in keep
    ]  # fmt: skip

"""Points against areas and views, and the national metric grid of cells.

Which incidents or sample points lie in an area, in any view, or in which of
several polygons (STRtree queries, vectorised); and the square grid in metres
on which candidate camera sites are snapped.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from geo.arrays import BoolArray, FloatArray, Geoms, IntArray
from geo.metric import laea_forward, laea_inverse

#: Origin of the national metric grid (the middle of Vietnam) on which candidate
#: camera sites are snapped, so that a cell is the same whichever unit asks.
VN_GRID_ORIGIN = (106.0, 16.0)


def points_in(area: BaseGeometry, lons: FloatArray, lats: FloatArray) -> BoolArray:
    """Which points lie in (or on the boundary of) ``area``."""
    if len(lons) == 0 or area.is_empty:
        return np.zeros(len(lons), dtype=bool)
    shapely.prepare(area)
    inside: BoolArray = shapely.intersects_xy(area, lons, lats)
    return inside


def _points(lons: FloatArray, lats: FloatArray) -> npt.NDArray[np.object_]:
    points: npt.NDArray[np.object_] = shapely.points(np.column_stack([lons, lats]))
    return points


def point_view_pairs(views: Geoms, lons: FloatArray, lats: FloatArray) -> IntArray:
    """Every (point index, view index) pair where the view contains the point.

    Returns a ``(2, n)`` integer array, as ``STRtree.query`` does.
    """
    if len(views) == 0 or len(lons) == 0:
        return np.zeros((2, 0), dtype=np.int64)
    tree = STRtree(np.asarray(views, dtype=object))
    pairs: IntArray = tree.query(_points(lons, lats), predicate="intersects").astype(np.int64)
    return pairs


def points_in_any(views: Geoms, lons: FloatArray, lats: FloatArray) -> BoolArray:
    """Which points lie inside at least one of the views."""
    hit = np.zeros(len(lons), dtype=bool)
    pairs = point_view_pairs(views, lons, lats)
    hit[pairs[0]] = True
    return hit


def locate_points(polygons: Geoms, lons: FloatArray, lats: FloatArray) -> IntArray:
    """For each point, the index of the first polygon containing it, or -1."""
    found = np.full(len(lons), -1, dtype=np.int64)
    pairs = point_view_pairs(polygons, lons, lats)
    if pairs.shape[1]:
        order = np.lexsort((pairs[1], pairs[0]))
        points, polys = pairs[0][order], pairs[1][order]
        first = np.r_[True, points[1:] != points[:-1]]
        found[points[first]] = polys[first]
    return found


def grid_index(
    lons: FloatArray, lats: FloatArray, cell_m: float, origin: tuple[float, float]
) -> tuple[IntArray, IntArray]:
    """Column and row of each point in a square grid of ``cell_m`` metres."""
    x, y = laea_forward(*origin).transform(
        np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    )
    return (
        np.floor(np.asarray(x) / cell_m).astype(np.int64),
        np.floor(np.asarray(y) / cell_m).astype(np.int64),
    )


def cell_centres(
    cols: IntArray, rows: IntArray, cell_m: float, origin: tuple[float, float]
) -> tuple[FloatArray, FloatArray]:
    """Longitude and latitude of the centres of grid cells (see :func:`grid_index`)."""
    lon, lat = laea_inverse(*origin).transform((cols + 0.5) * cell_m, (rows + 0.5) * cell_m)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

"""Topology of administrative boundaries: sibling overlaps, gaps in a parent, parts outside it.

A boundary file is checked the way a GIS analyst would check it: communes of
one province must not overlap, must fill the province, and must stay inside
it.  Every input is a WGS84 lon/lat shapely geometry and the overlay is done
in lon/lat, as the database does; areas are measured in one Lambert azimuthal
equal-area projection (``+proj=laea``) centred on the data, which is
equal-area by construction, so the only error is that of a straight edge in
lon/lat against one in the projection — negligible for boundaries drawn with
vertices tens of metres apart (the tests hold it to 0.1 % of ``pyproj.Geod``).

Cost: sibling pairs come from one STRtree (O(n log n)); only pairs whose boxes
meet are intersected.  Gaps need a union of the children, the one expensive
step, so it runs only when a cheap upper bound (parent area minus the
children's areas inside it, plus their pairwise overlaps) exceeds the
tolerance.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely import STRtree
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from geo.metric import centre_of, laea_forward

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Geoms = npt.NDArray[np.object_]

#: Pairs overlaid at once: bounds the memory the pieces take, not the speed.
CHUNK = 500
#: Threads measuring overlaps: the machines camreg runs on have two cores or more.
THREADS = min(2, os.cpu_count() or 1)

#: Upper bound of the area of one square degree (at the equator), m²: a piece
#: whose lon/lat area times this is under the tolerance cannot exceed it.
MAX_M2_PER_DEG2 = 111_320.0 * 110_600.0


def areas_m2(geoms: Geoms, centre: tuple[float, float] | None = None) -> FloatArray:
    """Area in m² of each geometry (its polygonal parts), in one equal-area projection.

    ``centre`` (lon, lat) names the projection's centre; by default the middle
    of all the geometries' bounds, to the nearest degree.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> a = areas_m2(np.array([box(105.0, 20.0, 105.01, 20.01)], dtype=object))
    >>> round(float(a[0]))
    1158452
    """
    result = np.zeros(len(geoms), dtype=np.float64)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if not present.any():
        return result
    if centre is None:
        centre = centre_of(shapely.box(*shapely.total_bounds(geoms[present])))
    transformer = laea_forward(*centre)

    def project(xy: FloatArray) -> FloatArray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    index = np.flatnonzero(present)
    for start in range(0, len(index), CHUNK):  # one chunk's projected copy at a time
        part = index[start : start + CHUNK]
        result[part] = shapely.area(shapely.transform(geoms[part], project))
    return result


def _above(pieces: Geoms, tolerance_m2: float, centre: tuple[float, float]) -> FloatArray:
    """m² of each piece, measured only where its lon/lat area could exceed the tolerance."""
    measured = np.zeros(len(pieces), dtype=np.float64)
    rough = shapely.area(pieces) * MAX_M2_PER_DEG2
    big = np.flatnonzero(rough > tolerance_m2)
    measured[big] = areas_m2(pieces[big], centre)
    return measured


def sibling_pairs(geoms: Geoms, groups: IntArray) -> tuple[IntArray, IntArray]:
    """Index pairs ``(i, j)``, ``i < j``, of geometries of one group that intersect.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = np.array([box(0, 0, 2, 2), box(1, 1, 3, 3), box(1, 1, 3, 3)], dtype=object)
    >>> left, right = sibling_pairs(g, np.array([0, 0, 1]))
    >>> list(zip(left.tolist(), right.tolist()))
    [(0, 1)]
    """
    left, right = STRtree(geoms).query(geoms)  # boxes meet: cheap
    keep = (left < right) & (groups[left] == groups[right])
    left, right = left[keep], right[keep]
    meet = shapely.intersects(geoms[left], geoms[right])
    return left[meet].astype(np.int64), right[meet].astype(np.int64)


def _clip(geoms: Geoms, boxes: FloatArray) -> Geoms:
    """Each geometry cut to its box (``clip_by_rect`` takes one box per call)."""
    return np.array(
        [shapely.clip_by_rect(g, *box) for g, box in zip(geoms, boxes, strict=True)], dtype=object
    )


def _overlay(operation: str, first: Geoms, second: Geoms, boxes: FloatArray) -> Geoms:
    """``first ∩ second`` or ``first − second``, each side cut to ``boxes`` first.

    Cutting to the box where the pair can meet leaves a few hundred of a
    commune's thousands of vertices (a third of the time); a cut can leave a
    ring GEOS rejects, and then that pair is redone uncut.
    """
    apply = shapely.intersection if operation == "intersection" else shapely.difference
    try:
        result: Geoms = apply(_clip(first, boxes), _clip(second, boxes))
        return result
    except GEOSException:
        pairs = zip(first, second, strict=True)
        return np.array([_one(apply, a, b) for a, b in pairs], dtype=object)


def _one(apply: Any, a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """One overlay, uncut; an invalid boundary (stored before repair) is made valid first."""
    try:
        result: BaseGeometry = apply(a, b)
    except GEOSException:
        result = apply(shapely.make_valid(a), shapely.make_valid(b))
    return result


def overlap_areas_m2(
    geoms: Geoms,
    left: IntArray,
    right: IntArray,
    tolerance_m2: float = 0.0,
    threads: int = THREADS,
) -> FloatArray:
    """Area in m² of the overlap of each pair (0 where it is surely under ``tolerance_m2``).

    Pairs go :data:`CHUNK` at a time, so the pieces of only a few chunks are held at
    once; ``threads`` chunks are computed side by side (GEOS and PROJ release
    Python's lock, so two threads use two cores).
    """
    result = np.zeros(len(left), dtype=np.float64)
    centre = _centre(geoms) if len(left) else (0.0, 0.0)

    def chunk(start: int) -> None:
        first, second = geoms[left[start : start + CHUNK]], geoms[right[start : start + CHUNK]]
        lo, hi = shapely.bounds(first), shapely.bounds(second)
        boxes = np.hstack([np.maximum(lo[:, :2], hi[:, :2]), np.minimum(lo[:, 2:], hi[:, 2:])])
        pieces = _overlay("intersection", first, second, boxes)
        result[start : start + CHUNK] = _above(pieces, tolerance_m2, centre)

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        list(pool.map(chunk, range(0, len(left), CHUNK)))
    return result


def _centre(geoms: Geoms) -> tuple[float, float]:
    return centre_of(shapely.box(*shapely.total_bounds(geoms)))


def outside_areas_m2(
    children: Geoms, parent: BaseGeometry, tolerance_m2: float = 0.0
) -> FloatArray:
    """Area in m² of each child lying outside the parent (0 where surely under the tolerance)."""
    result = np.zeros(len(children), dtype=np.float64)
    if len(children) == 0:
        return result
    shapely.prepare(parent)
    loose = np.flatnonzero(~shapely.covers(parent, children))
    if loose.size:
        kids = children[loose]
        pieces = _overlay(
            "difference", kids, np.array([parent] * len(kids), dtype=object), shapely.bounds(kids)
        )
        result[loose] = _above(pieces, tolerance_m2, _centre(children))
    return result


def gap_upper_bound_m2(
    parent_m2: float, child_m2: FloatArray, outside_m2: FloatArray, overlap_m2: FloatArray
) -> float:
    """An upper bound of the parent's area left uncovered by its children, m².

    By inclusion-exclusion, the children cover at least the sum of their areas
    inside the parent minus the sum of their pairwise overlaps; so when this
    bound is under the tolerance no gap can exceed it and the union is spared.
    ``outside_m2`` and ``overlap_m2`` must be exact (measured with tolerance 0).

    Examples
    --------
    >>> gap_upper_bound_m2(100.0, np.array([60.0, 50.0]), np.array([0.0, 0.0]), np.array([10.0]))
    0.0
    """
    inside = float(np.sum(child_m2) - np.sum(outside_m2))
    return parent_m2 - inside + float(np.sum(overlap_m2))


def gap_parts(
    parent: BaseGeometry, children: Geoms, tolerance_m2: float
) -> list[tuple[int, float]]:
    """Each part of the parent its children leave uncovered, above the tolerance.

    Returns ``(index of the nearest child, m²)`` per part, largest first.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> kids = [box(105, 20, 105.01, 20.02), box(105.011, 20, 105.02, 20.02)]
    >>> parent = box(105, 20, 105.02, 20.02)
    >>> [(i, round(m)) for i, m in gap_parts(parent, np.array(kids, dtype=object), 100.0)]
    [(0, 231683)]
    """
    if len(children) == 0:
        return []
    try:
        rest = shapely.difference(parent, shapely.union_all(children))
    except GEOSException:  # a boundary stored before repair
        rest = shapely.difference(shapely.make_valid(parent), shapely.union_all(
            shapely.make_valid(children)))  # fmt: skip
    rest = shapely.get_parts(rest)
    rest = rest[np.isin(shapely.get_type_id(rest), (3, 6))]  # polygons only
    if rest.size == 0:
        return []
    measured = _above(rest, tolerance_m2, _centre(children))
    big = np.flatnonzero(measured > tolerance_m2)
    if big.size == 0:
        return []
    part, child = STRtree(children).query_nearest(rest[big])  # ties: every touching child
    nearest = {
        int(p): int(c) for p, c in sorted(zip(part, child, strict=True), reverse=True)
    }  # lowest wins
    found = [(nearest[k], float(measured[b])) for k, b in enumerate(big)]
    return sorted(found, key=lambda item: -item[1])


def percent_difference(computed: float, published: float) -> float:
    """``(computed − published) / published`` in percent.

    Examples
    --------
    >>> round(percent_difference(10.6, 10.0), 6)
    6.0
    """
    return (computed - published) / published * 100.0

"""Hot-spot and site cells on the one global grid of :mod:`camera_registry.incidents.grid`.

Aggregate-only roles see incidents as cells of that grid (the incidents listing,
the incident tiles).  Coverage answers use the same cells, with the same ids
(``cell:{size}:{col}:{row}``), so that intersecting one answer's cell with
another's never narrows an incident down below the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from shapely.geometry import Polygon, box

from camera_registry.incidents import grid
from camera_registry.incidents.grid import cell_of

CellKey = tuple[int, int]


@dataclass(frozen=True)
class GridCell:
    """One grid cell with the points that fall in it (``members``: their indices)."""

    col: int
    row: int
    size_m: float
    count: int
    weight: float
    members: tuple[int, ...]

    @property
    def cell_id(self) -> str:
        """The id the incidents listing gives the same cell."""
        return cell_id((self.col, self.row), self.size_m)

    @property
    def polygon(self) -> Polygon:
        """The cell's outline in WGS84."""
        return cell_polygon((self.col, self.row), self.size_m)


def cell_id(cell: CellKey, size_m: float) -> str:
    """``cell:{size}:{col}:{row}``, as in ``GET /incidents`` and the incident tiles."""
    return f"cell:{size_m:g}:{cell[0]}:{cell[1]}"


def cell_bounds(cell: CellKey, size_m: float) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of a cell in degrees (the grid's own outline)."""
    return grid.cell_bounds(*cell, size_m)


def cell_polygon(cell: CellKey, size_m: float) -> Polygon:
    """The outline of a cell (a lon/lat rectangle, counter-clockwise)."""
    return box(*cell_bounds(cell, size_m))


def cells_of(lons: Sequence[float], lats: Sequence[float], size_m: float) -> list[CellKey]:
    """The cell of each point, computed by the grid's own :func:`cell_of`."""
    return [cell_of(x, y, size_m) for x, y in zip(lons, lats, strict=True)]


def group_cells(
    lons: Sequence[float], lats: Sequence[float], weights: Sequence[float], size_m: float
) -> list[GridCell]:
    """Weighted points grouped by cell, heaviest first (ties: more points, then south-west)."""
    groups: dict[CellKey, list[int]] = {}
    for index, key in enumerate(cells_of(lons, lats, size_m)):
        groups.setdefault(key, []).append(index)
    w = np.asarray(weights, dtype=float)
    cells = [
        GridCell(col, row, size_m, len(m), float(w[m].sum()), tuple(m))
        for (col, row), m in groups.items()
    ]
    cells.sort(key=lambda c: (-c.weight, -c.count, c.row, c.col))
    return cells


def pull_inside(
    lon: float, lat: float, cell: CellKey, size_m: float, margin_m: float
) -> tuple[float, float]:
    """The point itself if it lies in ``cell``, else the nearest point ``margin_m`` inside it."""
    if cell_of(lon, lat, size_m) == cell:
        return lon, lat
    west, south, east, north = cell_bounds(cell, size_m)
    share = min(margin_m / size_m, 0.25)
    dx, dy = (east - west) * share, (north - south) * share
    moved = min(max(lon, west + dx), east - dx), min(max(lat, south + dy), north - dy)
    if cell_of(*moved, size_m) == cell:
        return moved
    return (west + east) / 2, (south + north) / 2

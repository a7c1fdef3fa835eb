"""Hot-spot cells: weighted points grouped on the global grid, checked against geometry."""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point

from camera_registry.coverage.cells import group_cells

GEOD = Geod(ellps="WGS84")


def _geodesic_m2(polygon) -> float:
    area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(polygon, exterior_cw=False))
    return abs(area)


def test_hot_spot_cells_are_squares_of_the_size_asked_holding_their_points():
    rng = np.random.default_rng(11)
    lons, lats = 107.6 + rng.random(500) * 0.2, 12.0 + rng.random(500) * 0.2
    weights = rng.integers(1, 6, 500).astype(float)
    cells = group_cells(lons.tolist(), lats.tolist(), weights.tolist(), 1000.0)
    assert sorted(m for c in cells for m in c.members) == list(range(500))
    assert math.isclose(sum(c.weight for c in cells), weights.sum())
    assert [c.weight for c in cells] == sorted((c.weight for c in cells), reverse=True)
    assert len({c.cell_id for c in cells}) == len(cells)
    polygons = [c.polygon for c in cells]
    assert not any(  # cells tile the plane: no two overlap
        a.intersection(b).area > 1e-12 for i, a in enumerate(polygons) for b in polygons[i + 1 :]
    )
    for cell in cells[:40]:
        assert abs(_geodesic_m2(cell.polygon) / 1e6 - 1.0) < 0.02  # about 1 km² on the ground
        grown = cell.polygon.buffer(1e-9)
        assert all(grown.contains(Point(lons[m], lats[m])) for m in cell.members)
        assert cell.count == len(cell.members)
        assert math.isclose(cell.weight, weights[list(cell.members)].sum())

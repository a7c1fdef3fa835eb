"""Aggregate-only roles see one grid: hot spots, coarse sites and the incidents listing agree.

Every cell a planner gets from coverage must be a cell of the incidents grid at
``planner_grid_m`` (recomputed here from the grid's definition): intersecting a
hot-spot cell with a listing cell must never narrow an incident down.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import shapely
from geoalchemy2.shape import to_shape
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from camera_registry.coverage.planning import SNAP_M, _incident_points
from tests.coverage.conftest import METRES_PER_DEGREE, World, is_cell, planner_cell
from tests.coverage.test_planning import DAY, PERIOD, uncovered_incidents

GRID_M = 500.0  # the default CAMREG_PLANNER_GRID_M
#: The projection of the 20 m grid candidate positions are merged on, spelled out.
LAEA = Transformer.from_crs(
    "EPSG:4326", "+proj=laea +lat_0=16 +lon_0=106 +ellps=WGS84 +units=m", always_xy=True
)


def hot_spots(client, code: str) -> dict[str, dict]:
    """A unit's hot-spot Features by id."""
    response = client.get(f"/coverage/hotspots/{code}", params={**PERIOD, "limit": 1000})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cell_m"] == GRID_M and body["numberReturned"] == body["numberMatched"]
    return {f["id"]: f for f in body["features"]}


def listing(client, district: str) -> dict[str, dict]:
    """``GET /incidents?district=…`` cells by id (a planner's answer)."""
    params = {"district": district, "from": PERIOD["from"], "to": PERIOD["to"]}
    response = client.get("/incidents", params=params)
    assert response.status_code == 200, response.text
    features = response.json()["features"]
    assert {f["properties"]["kind"] for f in features} == {"cell"}
    return {f["id"]: f for f in features}


def test_planner_hot_spots_are_cells_of_the_incidents_grid(as_role, world: World):
    for code in ("390", "15127", "67"):
        spots = hot_spots(as_role("planner"), code)
        missed = uncovered_incidents(world, code, at_the_moment=True)
        assert spots and sum(f["properties"]["incidents_uncovered"] for f in spots.values()) == (
            len(missed)
        )
        expected: dict[str, int] = {}
        for _kind, point in missed.values():
            cell, bounds = planner_cell(point.x, point.y, GRID_M)
            expected[cell] = expected.get(cell, 0) + 1
            assert is_cell(spots[cell]["geometry"], bounds), (code, cell)
        assert {c: f["properties"]["incidents_uncovered"] for c, f in spots.items()} == expected


def test_hot_spots_and_the_incidents_listing_show_a_planner_the_same_cells(as_role, world: World):
    spots = hot_spots(as_role("planner"), "390")
    listed = listing(as_role("planner"), "390")
    assert set(spots) <= set(listed)
    for _kind, point in uncovered_incidents(world, "390", at_the_moment=True).values():
        cell, _ = planner_cell(point.x, point.y, GRID_M)
        spot, shown = spots[cell], listed[cell]
        assert shape(spot["geometry"]).contains(Point(shown["geometry"]["coordinates"]))
        assert shape(spot["geometry"]).contains(point)
        assert spot["properties"]["incidents_uncovered"] <= shown["properties"]["count"]


def snap_centre(lon: float, lat: float) -> tuple[float, float]:
    """The centre of the ``SNAP_M`` merging cell holding a point."""
    x, y = LAEA.transform(lon, lat)
    cx, cy = ((math.floor(v / SNAP_M) + 0.5) * SNAP_M for v in (x, y))
    lon_c, lat_c = LAEA.transform(cx, cy, direction="INVERSE")
    return float(lon_c), float(lat_c)


def straddling(area: BaseGeometry) -> Iterator[tuple[float, float]]:
    """Points of ``area`` whose merging cell's centre lies in another planner cell."""
    dlat = GRID_M / METRES_PER_DEGREE
    west, south, east, north = area.bounds
    for row in range(math.ceil(south / dlat), math.floor(north / dlat) + 1):
        for lon in np.linspace(west, east, 400).tolist():
            for metres in (1, -1, 3, -3, 5, -5, 7, -7, 9, -9):
                lat = row * dlat + metres / METRES_PER_DEGREE
                here = planner_cell(lon, lat, GRID_M)[0]
                if here != planner_cell(*snap_centre(lon, lat), GRID_M)[0] and area.contains(
                    Point(lon, lat)
                ):
                    yield lon, lat


def test_merged_incident_positions_stay_in_their_incidents_cell():
    p = next(straddling(shapely.box(105.40, 20.24, 105.42, 20.26)))
    c = snap_centre(*p)  # same merging cell as p, another planner cell
    found = _incident_points(np.array([p[0], c[0]]), np.array([p[1], c[1]]), GRID_M)
    cells = {planner_cell(x, y, GRID_M)[0] for x, y, _ in found}
    assert cells == {planner_cell(*p, GRID_M)[0], planner_cell(*c, GRID_M)[0]}
    assert all(min(math.dist((x, y), p), math.dist((x, y), c)) < 3e-4 for x, y, _ in found)


def test_a_site_drawn_from_incidents_is_shown_in_their_listing_cell(as_role, world: World):
    """Twelve robberies where the 20 m merging grid would carry their site into the next cell."""
    unit = to_shape(world.unit("15127", DAY).geom).buffer(-0.002)
    views = shapely.union_all(list(world.views.values())).buffer(0.001)
    others = shapely.union_all([p for _, _, p in world.incidents.values()]).buffer(0.002)
    lon, lat = next(straddling(unit.difference(views).difference(others)))
    admin = as_role("admin")
    for n in range(12):
        created = admin.post(
            "/incidents",
            json={
                "case_code": f"VV-GRID-{n:03d}",
                "type": "robbery",
                "occurred_at": "2025-06-01T10:00:00+07:00",
                "lon": lon,
                "lat": lat,
            },
        )
        assert created.status_code == 201, created.text
    cell, bounds = planner_cell(lon, lat, GRID_M)
    params = {**PERIOD, "k": 1}
    exact = admin.get("/coverage/recommend/15127", params=params).json()["features"][0]
    assert exact["properties"]["source"] == "incident"
    assert exact["properties"]["incidents_newly_covered"] == 12
    site = exact["geometry"]["coordinates"]
    assert planner_cell(*site, GRID_M)[0] == cell and math.dist(site, (lon, lat)) < 3e-4

    planner = as_role("planner")
    coarse = planner.get("/coverage/recommend/15127", params=params).json()["features"][0]
    assert coarse["properties"]["cell"] == cell and is_cell(coarse["geometry"], bounds)
    shown = listing(planner, "390")[cell]
    assert shown["properties"]["count"] >= 12
    assert shape(coarse["geometry"]).contains(Point(shown["geometry"]["coordinates"]))
    spot = hot_spots(planner, "15127")[cell]
    assert spot["properties"]["incidents_uncovered"] >= 12 and is_cell(spot["geometry"], bounds)

"""Gaps, hot spots and recommendations on the demo, against shapely over every row."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely
from geoalchemy2.shape import to_shape
from pyproj import Transformer
from shapely.geometry import Point, shape

from geo import view_sector
from tests.coverage.conftest import World, end_of_local_day, geod_km2, local_midnight

DAY = date(2025, 6, 30)
PERIOD = {"on": DAY.isoformat(), "from": "2022-01-01", "to": DAY.isoformat()}
SEVERITY = {
    "robbery": 5,
    "assault": 4,
    "drug_offence": 4,
    "property_theft": 3,
    "traffic_accident": 3,
    "fire": 3,
    "public_disorder": 2,
    "neighbourhood_dispute": 1,
    "traffic_violation": 1,
    "fraud": 1,
    "other": 1,
}


def uncovered_incidents(world: World, code: str, *, at_the_moment: bool) -> dict[int, tuple]:
    """Incidents of the period in the unit that no camera saw (then, or on DAY)."""
    geometry = to_shape(world.unit(code, DAY).geom)
    union = world.union(end_of_local_day(DAY))
    lo, hi = local_midnight(date(2022, 1, 1)), end_of_local_day(DAY)
    found = {}
    for iid, (kind, when, p) in world.incidents.items():
        if not (lo <= when <= hi and geometry.intersects(p)):
            continue
        seen = world.seen(iid) if at_the_moment else union.intersects(p)
        if not seen:
            found[iid] = (kind, p)
    return found


def test_gap_is_the_unit_minus_the_active_views(as_role, world: World):
    body = (
        as_role("planner")
        .get("/coverage/gaps/390", params={"on": "2025-06-30", "tolerance_m": 0})
        .json()
    )
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 1
    feature = body["features"][0]
    unit = world.unit("390", DAY)
    expected = to_shape(unit.geom).difference(world.union(end_of_local_day(DAY)))
    got = shape(feature["geometry"])
    assert got.geom_type == "MultiPolygon" and got.is_valid
    assert feature["properties"]["gap_km2"] == pytest.approx(geod_km2(expected), rel=1e-3)
    assert geod_km2(got) == pytest.approx(geod_km2(expected), rel=1e-3)
    assert shapely.symmetric_difference(got, expected).area < 1e-4 * expected.area
    props = feature["properties"]
    assert props["gap_km2"] + props["covered_km2"] == pytest.approx(props["unit_km2"], rel=1e-4)
    for polygon in got.geoms:  # RFC 7946: exterior counter-clockwise, holes clockwise
        assert polygon.exterior.is_ccw and all(not ring.is_ccw for ring in polygon.interiors)


def test_simplified_gap_has_fewer_vertices_and_stays_close(as_role, world: World):
    client = as_role("planner")
    exact = client.get("/coverage/gaps/390", params={"on": "2025-06-30", "tolerance_m": 0}).json()
    simple = client.get("/coverage/gaps/390", params={"on": "2025-06-30", "tolerance_m": 20})
    assert simple.headers["content-type"].startswith("application/geo+json")
    a = shape(exact["features"][0]["geometry"])
    b = shape(simple.json()["features"][0]["geometry"])
    assert len(shapely.get_coordinates(b)) < len(shapely.get_coordinates(a)) / 2
    assert geod_km2(b) == pytest.approx(geod_km2(a), rel=0.01)
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    xy = shapely.get_coordinates(a.boundary)
    x, y = to_m.transform(xy[:, 0], xy[:, 1])
    outline = shapely.transform(
        b.boundary, lambda c: np.column_stack(to_m.transform(c[:, 0], c[:, 1]))
    )
    far = shapely.distance(shapely.points(np.column_stack([x, y])), outline)
    assert np.median(far) <= 20.0 and np.percentile(far, 95) <= 40.0


def test_hotspots_rank_the_uncovered_incidents(as_role, world: World):
    params = {**PERIOD, "cell_m": 1000, "limit": 1000}  # any size for a detail role
    body = as_role("admin").get("/coverage/hotspots/390", params=params).json()
    missed = uncovered_incidents(world, "390", at_the_moment=True)
    assert body["incidents_uncovered"] == len(missed) > 0
    assert body["numberReturned"] == body["numberMatched"] == len(body["features"])
    assert sum(f["properties"]["incidents_uncovered"] for f in body["features"]) == len(missed)
    weight = sum(SEVERITY[kind] for kind, _ in missed.values())
    assert sum(f["properties"]["weight"] for f in body["features"]) == pytest.approx(weight)
    weights = [f["properties"]["weight"] for f in body["features"]]
    assert weights == sorted(weights, reverse=True)
    cells = [shape(f["geometry"]).buffer(1e-7) for f in body["features"]]
    for _kind, point in missed.values():  # every uncovered incident lies in exactly one cell
        assert sum(cell.contains(point) for cell in cells) == 1
    top = body["features"][0]["properties"]
    assert sum(t["count"] for t in top["by_type"]) == top["incidents_uncovered"]
    assert geod_km2(cells[0]) == pytest.approx(1.0, rel=0.01)


def test_hotspot_limit_and_default_grid(as_role):
    body = as_role("planner").get("/coverage/hotspots/390", params={**PERIOD, "limit": 3}).json()
    assert len(body["features"]) == 3 and body["cell_m"] == 500
    assert [f["properties"]["rank"] for f in body["features"]] == [1, 2, 3]


def test_recommendations_cover_what_they_claim(as_role, world: World):
    # exact sites (planners get the same picks, incident-derived ones as cells: test_access)
    body = as_role("admin").get("/coverage/recommend/390", params={**PERIOD, "k": 6}).json()
    picks = body["features"]
    assert len(picks) == 6 and body["k"] == 6
    assert "1 − 1/e" in body["guarantee"]
    open_ = uncovered_incidents(world, "390", at_the_moment=False)
    assert body["uncovered_incidents"] == len(open_)
    assert body["uncovered_weight"] == pytest.approx(sum(SEVERITY[k] for k, _ in open_.values()))
    unit = to_shape(world.unit("390", DAY).geom)
    remaining = dict(open_)
    running = 0.0
    for feature in picks:
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        assert unit.intersects(Point(lon, lat))
        sector = view_sector(lon, lat, p["direction_deg"], p["fov_deg"], p["range_m"])
        newly = {i for i, (_, point) in remaining.items() if sector.intersects(point)}
        gain = sum(SEVERITY[remaining[i][0]] for i in newly)
        assert p["incidents_newly_covered"] == len(newly)
        assert p["marginal_gain"] == pytest.approx(gain, abs=1e-3)
        running += gain
        assert p["running_total"] == pytest.approx(running, abs=1e-3)
        for i in newly:
            del remaining[i]
    gains = [f["properties"]["marginal_gain"] for f in picks]
    assert gains == sorted(gains, reverse=True) and gains[0] > 0


def test_recommendations_use_the_configured_optics(as_role):
    params = {**PERIOD, "k": 2, "fov_deg": 360, "range_m": 100, "directions": 4}
    body = as_role("admin").get("/coverage/recommend/15127", params=params).json()
    assert body["camera"] == {"fov_deg": 360, "range_m": 100, "directions": 4}
    assert all(f["properties"]["fov_deg"] == 360 for f in body["features"])
    assert body["candidate_sites"] == sum(body["candidate_points"].values())  # one direction

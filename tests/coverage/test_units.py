"""GET /coverage/units/{code} and …/children against shapely over every row."""

from __future__ import annotations

from datetime import date

import pytest
from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from camera_registry.demo.records import DemoDataset
from tests.coverage.conftest import World, end_of_local_day, geod_km2, local_midnight

LEGACY_DAY = date(2025, 6, 30)


def expected_figures(world: World, unit, on: date, start: date, end: date) -> dict:
    """Counts, covered area and incidents of a unit, computed from all rows."""
    at = end_of_local_day(on)
    geometry = to_shape(unit.geom)
    inside = [c for c, p in world.points.items() if geometry.intersects(p)]
    statuses = [world.status(c, at) for c in inside]
    lo, hi = local_midnight(start), end_of_local_day(end)
    incidents = [
        i
        for i, (_, when, p) in world.incidents.items()
        if lo <= when <= hi and geometry.intersects(p)
    ]
    return {
        "area_km2": geod_km2(geometry),
        "total": sum(1 for s in statuses if s not in (None, "decommissioned")),
        "active": sum(1 for s in statuses if s == "active"),
        "covered_km2": geod_km2(world.covered(unit, at)),
        "incidents": len(incidents),
        "in_view": sum(1 for i in incidents if world.seen(i)),
    }


def assert_figures(body: dict, expected: dict) -> None:
    assert body["area_km2"] == pytest.approx(expected["area_km2"], rel=1e-3)
    assert body["cameras"]["total"] == expected["total"]
    assert body["cameras"]["active"] == expected["active"]
    assert body["coverage"]["covered_km2"] == pytest.approx(expected["covered_km2"], rel=1e-3)
    assert body["incidents"]["total"] == expected["incidents"]
    assert body["incidents"]["in_working_view"] == expected["in_view"]


def test_cam_thuy_has_17_of_17_communes_with_cameras(as_role, world: World):
    params = {"on": "2025-06-30", "from": "2022-01-01"}
    body = as_role("viewer").get("/coverage/units/390", params=params).json()
    assert body["unit"]["name"] == "Huyện Cẩm Thủy" and body["unit"]["in_force_on_date"]
    assert body["children"]["ratio"] == "17/17" and body["communes"]["ratio"] == "17/17"
    assert body["communes"]["without_camera"] == []
    unit = world.unit("390", LEGACY_DAY)
    assert_figures(body, expected_figures(world, unit, LEGACY_DAY, date(2022, 1, 1), LEGACY_DAY))
    assert body["cameras"]["registered"] == 515
    assert body["coverage"]["covered_share"] == pytest.approx(
        body["coverage"]["covered_km2"] / body["area_km2"], rel=1e-4
    )


def test_dak_nong_has_56_of_71_and_names_the_other_15(
    as_role, world: World, demo_data: DemoDataset
):
    body = as_role("planner").get("/coverage/units/67").json()
    assert body["unit"]["in_force_on_date"] is False  # default date: today, after 01/07/2025
    assert "30/06/2025" in body["unit"]["note"] and "latest version" in body["unit"]["note"]
    assert body["communes"]["ratio"] == "56/71"
    without = {u["code"] for u in body["communes"]["without_camera"]}
    assert len(without) == 15
    province = world.unit("67")
    at = end_of_local_day(date.fromisoformat(body["unit"]["on"]))
    active = [world.points[c] for c in world.active(at)]
    shapes = {u.code: to_shape(u.geom) for u in world.communes_under(province)}
    expected = {code for code, g in shapes.items() if not any(g.intersects(p) for p in active)}
    assert without == expected
    with_demo_camera = {c.commune_code for c in demo_data.cameras}
    assert without.isdisjoint(with_demo_camera)
    assert body["children"]["ratio"] == "8/8"  # the province's children are its districts


def test_figures_of_a_post_2025_province(as_role, world: World):
    today = date(2026, 11, 22)
    params = {"on": today.isoformat(), "from": "2025-07-01", "to": "2026-10-31"}
    body = as_role("viewer").get("/coverage/units/68", params=params).json()
    assert body["unit"]["in_force_on_date"] is True and body["unit"]["note"] is None
    unit = world.unit("68", today)
    assert_figures(body, expected_figures(world, unit, today, date(2025, 7, 1), date(2026, 10, 31)))
    communes = world.children(unit)
    assert body["communes"]["total"] == len(communes) == body["children"]["total"]


def test_children_figures_equal_shapely_per_commune(as_role, world: World):
    params = {"on": "2024-12-31", "from": "2024-01-01", "to": "2024-12-31"}
    body = as_role("viewer").get("/coverage/units/390/children", params=params).json()
    rows = {r["code"]: r for r in body["children"]}
    district = world.unit("390", date(2024, 12, 31))
    communes = world.children(district)
    assert list(rows) == [u.code for u in communes] and len(rows) == 17
    for unit in communes:
        expected = expected_figures(
            world, unit, date(2024, 12, 31), date(2024, 1, 1), date(2024, 12, 31)
        )
        assert_figures(rows[unit.code], expected)
    total = sum(r["cameras"]["active"] for r in rows.values())
    whole = as_role("viewer").get("/coverage/units/390", params=params).json()
    assert total == whole["cameras"]["active"]


def test_population_gives_per_1000_residents(as_role, session: Session, world: World):
    unit = world.unit("15127", date(2024, 1, 1))
    unit.population = 12_500
    session.flush()
    body = as_role("viewer").get("/coverage/units/15127", params={"on": "2024-01-01"}).json()
    active = body["cameras"]["active"]
    assert active > 0
    assert body["population"] == 12_500
    assert body["cameras"]["active_per_1000_residents"] == pytest.approx(active / 12.5, rel=1e-5)
    assert body["cameras"]["active_per_km2"] == pytest.approx(active / body["area_km2"], rel=1e-5)
    other = as_role("viewer").get("/coverage/units/390", params={"on": "2024-01-01"}).json()
    assert other["cameras"]["per_1000_residents"] is None  # unknown population


def test_a_commune_has_no_children(as_role):
    body = as_role("viewer").get("/coverage/units/15127", params={"on": "2024-01-01"}).json()
    assert body["children"] == {
        "with_active_camera": 0,
        "total": 0,
        "ratio": "0/0",
        "with_boundary": 0,
        "without_camera": [],
    }
    assert body["communes"] is None
    rows = as_role("viewer").get("/coverage/units/15127/children").json()
    assert rows["children"] == [] and rows["numberReturned"] == 0

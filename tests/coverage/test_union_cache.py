"""The union cache answers only byte-identical questions, and new cameras show at once."""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from geoalchemy2.shape import to_shape

from camera_registry.coverage import unions
from geo import view_sector
from tests.coverage.conftest import end_of_local_day, geod_km2, load_world
from tests.factories import camera_payload


def test_same_views_same_union_other_views_recomputed():
    views = [view_sector(106.0 + i * 1e-4, 11.0, 90, 90, 30).wkb for i in range(20)]
    unions.clear()
    first = unions.union_of(views)
    assert unions.union_of(list(views)) is first
    moved = views[:-1] + [view_sector(106.5, 11.0, 90, 90, 30).wkb]
    other = unions.union_of(moved)
    assert other is not first
    assert other.equals(shapely.union_all([shapely.from_wkb(v) for v in moved]))
    assert unions.union_of([]).is_empty


def test_a_new_camera_changes_the_figures_immediately(as_role, session):
    admin = as_role("admin")
    day = date(2024, 6, 1)
    params = {"on": day.isoformat()}
    before = admin.get("/coverage/units/15127", params=params).json()
    world = load_world(session)
    unit = world.unit("15127", day)
    inner = to_shape(unit.geom).buffer(-0.002).representative_point()
    payload = camera_payload(inner.x, inner.y, fov_deg=360, range_m=150, installed_on="2024-01-01")
    created = admin.post("/cameras", json=payload)
    assert created.status_code == 201, created.text
    after = admin.get("/coverage/units/15127", params=params).json()
    assert after["cameras"]["active"] == before["cameras"]["active"] + 1
    world = load_world(session)
    expected = geod_km2(world.covered(unit, end_of_local_day(day)))
    assert after["coverage"]["covered_km2"] == pytest.approx(expected, rel=1e-3)
    assert after["coverage"]["covered_km2"] > before["coverage"]["covered_km2"]

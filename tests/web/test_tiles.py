"""Vector tiles of cameras, views and communes, checked against shapely over all rows.

Both engines: PostGIS answers with ``ST_AsMVT``, SpatiaLite with the Python
encoder over rows found through its R*Tree; the same expectations hold for
both.  Expected features come from every row of the table projected with
pyproj, not from the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera
from tests.web.support import (
    BUFFER,
    TO_MERCATOR,
    features,
    mercator,
    near_edge,
    tile_box,
    tile_of,
    tile_units,
)

MVT = "application/vnd.mapbox-vector-tile"
CAMERA_KEYS = {
    "code",
    "status",
    "kind",
    "direction_deg",
    "fov_deg",
    "range_m",
    "connected_to_centre",
}


def all_cameras(session: Session) -> list[tuple[str, str, Point]]:
    rows = session.execute(select(Camera.code, Camera.status, func.ST_AsBinary(Camera.geom)))
    return [(code, status, shapely.from_wkb(bytes(wkb))) for code, status, wkb in rows]


def expected_points(cameras, z: int, x: int, y: int) -> tuple[set[str], set[str]]:
    """Codes inside the buffered tile, and codes too close to its edge to call."""
    outer = tile_box(z, x, y, BUFFER)
    inside, unsure = set(), set()
    for code, _, point in cameras:
        p = Point(TO_MERCATOR.transform(point.x, point.y))
        if near_edge(p, z, x, y):
            unsure.add(code)
        elif outer.contains(p):
            inside.add(code)
    return inside, unsure


def get_tile(client, layer: str, z: int, x: int, y: int, **params) -> bytes:
    response = client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MVT
    assert "private" in response.headers["cache-control"]
    return response.content


def check_camera_tile(client, cameras, z: int, x: int, y: int) -> int:
    found = features(get_tile(client, "cameras", z, x, y), "cameras")
    codes = [f["properties"]["code"] for f in found]
    assert len(codes) == len(set(codes))
    inside, unsure = expected_points(cameras, z, x, y)
    assert set(codes) - unsure == inside
    where = {code: point for code, _, point in cameras}
    status = {code: s for code, s, _ in cameras}
    for f in found:
        props = f["properties"]
        assert set(props) <= CAMERA_KEYS and {"code", "status"} <= set(props)
        assert props["status"] == status[props["code"]]
        p = where[props["code"]]
        ux, uy = tile_units(TO_MERCATOR.transform(p.x, p.y), z, x, y)
        gx, gy = f["geometry"]["coordinates"]
        assert abs(gx - ux) <= 1 and abs(gy - uy) <= 1
    return len(inside)


def test_camera_tiles_over_the_district_at_three_zooms(as_role, session, cam_thuy_commune):
    client = as_role("viewer")
    cameras = all_cameras(session)
    _, lon, lat = cam_thuy_commune
    seen = 0
    for z in (10, 13, 16):
        z, x, y = tile_of(lon, lat, z)
        for dx in (-1, 0, 1):
            seen += check_camera_tile(client, cameras, z, x + dx, y)
    assert seen > 100


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(min_value=0, max_value=10_000), z=st.integers(min_value=8, max_value=18))
def test_camera_tiles_anywhere_match_shapely(as_role, session, pick, z):
    client = as_role("planner")
    cameras = all_cameras(session)
    _, _, point = cameras[pick % len(cameras)]
    check_camera_tile(client, cameras, *tile_of(point.x, point.y, z))


def test_cameras_come_from_zoom_8_and_a_zoom_8_tile_carries_its_province(as_role, session):
    client = as_role("viewer")
    assert get_tile(client, "cameras", 0, 0, 0) == b""
    assert get_tile(client, "cameras", *tile_of(105.5, 20.2, 7)) == b""
    cameras = all_cameras(session)
    z, x, y = tile_of(105.5, 20.2, 8)  # Cẩm Thủy, Thanh Hóa
    found = features(get_tile(client, "cameras", z, x, y), "cameras")
    inside = {c for c, _, p in cameras if tile_box(z, x, y, 0).contains(mercator(p))}
    assert inside and inside <= {f["properties"]["code"] for f in found}


def view_rows(session: Session) -> dict[str, shapely.Geometry]:
    rows = session.execute(select(Camera.code, func.ST_AsBinary(Camera.view_geom)))
    return {code: mercator(shapely.from_wkb(bytes(wkb))) for code, wkb in rows}


def test_view_sectors_from_zoom_14_match_shapely(as_role, session, cam_thuy_commune):
    client = as_role("viewer")
    views = view_rows(session)
    _, lon, lat = cam_thuy_commune
    assert get_tile(client, "views", *tile_of(lon, lat, 13)) == b""
    total = 0
    for z in (14, 16):
        z, x, y = tile_of(lon, lat, z)
        found = features(get_tile(client, "views", z, x, y), "views")
        codes = {f["properties"]["code"] for f in found}
        surely = {c for c, g in views.items() if g.intersects(tile_box(z, x, y, BUFFER - 2))}
        maybe = {c for c, g in views.items() if g.intersects(tile_box(z, x, y, BUFFER + 2))}
        assert surely <= codes <= maybe
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in found)
        total += len(codes)
    assert total > 0


@pytest.mark.parametrize(("on", "valid_to"), [("2025-06-30", "2025-06-30"), ("2026-01-01", None)])
def test_commune_tiles_follow_the_date(as_role, session, cam_thuy_commune, on, valid_to):
    client = as_role("viewer")
    _, lon, lat = cam_thuy_commune
    z, x, y = tile_of(lon, lat, 10)
    day = date.fromisoformat(on)
    rows = session.execute(
        select(AdminUnit.code, func.ST_AsBinary(AdminUnit.geom)).where(
            AdminUnit.level == "commune",
            AdminUnit.valid_from <= day,
            (AdminUnit.valid_to.is_(None)) | (AdminUnit.valid_to >= day),
        )
    )
    units = {code: mercator(shapely.from_wkb(bytes(wkb))) for code, wkb in rows}
    found = features(get_tile(client, "communes", z, x, y, on=on), "communes")
    codes = {f["properties"]["code"] for f in found}
    assert codes
    assert {c for c, g in units.items() if g.intersects(tile_box(z, x, y, BUFFER - 2))} <= codes
    assert codes <= {c for c, g in units.items() if g.intersects(tile_box(z, x, y, BUFFER + 2))}
    assert {f["properties"].get("valid_to") for f in found} == {valid_to}
    assert all(f["properties"]["name"] for f in found)


def test_tiles_never_carry_holders(as_role, session, cam_thuy_commune, demo_data):
    holders = {c.owner_contact for c in demo_data.cameras if c.owner_contact}
    holders |= {c.owner_name for c in demo_data.cameras if c.owner_name}
    _, lon, lat = cam_thuy_commune
    client = as_role("admin")
    for layer, z in (("cameras", 10), ("cameras", 16), ("views", 16)):
        data = get_tile(client, layer, *tile_of(lon, lat, z))
        assert data
        assert not [h for h in holders if h.encode() in data]
        assert b"owner" not in data


def test_empty_tile_is_empty(as_role):
    assert get_tile(as_role("viewer"), "cameras", 12, 0, 0) == b""

"""The lookup returns exactly what a brute-force shapely/pyproj pass over all rows returns."""

from __future__ import annotations

import pytest
from geoalchemy2.shape import to_shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point, box
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.errors import InvalidInput
from camera_registry.lookup.service import cameras_for_area, cameras_for_point
from tests.lookup.conftest import EMPTY_CENTRE, CameraSpec, insert_camera

GEOD = Geod(ellps="WGS84")
SPAN = 0.008  # degrees (~900 m): dense enough for views and radii to overlap

coord = st.floats(-SPAN, SPAN, allow_nan=False)
specs = st.builds(
    lambda dx, dy, d, f, r: CameraSpec(EMPTY_CENTRE[0] + dx, EMPTY_CENTRE[1] + dy, d, f, r),
    coord,
    coord,
    st.floats(0, 359.99),
    st.one_of(st.floats(1, 359), st.just(360.0)),
    st.floats(1, 500),
)
DB_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _all_rows(session: Session) -> list[tuple[str, Point, object]]:
    rows = session.execute(select(Camera.code, Camera.geom, Camera.view_geom))
    return [(code, to_shape(g), to_shape(v)) for code, g, v in rows]


def _brute_force(session: Session, lon: float, lat: float, radius: float) -> tuple[set, set]:
    rows = _all_rows(session)
    point = Point(lon, lat)
    sees = {code for code, _, view in rows if view.intersects(point)}
    near = set()
    for code, position, _ in rows:
        _, _, distance = GEOD.inv(position.x, position.y, lon, lat)
        if distance <= radius and code not in sees:
            near.add(code)
    return sees, near


@DB_SETTINGS
@given(
    cameras=st.lists(specs, max_size=25),
    where=st.tuples(coord, coord),
    at_camera=st.booleans(),
    radius=st.sampled_from([0.0, 30.0, 150.0, 300.0, 900.0]),
)
def test_point_lookup_equals_brute_force(
    session: Session, cameras: list[CameraSpec], where, at_camera: bool, radius: float
):
    lon, lat = EMPTY_CENTRE[0] + where[0], EMPTY_CENTRE[1] + where[1]
    if at_camera and cameras:
        lon, lat = cameras[0].lon, cameras[0].lat  # the sector's apex: on its boundary
    with session.begin_nested() as savepoint:
        for spec in cameras:
            insert_camera(session, spec)
        hits = cameras_for_point(session, lon=lon, lat=lat, radius_m=radius)
        sees, near = _brute_force(session, lon, lat, radius)
        savepoint.rollback()
    assert {h.code for h in hits if h.sees} == sees
    assert {h.code for h in hits if not h.sees} == near
    keys = [(not h.sees, h.distance_m) for h in hits]
    assert keys == sorted(keys)


@DB_SETTINGS
@given(
    cameras=st.lists(specs, max_size=20),
    corner=st.tuples(coord, coord),
    size=st.tuples(st.floats(0.0002, 0.01), st.floats(0.0002, 0.01)),
)
def test_area_lookup_equals_brute_force(session: Session, cameras, corner, size):
    x0, y0 = EMPTY_CENTRE[0] + corner[0], EMPTY_CENTRE[1] + corner[1]
    area = box(x0, y0, x0 + size[0], y0 + size[1])
    with session.begin_nested() as savepoint:
        for spec in cameras:
            insert_camera(session, spec)
        hits = cameras_for_area(session, geometry=area)
        expected = {code for code, _, view in _all_rows(session) if view.intersects(area)}
        savepoint.rollback()
    assert {h.code for h in hits} == expected
    assert all(h.sees for h in hits)


def test_demo_points_equal_brute_force(session: Session, demo_data):
    """On the demo registry itself, at camera positions and view centres."""
    for cam in demo_data.cameras[::97]:
        for lon, lat in ((cam.lon, cam.lat), (cam.lon + 0.0004, cam.lat - 0.0003)):
            hits = cameras_for_point(session, lon=lon, lat=lat, radius_m=300)
            sees, near = _brute_force(session, lon, lat, 300)
            assert {h.code for h in hits if h.sees} == sees
            assert {h.code for h in hits if not h.sees} == near
            assert cam.code in {h.code for h in hits}


def test_distance_and_bearing_are_from_the_camera(session: Session):
    camera = CameraSpec(EMPTY_CENTRE[0], EMPTY_CENTRE[1], 0.0, 60.0, 200.0)
    with session.begin_nested() as savepoint:
        insert_camera(session, camera)
        north = cameras_for_point(session, lon=camera.lon, lat=camera.lat + 0.001, radius_m=10)
        east = cameras_for_point(session, lon=camera.lon + 0.001, lat=camera.lat, radius_m=300)
        savepoint.rollback()
    assert len(north) == 1 and north[0].sees
    assert north[0].bearing_deg == 0.0 and 110 < north[0].distance_m < 111
    assert len(east) == 1 and not east[0].sees and 89.9 < east[0].bearing_deg < 90.1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lon": 190.0, "lat": 16.0}, "lon"),
        ({"lon": 106.0, "lat": 89.0}, "lat"),
        ({"lon": 106.0, "lat": 16.0, "radius_m": -1.0}, "radius_m"),
        ({"lon": 106.0, "lat": float("nan")}, "lat"),
    ],
)
def test_out_of_domain_input_names_the_field(session: Session, kwargs, field):
    with pytest.raises(InvalidInput) as raised:
        cameras_for_point(session, **kwargs)
    assert raised.value.errors[0]["field"] == field


@DB_SETTINGS
@given(where=st.tuples(coord, coord))
def test_a_camera_comes_back_at_exactly_its_stored_position(session: Session, where):
    # Full double precision, on both engines: a lookup at the camera's own position,
    # radius 0, finds it at 0 m (a coordinate rounded on the way would miss it).
    lon, lat = EMPTY_CENTRE[0] + where[0], EMPTY_CENTRE[1] + where[1]
    with session.begin_nested() as savepoint:
        camera = insert_camera(session, CameraSpec(lon, lat, 90.0, 60.0, 50.0))
        stored = to_shape(session.scalar(select(Camera.geom).where(Camera.id == camera.id)))
        hits = cameras_for_point(session, lon=stored.x, lat=stored.y, radius_m=0.0)
        savepoint.rollback()
    assert [(h.code, h.lon, h.lat, h.distance_m) for h in hits] == [
        (camera.code, stored.x, stored.y, 0.0)
    ]

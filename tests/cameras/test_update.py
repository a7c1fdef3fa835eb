"""Updating a camera: If-Match, the same validation as create, recomputed commune and view."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import shapely
from geoalchemy2.shape import to_shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.demo.records import DemoDataset
from camera_registry.timeutil import LOCAL_TZ
from geo import view_sector
from tests.cameras.conftest import commune_by_shapely, etag_of, other_commune_point
from tests.factories import camera_payload
from tests.problems import problem_fields


def _stored(session: Session, code: str) -> Camera:
    session.expire_all()
    return session.scalars(select(Camera).where(Camera.code == code)).one()


def test_patch_needs_if_match(admin, register):
    code = register(admin)["id"]
    response = admin.patch(f"/cameras/{code}", json={"direction_deg": 10})
    assert response.status_code == 428
    assert problem_fields(response) == []
    star = admin.patch(f"/cameras/{code}", json={"direction_deg": 10}, headers={"If-Match": "*"})
    assert star.status_code == 428
    bad = admin.patch(f"/cameras/{code}", json={"direction_deg": 10}, headers={"If-Match": "x"})
    assert bad.status_code == 422 and problem_fields(bad) == ["If-Match"]


def test_patch_changes_fields_bumps_version_and_recomputes_the_view(
    admin, register, session: Session
):
    feature = register(admin)
    code = feature["id"]
    tag = etag_of(admin, code)
    assert tag == '"1"'
    response = admin.patch(
        f"/cameras/{code}",
        json={"direction_deg": 200, "fov_deg": 30, "range_m": 120, "programme": "Camera với ANTT"},
        headers={"If-Match": tag},
    )
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    props = response.json()["properties"]
    assert (props["direction_deg"], props["fov_deg"], props["range_m"]) == (200, 30, 120)
    assert props["programme"] == "Camera với ANTT" and props["version"] == 2
    stored = _stored(session, code)
    lon, lat = feature["geometry"]["coordinates"]
    expected = view_sector(to_shape(stored.geom).x, to_shape(stored.geom).y, 200, 30, 120)
    assert shapely.equals_exact(to_shape(stored.view_geom), expected, tolerance=1e-9)
    assert abs(to_shape(stored.geom).x - lon) < 1e-7


def test_stale_if_match_is_412_and_changes_nothing(admin, register, session: Session):
    code = register(admin)["id"]
    first = admin.patch(f"/cameras/{code}", json={"height_m": 5}, headers={"If-Match": '"1"'})
    assert first.status_code == 200
    stale = admin.patch(f"/cameras/{code}", json={"height_m": 9}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["etag"] == '"2"'
    problem_fields(stale)
    stored = _stored(session, code)
    assert stored.height_m == 5 and stored.version == 2


def test_moving_a_camera_rederives_its_commune(
    admin, register, session: Session, demo_data: DemoDataset, cam_thuy_commune
):
    own, _, _ = cam_thuy_commune
    code = register(admin, installed_on="2023-03-01")["id"]
    other, lon, lat = other_commune_point(demo_data, own)
    response = admin.patch(
        f"/cameras/{code}", json={"lon": lon, "lat": lat}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.text
    expected = commune_by_shapely(demo_data, lon, lat, date(2023, 3, 1))
    assert expected == other
    assert response.json()["properties"]["commune_code"] == expected
    stored = _stored(session, code)
    assert shapely.equals_exact(
        to_shape(stored.view_geom), view_sector(lon, lat, 90, 80, 60), tolerance=1e-9
    )


@pytest.mark.parametrize(
    ("patch", "fields"),
    [
        ({"direction_deg": 360}, ["direction_deg"]),
        ({"fov_deg": 0.5}, ["fov_deg"]),
        ({"range_m": 501}, ["range_m"]),
        ({"height_m": -1}, ["height_m"]),
        ({"installed_on": "2999-01-01"}, ["installed_on"]),
        ({"last_verified_on": "2999-01-01"}, ["last_verified_on"]),
        ({"lon": 181}, ["lon"]),
        ({"lon": 106.5, "lat": 10.0}, ["lon", "lat"]),
        ({"commune_code": "15133"}, ["commune_code"]),
        ({"direction_deg": None}, ["direction_deg"]),
        ({"ownership": None}, ["ownership"]),
        ({"status": "faulty"}, ["status"]),
        ({"decommissioned_on": "2024-01-01"}, ["decommissioned_on"]),
        ({"site_code": "NO-SUCH-SITE"}, ["site_code"]),
        ({"surprise": 1}, ["surprise"]),
    ],
)
def test_bad_patch_is_a_422_naming_the_field_and_writes_nothing(
    admin, register, session: Session, cam_thuy_commune, patch, fields
):
    own, _, _ = cam_thuy_commune
    if patch.get("commune_code") == own:
        patch = {"commune_code": "15127"}
    code = register(admin)["id"]
    response = admin.patch(f"/cameras/{code}", json=patch, headers={"If-Match": '"1"'})
    assert response.status_code == 422, response.text
    assert problem_fields(response) == fields
    stored = _stored(session, code)
    assert stored.version == 1 and stored.direction_deg == 90


def test_status_in_a_patch_points_to_the_status_endpoint(admin, register):
    code = register(admin)["id"]
    response = admin.patch(f"/cameras/{code}", json={"status": "faulty"}, headers={"If-Match": "1"})
    assert "/status" in response.json()["errors"][0]["reason"]


def test_renaming_to_an_existing_code_is_409(admin, register, session: Session):
    first = register(admin)["id"]
    second = register(admin)["id"]
    response = admin.patch(f"/cameras/{second}", json={"code": first}, headers={"If-Match": "1"})
    assert response.status_code == 409
    problem_fields(response)
    renamed = admin.patch(
        f"/cameras/{second}", json={"code": "NEW-NAME-1"}, headers={"If-Match": "1"}
    )
    assert renamed.status_code == 200
    assert admin.get("/cameras/NEW-NAME-1").status_code == 200
    assert admin.get(f"/cameras/{second}").status_code == 404


def test_admin_may_place_a_camera_outside_every_commune(admin, register, session: Session):
    code = register(admin)["id"]
    outside = {"lon": 106.5, "lat": 10.0, "allow_outside_commune": True}
    response = admin.patch(f"/cameras/{code}", json=outside, headers={"If-Match": "1"})
    assert response.status_code == 200, response.text
    props = response.json()["properties"]
    assert props["commune_code"] is None and props["outside_commune"] is True
    stored = _stored(session, code)
    assert stored.commune_id is None and stored.outside_commune is True


def test_admin_may_register_outside_every_commune(admin, register):
    feature = register(admin, lon=106.5, lat=10.0, allow_outside_commune=True)
    assert feature["properties"]["outside_commune"] is True
    assert feature["properties"]["commune_code"] is None


def test_commune_officer_may_not_override_the_commune_check(login, cam_thuy_commune, register):
    own, _, _ = cam_thuy_commune
    officer = login("commune_officer", (own,))
    payload_override = {"lon": 106.5, "lat": 10.0, "allow_outside_commune": True}
    response = officer.post("/cameras", json=camera_payload(**payload_override))
    assert response.status_code == 403
    code = register(officer)["id"]
    patched = officer.patch(f"/cameras/{code}", json=payload_override, headers={"If-Match": "1"})
    assert patched.status_code == 403


def test_commune_officer_edits_only_in_their_communes(
    login, register, demo_data: DemoDataset, cam_thuy_commune
):
    own, _, _ = cam_thuy_commune
    code = register(login("admin"))["id"]
    stranger = login("commune_officer", ("99999",))
    assert (
        stranger.patch(
            f"/cameras/{code}", json={"height_m": 3}, headers={"If-Match": "1"}
        ).status_code
        == 403
    )
    officer = login("commune_officer", (own,))
    assert (
        officer.patch(
            f"/cameras/{code}", json={"height_m": 3}, headers={"If-Match": "1"}
        ).status_code
        == 200
    )
    other, lon, lat = other_commune_point(demo_data, own)
    away = officer.patch(
        f"/cameras/{code}", json={"lon": lon, "lat": lat}, headers={"If-Match": "2"}
    )
    assert away.status_code == 403


@pytest.mark.parametrize("role", ["planner", "viewer", "investigator"])
def test_read_only_roles_cannot_patch(login, register, role):
    code = register(login("admin"))["id"]
    response = login(role).patch(
        f"/cameras/{code}", json={"height_m": 3}, headers={"If-Match": "1"}
    )
    assert response.status_code == 403


def test_update_is_audited_without_holder_values(admin, register, session: Session):
    code = register(admin)["id"]
    body = {"owner_contact": "0911 222 333", "direction_deg": 45}
    assert admin.patch(f"/cameras/{code}", json=body, headers={"If-Match": "1"}).status_code == 200
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "camera.update", AuditEvent.object_id == code)
    ).all()
    assert len(rows) == 1
    assert "0911 222 333" not in (rows[0].detail or "")
    assert "owner_contact" in rows[0].detail and "direction_deg" in rows[0].detail


def test_empty_patch_changes_nothing(admin, register, session: Session):
    code = register(admin)["id"]
    response = admin.patch(f"/cameras/{code}", json={}, headers={"If-Match": "1"})
    assert response.status_code == 200 and response.headers["etag"] == '"1"'


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    direction=st.floats(0, 359.99),
    fov=st.floats(1, 360),
    range_m=st.floats(1, 500),
)
def test_every_patch_of_the_view_numbers_stores_the_geo_sector(
    admin, register, session: Session, direction, fov, range_m
):
    code = register(admin)["id"]
    tag = etag_of(admin, code)
    body = {"direction_deg": direction, "fov_deg": fov, "range_m": range_m}
    response = admin.patch(f"/cameras/{code}", json=body, headers={"If-Match": tag})
    assert response.status_code == 200, response.text
    stored = _stored(session, code)
    point = to_shape(stored.geom)
    expected = view_sector(point.x, point.y, direction, fov, range_m)
    assert shapely.equals_exact(to_shape(stored.view_geom), expected, tolerance=1e-9)


def _registration(session: Session, code: str) -> datetime:
    cam = _stored(session, code)
    return session.scalars(
        select(CameraStatusEvent.effective_at)
        .where(CameraStatusEvent.camera_id == cam.id)
        .order_by(CameraStatusEvent.effective_at)
    ).first()


def test_installed_on_moves_the_registration_and_respects_the_history(
    admin, register, session: Session
):
    code = register(admin, installed_on="2023-03-01")["id"]
    moved = admin.patch(
        f"/cameras/{code}", json={"installed_on": "2022-12-01"}, headers={"If-Match": "1"}
    )
    assert moved.status_code == 200
    assert _registration(session, code) == datetime(2022, 12, 1, tzinfo=LOCAL_TZ)
    change = {"status": "faulty", "effective_at": "2023-01-15T08:00:00+07:00"}
    assert admin.post(f"/cameras/{code}/status", json=change).status_code == 201
    late = admin.patch(
        f"/cameras/{code}", json={"installed_on": "2023-02-01"}, headers={"If-Match": "3"}
    )
    assert late.status_code == 422 and problem_fields(late) == ["installed_on"]


def test_a_refused_patch_leaves_no_trace_for_the_next_one(admin, register, session: Session):
    code = register(admin, installed_on="2023-03-01")["id"]
    bad = {"installed_on": "2023-01-01", "commune_code": "99999"}
    refused = admin.patch(f"/cameras/{code}", json=bad, headers={"If-Match": "1"})
    assert refused.status_code == 422
    assert (
        admin.patch(f"/cameras/{code}", json={"height_m": 6}, headers={"If-Match": "1"}).status_code
        == 200
    )
    cam = _stored(session, code)
    assert cam.installed_on == date(2023, 3, 1) and cam.height_m == 6
    assert _registration(session, code) == datetime(2023, 3, 1, tzinfo=LOCAL_TZ)

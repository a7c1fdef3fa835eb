"""Registering a camera: derived commune and view, and clear errors for bad input."""

import pytest
import shapely
from fastapi.testclient import TestClient
from geoalchemy2.shape import to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraStatusEvent
from geo import view_sector
from tests.factories import camera_payload


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Camera)) or 0


def test_create_derives_commune_and_view(as_role, session: Session, cam_thuy_commune):
    commune, lon, lat = cam_thuy_commune
    payload = camera_payload(lon, lat, direction_deg=350, fov_deg=40, range_m=80)
    response = as_role("admin").post("/cameras", json=payload)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/cameras/{payload['code']}"
    props = response.json()["properties"]
    assert props["commune_code"] == commune
    assert props["version"] == 1
    stored = session.scalars(select(Camera).where(Camera.code == payload["code"])).one()
    expected = view_sector(lon, lat, 350, 40, 80)
    assert shapely.equals_exact(to_shape(stored.view_geom), expected, tolerance=1e-9)
    history = session.scalars(
        select(CameraStatusEvent.status).where(CameraStatusEvent.camera_id == stored.id)
    ).all()
    assert history == ["active"]
    audited = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "camera.create", AuditEvent.object_id == payload["code"]
        )
    ).all()
    assert len(audited) == 1


def test_commune_officer_may_create_only_in_their_commune(as_role, cam_thuy_commune):
    commune, lon, lat = cam_thuy_commune
    ok = as_role("commune_officer", (commune,)).post("/cameras", json=camera_payload(lon, lat))
    assert ok.status_code == 201
    other = as_role("commune_officer", ("99999",)).post("/cameras", json=camera_payload(lon, lat))
    assert other.status_code == 403


@pytest.mark.parametrize("role", ["planner", "viewer", "investigator"])
def test_read_only_roles_cannot_create(as_role, role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    response = as_role(role).post("/cameras", json=camera_payload(lon, lat))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_duplicate_code_is_409(as_role, session: Session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    client = as_role("admin")
    payload = camera_payload(lon, lat)
    assert client.post("/cameras", json=payload).status_code == 201
    before = _count(session)
    again = client.post("/cameras", json=payload)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert _count(session) == before


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"direction_deg": 400}, ["direction_deg"]),
        ({"direction_deg": 360}, ["direction_deg"]),
        ({"fov_deg": 0}, ["fov_deg"]),
        ({"range_m": -5}, ["range_m"]),
        ({"lat": "north-ish"}, ["lat"]),
        ({"lon": "105°28'"}, ["lon"]),
        ({"height_m": 101}, ["height_m"]),
        ({"installed_on": "2999-01-01"}, ["installed_on"]),
        ({"kind": "laser"}, ["kind"]),
        ({"lon": 106.5, "lat": 10.0}, ["lon", "lat"]),  # outside every commune
        ({"commune_code": "15133"}, ["commune_code"]),  # disagrees with the point
        ({"surprise": 1}, ["surprise"]),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(
    as_role, session: Session, cam_thuy_commune, overrides, fields
):
    commune, lon, lat = cam_thuy_commune
    if overrides.get("commune_code") == commune:
        overrides["commune_code"] = "15127"
    payload = {**camera_payload(lon, lat), **overrides}
    before = _count(session)
    response = as_role("admin").post("/cameras", json=payload)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert [e["field"] for e in body["errors"]] == fields
    assert all(e["reason"] for e in body["errors"])
    assert body["status"] == 422 and body["type"].endswith("/invalid-input")
    assert _count(session) == before


def test_non_json_body_is_a_problem(as_role):
    response = as_role("admin").post(
        "/cameras", content=b"not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_unauthenticated_create_is_401(client: TestClient, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    assert client.post("/cameras", json=camera_payload(lon, lat)).status_code == 401


def test_create_records_provenance_and_verification(as_role, session: Session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    payload = camera_payload(lon, lat, last_verified_on="2024-05-02")
    response = as_role("admin").post("/cameras", json=payload)
    assert response.status_code == 201
    props = response.json()["properties"]
    assert props["source"].startswith("api:test-admin-")
    assert props["last_verified_on"] == "2024-05-02" and props["imported_at"] is None
    stored = session.scalars(select(Camera).where(Camera.code == payload["code"])).one()
    assert stored.source == props["source"] and stored.external_id is None


def test_position_is_required_without_a_site(as_role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    payload = camera_payload(lon, lat)
    del payload["lon"], payload["lat"]
    response = as_role("admin").post("/cameras", json=payload)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["lon", "lat"]

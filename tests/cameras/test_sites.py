"""Sites: several cameras on one pole or building, listed, moved and decommissioned together."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
import shapely
from geoalchemy2.shape import to_shape
from shapely.geometry import Point, box
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraSite, CameraStatusEvent
from camera_registry.demo.records import DemoDataset
from camera_registry.sites import queries as site_queries
from geo import view_sector
from tests.cameras.conftest import commune_by_shapely, other_commune_point
from tests.problems import problem_fields

_serial = itertools.count(1)
NEAR = 0.0002  # about 21 m of longitude at 20° N


def _new_site(client, lon: float, lat: float, **extra) -> str:
    code = f"SITE-{next(_serial):04d}"
    body = {"code": code, "name": "Cột điện ngã ba chợ", "lon": lon, "lat": lat, **extra}
    response = client.post("/sites", json=body)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/sites/{code}"
    return code


def _cameras(session: Session, codes: list[str]) -> list[Camera]:
    session.expire_all()
    return list(session.scalars(select(Camera).where(Camera.code.in_(codes)).order_by(Camera.code)))


def test_create_and_read_a_site(admin, cam_thuy_commune, demo_data: DemoDataset):
    commune, lon, lat = cam_thuy_commune
    code = _new_site(admin, lon, lat, address="Chợ Phong Sơn")
    response = admin.get(f"/sites/{code}")
    assert response.status_code == 200 and response.headers["etag"] == '"1"'
    props = response.json()["properties"]
    assert props["commune_code"] == commune == commune_by_shapely(demo_data, lon, lat, date.today())
    assert props["cameras"] == [] and props["address"] == "Chợ Phong Sơn"
    again = admin.post("/sites", json={"code": code, "lon": lon, "lat": lat})
    assert again.status_code == 409
    outside = admin.post("/sites", json={"code": "SITE-OUT", "lon": 106.5, "lat": 10.0})
    assert outside.status_code == 422 and problem_fields(outside) == ["lon", "lat"]


def test_site_writes_are_scoped(login, cam_thuy_commune):
    own, lon, lat = cam_thuy_commune
    body = {"code": "SITE-SCOPE", "lon": lon, "lat": lat}
    assert login("planner").post("/sites", json=body).status_code == 403
    assert login("commune_officer", ("99999",)).post("/sites", json=body).status_code == 403
    assert login("commune_officer", (own,)).post("/sites", json=body).status_code == 201


def test_camera_registered_on_a_site_takes_its_position(admin, register, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon + NEAR, lat)
    feature = register(admin, lon=None, lat=None, site_code=site, direction_deg=45)
    assert feature["geometry"]["coordinates"] == [round(lon + NEAR, 7), round(lat, 7)]
    assert feature["properties"]["site_code"] == site
    far = admin.post(
        "/cameras",
        json={
            "code": "FAR-1",
            "lon": lon,
            "lat": lat,
            "site_code": site,
            "direction_deg": 1,
            "fov_deg": 60,
            "range_m": 50,
            "ownership": "state",
        },
    )
    assert far.status_code == 422 and problem_fields(far) == ["lon", "lat"]


def test_attach_moves_cameras_to_the_site_and_recomputes_views(
    admin, register, cam_thuy_commune, session: Session
):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon + NEAR, lat)
    codes = [register(admin, direction_deg=d)["id"] for d in (0, 120, 240)]
    response = admin.post(f"/sites/{site}/cameras", json={"cameras": codes})
    assert response.status_code == 200, response.text
    assert response.json()["properties"]["cameras"] == sorted(codes)
    assert response.headers["etag"] == '"2"'
    for cam in _cameras(session, codes):
        point = to_shape(cam.geom)
        assert (point.x, point.y) == pytest.approx((lon + NEAR, lat), abs=1e-9)
        expected = view_sector(point.x, point.y, cam.direction_deg, cam.fov_deg, cam.range_m)
        assert shapely.equals_exact(to_shape(cam.view_geom), expected, tolerance=1e-9)
    listed = admin.get("/cameras", params={"site": site}).json()
    assert sorted(f["id"] for f in listed["features"]) == sorted(codes)
    audited = session.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "camera.update")
    ).all()
    assert set(codes) <= set(audited)


def test_attach_refuses_far_and_unknown_cameras(admin, register, cam_thuy_commune, session):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon + 0.01, lat)  # about 1 km away
    near = register(admin)["id"]
    far = admin.post(f"/sites/{site}/cameras", json={"cameras": [near]})
    assert far.status_code == 422 and problem_fields(far) == ["cameras.0"]
    unknown = admin.post(f"/sites/{site}/cameras", json={"cameras": [near, "NOPE-9"]})
    assert unknown.status_code == 422
    assert _cameras(session, [near])[0].site_id is None


def test_moving_a_site_moves_all_its_cameras(
    admin, register, session: Session, demo_data: DemoDataset, cam_thuy_commune
):
    own, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon, lat)
    codes = [register(admin, direction_deg=d, installed_on="2023-03-01")["id"] for d in (10, 190)]
    assert admin.post(f"/sites/{site}/cameras", json={"cameras": codes}).status_code == 200
    other, new_lon, new_lat = other_commune_point(demo_data, own)
    move = {"lon": new_lon, "lat": new_lat, "name": "Cột mới"}
    assert admin.patch(f"/sites/{site}", json=move).status_code == 428
    assert admin.patch(f"/sites/{site}", json=move, headers={"If-Match": '"1"'}).status_code == 412
    response = admin.patch(f"/sites/{site}", json=move, headers={"If-Match": '"2"'})
    assert response.status_code == 200, response.text
    site_commune = commune_by_shapely(demo_data, new_lon, new_lat, date.today())
    assert response.json()["properties"]["commune_code"] == site_commune
    expected_commune = commune_by_shapely(demo_data, new_lon, new_lat, date(2023, 3, 1))
    assert expected_commune == other  # cameras keep the units of their installation date
    for cam in _cameras(session, codes):
        point = to_shape(cam.geom)
        assert (point.x, point.y) == pytest.approx((new_lon, new_lat), abs=1e-9)
        expected = view_sector(new_lon, new_lat, cam.direction_deg, cam.fov_deg, cam.range_m)
        assert shapely.equals_exact(to_shape(cam.view_geom), expected, tolerance=1e-9)
        feature = admin.get(f"/cameras/{cam.code}").json()
        assert feature["properties"]["commune_code"] == expected_commune
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id.in_([site, *codes]))
    ).all()
    assert actions.count("site.update") == 1 and actions.count("camera.update") >= 4


def test_a_failed_move_moves_nothing(admin, register, session: Session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon, lat)
    code = register(admin)["id"]
    assert admin.post(f"/sites/{site}/cameras", json={"cameras": [code]}).status_code == 200
    response = admin.patch(
        f"/sites/{site}", json={"lon": 106.5, "lat": 10.0}, headers={"If-Match": '"2"'}
    )
    assert response.status_code == 422
    cam = _cameras(session, [code])[0]
    assert to_shape(cam.geom).distance(Point(lon, lat)) < 1e-9


def test_a_camera_on_a_site_moves_only_with_it(admin, register, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon, lat)
    code = register(admin)["id"]
    admin.post(f"/sites/{site}/cameras", json={"cameras": [code]})
    tag = admin.get(f"/cameras/{code}").headers["etag"]
    moved = admin.patch(
        f"/cameras/{code}", json={"lon": lon + 0.001, "lat": lat}, headers={"If-Match": tag}
    )
    assert moved.status_code == 422 and problem_fields(moved) == ["lon", "lat"]
    detached = admin.patch(f"/cameras/{code}", json={"site_code": None}, headers={"If-Match": tag})
    assert detached.status_code == 200 and detached.json()["properties"]["site_code"] is None
    assert admin.get(f"/sites/{site}").json()["properties"]["cameras"] == []
    tag = detached.headers["etag"]
    far_site = _new_site(admin, lon + 0.01, lat)
    far = admin.patch(f"/cameras/{code}", json={"site_code": far_site}, headers={"If-Match": tag})
    assert far.status_code == 422 and problem_fields(far) == ["site_code"]
    again = admin.patch(f"/cameras/{code}", json={"site_code": site}, headers={"If-Match": tag})
    assert again.status_code == 200 and again.json()["properties"]["site_code"] == site


def test_decommissioning_a_site_decommissions_its_cameras_with_history(
    admin, register, session: Session, cam_thuy_commune
):
    _, lon, lat = cam_thuy_commune
    site = _new_site(admin, lon, lat)
    codes = [register(admin, installed_on="2023-03-01")["id"] for _ in range(3)]
    admin.post(f"/sites/{site}/cameras", json={"cameras": codes})
    body = {"effective_at": "2024-12-01T09:00:00+07:00", "reason": "Dỡ cột"}
    response = admin.post(f"/sites/{site}/decommission", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["properties"]["decommissioned_on"] == "2024-12-01"
    for cam in _cameras(session, codes):
        assert cam.status == "decommissioned" and cam.decommissioned_on == date(2024, 12, 1)
        events = session.scalars(
            select(CameraStatusEvent.status)
            .where(CameraStatusEvent.camera_id == cam.id)
            .order_by(CameraStatusEvent.effective_at)
        ).all()
        assert events == ["active", "decommissioned"]
    assert admin.post(f"/sites/{site}/decommission", json={}).status_code == 409
    move = admin.patch(f"/sites/{site}", json={"lon": lon}, headers={"If-Match": '"3"'})
    assert move.status_code == 409
    late = register(admin)["id"]
    assert admin.post(f"/sites/{site}/cameras", json={"cameras": [late]}).status_code == 409
    onto = admin.post(
        "/cameras",
        json={
            "code": "ON-DEAD-SITE",
            "site_code": site,
            "direction_deg": 1,
            "fov_deg": 60,
            "range_m": 50,
            "ownership": "state",
        },
    )
    assert onto.status_code == 422 and problem_fields(onto) == ["site_code"]


@pytest.mark.parametrize("bbox", [(105.40, 20.15, 105.50, 20.25), (105.0, 19.0, 105.1, 19.1)])
def test_site_bbox_equals_shapely_over_all_sites(admin, session: Session, cam_thuy_commune, bbox):
    _, lon, lat = cam_thuy_commune
    for dx in (-0.05, 0.0, 0.03):
        _new_site(admin, lon + dx, lat)
    outside = _new_site(admin, lon + 1.0, lat, allow_outside_commune=True)
    assert admin.get(f"/sites/{outside}").json()["properties"]["outside_commune"] is True
    rows = session.execute(select(CameraSite.code, CameraSite.geom)).all()
    expected = sorted(code for code, g in rows if box(*bbox).intersects(to_shape(g)))
    body = admin.get("/sites", params={"bbox": ",".join(map(str, bbox))}).json()
    assert [f["id"] for f in body["features"]] == expected
    assert body["numberMatched"] == len(expected)


@pytest.mark.engines("spatialite")
def test_site_bbox_uses_the_rtree(session: Session, engine_name: str):
    stmt = site_queries.filtered_sites(session, bbox=(105.4, 20.1, 105.5, 20.2))
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = " | ".join(
        str(r[-1]) for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    )
    assert "idx_camera_site_geom" in plan, plan


@pytest.mark.engines("postgis")
def test_site_bbox_uses_the_gist_index(session: Session, engine_name: str):
    stmt = site_queries.filtered_sites(session, bbox=(105.4, 20.1, 105.5, 20.2))
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    conn = session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
    assert "idx_camera_site_geom" in plan, plan

"""GET /lookup: answers, times and retention, holder privacy, problems, audit."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from geoalchemy2.shape import to_shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from camera_registry.demo.records import VN_TZ, DemoDataset, status_at
from camera_registry.lookup.service import cameras_for_point
from tests.problems import assert_problem

ADDRESS = "Thôn 3, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa"
AT = datetime(2024, 6, 1, 21, 30, tzinfo=VN_TZ)


def _last_audit(session: Session) -> AuditEvent:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_address_lookup_at_a_time(as_role, session: Session, demo_data: DemoDataset):
    response = as_role("investigator").get(
        "/lookup", params={"address": ADDRESS, "at": "01/06/2024 21:30"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    assert body["resolution"]["step"] == "gazetteer" and body["resolution"]["precision"] == "hamlet"
    assert body["query"]["at"] == "2024-06-01T21:30:00+07:00"
    demo = {c.code: c for c in demo_data.cameras}
    seen_order = [f["properties"]["sees"] for f in body["features"]]
    assert seen_order == sorted(seen_order, reverse=True)
    for feature in body["features"]:
        props = feature["properties"]
        cam = demo[props["code"]]
        expected = status_at(cam, AT)
        assert props["status_at"] == (expected.value if expected else None)
        assert props["working"] is (expected is not None and expected.value == "active")
        deadline = AT + timedelta(days=cam.retention_days)
        assert datetime.fromisoformat(props["request_deadline"]) == deadline
        assert props["footage_retained"] is False  # 2024 footage is long overwritten
        assert props["owner_contact"] == cam.owner_contact
        assert feature["geometry"]["coordinates"] == pytest.approx([cam.lon, cam.lat], abs=1e-7)


def test_recent_footage_is_retained_until_its_deadline(as_role, session: Session):
    at = datetime.now(VN_TZ).replace(microsecond=0) - timedelta(days=3)
    lon, lat = 105.344412, 20.200508
    response = as_role("investigator").get(
        "/lookup", params={"lat": lat, "lon": lon, "at": at.isoformat(), "radius": 500}
    )
    features = response.json()["features"]
    assert features
    for f in features:
        days = f["properties"]["retention_days"]
        assert f["properties"]["footage_retained"] is (days >= 3)


def test_point_lookup_matches_the_service(as_role, session: Session):
    lon, lat = 105.346023, 20.20542  # Chợ Cẩm Liên
    body = as_role("viewer").get("/lookup", params={"lat": lat, "lon": lon, "radius": 250}).json()
    expected = cameras_for_point(session, lon=lon, lat=lat, radius_m=250)
    assert [f["id"] for f in body["features"]] == [h.code for h in expected]
    assert body["resolution"] is None and body["imprecise"] is False
    assert all(f["properties"]["working"] is None for f in body["features"])


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_roles_without_holder_access_never_get_contacts(as_role, role: str):
    response = as_role(role).get("/lookup", params={"address": ADDRESS})
    assert response.status_code == 200 and response.json()["features"]
    assert "owner_contact" not in response.text and "owner_name" not in response.text


def test_commune_officer_sees_holders_of_own_commune_only(as_role):
    body = (
        as_role("commune_officer", ("15145",))
        .get("/lookup", params={"address": "xã Cẩm Thạch, Thanh Hóa"})
        .json()
    )
    communes = {f["properties"]["commune_code"] for f in body["features"]}
    assert "15145" in communes and len(communes) > 1
    for f in body["features"]:
        own = f["properties"]["commune_code"] == "15145"
        assert ("owner_contact" in f["properties"]) is own


def test_commune_precision_returns_every_view_meeting_the_polygon(as_role, session, demo_data):
    body = as_role("viewer").get("/lookup", params={"address": "xã Cẩm Thủy, Thanh Hóa"}).json()
    assert body["imprecise"] is True and body["resolution"]["precision"] == "commune"
    unit = next(u for u in demo_data.units if u.code == "15127" and u.valid_to is None)
    views = session.execute(select(Camera.code, Camera.view_geom)).all()
    expected = {code for code, v in views if to_shape(v).intersects(unit.geometry)}
    assert {f["id"] for f in body["features"]} == expected and expected
    assert body["resolution"]["area"]["type"] in ("Polygon", "MultiPolygon")


def test_lookups_are_audited(as_role, session: Session):
    client = as_role("investigator")
    client.get("/lookup", params={"address": ADDRESS, "at": "2024-06-01 21:30"})
    row = _last_audit(session)
    assert row.action == "lookup.address" and row.actor.startswith("test-investigator")
    detail = json.loads(row.detail)
    assert detail["address"] == ADDRESS and detail["resolved"]["precision"] == "hamlet"
    assert detail["returned"] >= 1 and detail["holders_shown"] == detail["returned"]
    client.get("/lookup", params={"lat": 20.2, "lon": 105.34})
    row = _last_audit(session)
    assert row.action == "lookup.point" and row.object_id == "20.2000000,105.3400000"


def test_unresolvable_address_is_a_422_naming_the_part_and_is_audited(as_role, session):
    response = as_role("planner").get(
        "/lookup", params={"address": "Thôn 3, xã Cẩm Xyz, huyện Cẩm Thủy, Thanh Hóa"}
    )
    error = assert_problem(response, 422)["errors"][0]
    assert error["field"] == "address" and error["part"] == "xã Cẩm Xyz"
    assert error["suggestions"]
    row = _last_audit(session)
    assert row.action == "lookup.address" and row.outcome == "rejected"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "lat"),
        ({"lat": 20.2}, "lon"),
        ({"address": ADDRESS, "lat": 20.2, "lon": 105.3}, "address"),
        ({"lat": 20.2, "lon": 105.3, "at": "yesterday"}, "at"),
        ({"lat": 20.2, "lon": 105.3, "at": "31/02/2024 10:00"}, "at"),
        ({"lat": 20.2, "lon": 105.3, "at": "2099-01-01T00:00"}, "at"),
        ({"lat": 20.2, "lon": 105.3, "radius": 5000}, "radius"),
        ({"lat": 95, "lon": 105.3}, "lat"),
        ({"lat": "nan", "lon": 105.3}, "lat"),
        ({"address": "x" * 501}, "address"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(as_role, params, field):
    body = assert_problem(as_role("viewer").get("/lookup", params=params), 422)
    assert field in [e["field"] for e in body["errors"]]


def test_lookup_needs_credentials(client):
    response = client.get("/lookup", params={"address": ADDRESS})
    assert response.status_code == 401

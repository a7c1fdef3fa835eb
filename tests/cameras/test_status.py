"""Status changes: history with effective times and reasons, "was it working at T?"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.history import status_at
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.demo.records import DemoDataset
from tests.problems import problem_fields


def _camera(session: Session, code: str) -> Camera:
    session.expire_all()
    return session.scalars(select(Camera).where(Camera.code == code)).one()


def test_status_change_is_history_and_answers_was_it_working(admin, register, session: Session):
    code = register(admin, installed_on="2023-03-01")["id"]
    fault = {"status": "faulty", "effective_at": "2023-05-04T20:00:00+07:00", "reason": "Mất nguồn"}
    response = admin.post(f"/cameras/{code}/status", json=fault)
    assert response.status_code == 201, response.text
    assert response.json()["properties"]["status"] == "faulty"
    assert response.headers["etag"] == '"2"'
    fixed = {"status": "active", "effective_at": "2023-05-05T08:00:00+07:00", "reason": "Đã sửa"}
    assert admin.post(f"/cameras/{code}/status", json=fixed).status_code == 201
    during = admin.get(f"/cameras/{code}/status", params={"at": "2023-05-04T21:30:00+07:00"}).json()
    assert during["status"] == "faulty" and during["working"] is False
    assert during["reason"] == "Mất nguồn" and during["since_local"] == "04/05/2023 20:00"
    before = admin.get(f"/cameras/{code}/status", params={"at": "2023-05-04T19:59:59+07:00"}).json()
    assert before["status"] == "active" and before["working"] is True
    after = admin.get(f"/cameras/{code}/status", params={"at": "2023-05-05T08:00:00"}).json()
    assert after["working"] is True  # no offset: read as Vietnam time
    not_yet = admin.get(f"/cameras/{code}/status", params={"at": "2023-02-01T00:00:00Z"}).json()
    assert not_yet["status"] is None and not_yet["working"] is False
    history = admin.get(f"/cameras/{code}/history").json()["events"]
    assert [e["status"] for e in history] == ["active", "faulty", "active"]
    assert history[1]["status_label"] == "Hỏng" and history[1]["reason"] == "Mất nguồn"
    cam = _camera(session, code)
    for probe in ("2023-05-04T21:30:00+07:00", "2023-05-05T09:00:00+07:00"):
        moment = datetime.fromisoformat(probe)
        answer = admin.get(f"/cameras/{code}/status", params={"at": probe}).json()
        assert answer["status"] == status_at(session, camera_ids=[cam.id], at=moment)[cam.id]


def test_backdated_event_keeps_status_equal_to_the_latest_event(admin, register, session: Session):
    code = register(admin, installed_on="2023-03-01")["id"]
    now = datetime.now(UTC)
    late = {"status": "offline", "effective_at": (now - timedelta(days=1)).isoformat()}
    assert admin.post(f"/cameras/{code}/status", json=late).status_code == 201
    early = {"status": "faulty", "effective_at": "2024-01-01T00:00:00+07:00", "reason": "sớm"}
    response = admin.post(f"/cameras/{code}/status", json=early)
    assert response.status_code == 201
    assert response.json()["properties"]["status"] == "offline"  # the latest event still wins
    cam = _camera(session, code)
    latest = session.scalars(
        select(CameraStatusEvent)
        .where(CameraStatusEvent.camera_id == cam.id)
        .order_by(CameraStatusEvent.effective_at.desc(), CameraStatusEvent.id.desc())
    ).first()
    assert latest is not None and cam.status == latest.status == "offline"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "faulty", "effective_at": "2999-01-01T00:00:00+07:00"}, "effective_at"),
        ({"status": "faulty", "effective_at": "2023-02-28T23:00:00+07:00"}, "effective_at"),
        ({"status": "broken"}, "status"),
        ({"status": "faulty", "reason": "x" * 501}, "reason"),
        ({"status": "faulty", "effective_at": "yesterday"}, "effective_at"),
    ],
)
def test_bad_status_change_is_a_422_and_records_nothing(
    admin, register, session: Session, body, field
):
    code = register(admin, installed_on="2023-03-01")["id"]
    response = admin.post(f"/cameras/{code}/status", json=body)
    assert response.status_code == 422, response.text
    assert problem_fields(response) == [field]
    cam = _camera(session, code)
    events = session.scalars(
        select(CameraStatusEvent).where(CameraStatusEvent.camera_id == cam.id)
    ).all()
    assert len(events) == 1 and cam.version == 1


def test_decommission_is_soft_and_keeps_history(admin, register, session: Session):
    code = register(admin, installed_on="2023-03-01")["id"]
    body = {"effective_at": "2024-06-30T17:00:00+07:00", "reason": "Tháo dỡ do mở rộng đường"}
    response = admin.post(f"/cameras/{code}/decommission", json=body)
    assert response.status_code == 200, response.text
    props = response.json()["properties"]
    assert props["status"] == "decommissioned" and props["decommissioned_on"] == "2024-06-30"
    assert admin.get(f"/cameras/{code}").status_code == 200  # still readable
    history = admin.get(f"/cameras/{code}/history").json()["events"]
    assert [e["status"] for e in history] == ["active", "decommissioned"]
    was = admin.get(f"/cameras/{code}/status", params={"at": "2024-01-01T00:00:00+07:00"}).json()
    assert was["working"] is True
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == code).order_by(AuditEvent.id)
    ).all()
    assert actions == ["camera.create", "camera.status"]


def test_status_change_with_stale_if_match_is_412(admin, register):
    code = register(admin)["id"]
    assert (
        admin.patch(f"/cameras/{code}", json={"height_m": 7}, headers={"If-Match": "1"}).status_code
        == 200
    )
    stale = admin.post(
        f"/cameras/{code}/status", json={"status": "faulty"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    fresh = admin.post(
        f"/cameras/{code}/status", json={"status": "faulty"}, headers={"If-Match": '"2"'}
    )
    assert fresh.status_code == 201


def test_status_writes_are_scoped_and_reads_are_open(login, register, cam_thuy_commune):
    own, _, _ = cam_thuy_commune
    code = register(login("admin"))["id"]
    change = {"status": "offline", "reason": "mất mạng"}
    assert login("viewer").post(f"/cameras/{code}/status", json=change).status_code == 403
    assert (
        login("commune_officer", ("99999",))
        .post(f"/cameras/{code}/status", json=change)
        .status_code
        == 403
    )
    assert (
        login("commune_officer", (own,)).post(f"/cameras/{code}/status", json=change).status_code
        == 201
    )
    viewer = login("viewer")
    assert viewer.get(f"/cameras/{code}/history").status_code == 200
    assert viewer.get(f"/cameras/{code}/status").json()["status"] == "offline"
    assert "owner" not in viewer.get(f"/cameras/{code}/history").text


def test_demo_history_through_the_api(login, demo_data: DemoDataset):
    client = login("viewer")
    cam = next(c for c in demo_data.cameras if len(c.history) >= 3)
    events = client.get(f"/cameras/{cam.code}/history").json()["events"]
    assert [e["status"] for e in events] == [h.status.value for h in cam.history]
    for change in cam.history:
        answer = client.get(
            f"/cameras/{cam.code}/status", params={"at": change.effective_at.isoformat()}
        ).json()
        assert answer["status"] == change.status.value


def test_missing_camera_history_is_404(login):
    response = login("viewer").get("/cameras/NOPE-1/history")
    assert response.status_code == 404
    problem_fields(response)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/cameras/CT-390-00001/history"),
        ("GET", "/cameras/CT-390-00001/status"),
        ("POST", "/cameras/CT-390-00001/status"),
        ("POST", "/cameras/CT-390-00001/decommission"),
        ("PATCH", "/cameras/CT-390-00001"),
        ("GET", "/sites"),
        ("POST", "/sites"),
    ],
)
def test_new_routes_need_credentials(client, method, path):
    response = client.request(method, path, json={})
    assert response.status_code == 401
    problem_fields(response)

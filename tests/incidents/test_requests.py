"""Footage requests to holders: created from a candidate, audited, expiring at the deadline."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.db import now_utc
from camera_registry.incidents.models import FootageRequest, Incident
from tests.incidents.conftest import Scene


def _audited(session: Session, request_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "footage_request",
                   AuditEvent.object_id == str(request_id))
            .order_by(AuditEvent.id)
        )
    )  # fmt: skip


def test_request_lifecycle_is_recorded_and_audited(scene: Scene, session: Session):
    created = scene.request_footage(scene.household)
    assert created["status"] == "requested" and created["status_label"] == "Đã gửi yêu cầu"
    assert created["holder_contacted"].startswith("Chủ hộ")
    deadline = scene.occurred_at + timedelta(days=14)
    assert datetime.fromisoformat(created["retention_deadline"]) == deadline
    assert created["retention_deadline"].endswith("+07:00")
    rid = created["id"]
    refused_too_early = scene.client.post(f"/footage-requests/{rid}/status",
                                          json={"status": "delivered"})  # fmt: skip
    assert refused_too_early.status_code == 422
    assert refused_too_early.json()["errors"][0]["field"] == "status"
    for status in ("approved", "delivered"):
        moved = scene.client.post(f"/footage-requests/{rid}/status", json={"status": status})
        assert moved.status_code == 200, moved.text
    body = scene.client.get(f"/footage-requests/{rid}").json()
    assert [h["status"] for h in body["history"]] == ["requested", "approved", "delivered"]
    assert _audited(session, rid) == [
        "footage_request.requested", "footage_request.approved", "footage_request.delivered",
    ]  # fmt: skip
    listed = scene.client.get(f"/incidents/{scene.case_code}/footage-requests").json()
    assert [r["id"] for r in listed] == [rid]


def test_only_candidates_can_be_requested(scene: Scene, session: Session):
    response = scene.client.post(
        f"/incidents/{scene.case_code}/footage-requests",
        json={"camera_code": scene.facing_away, "holder_contacted": "Ông A"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "camera_code"
    of_case = select(FootageRequest).join(Incident, Incident.id == FootageRequest.incident_id)
    assert session.scalars(of_case.where(Incident.case_code == scene.case_code)).first() is None


def test_a_second_open_request_is_409(scene: Scene):
    scene.request_footage(scene.household)
    again = scene.client.post(
        f"/incidents/{scene.case_code}/footage-requests",
        json={"camera_code": scene.household, "holder_contacted": "Chủ hộ (lần 2)"},
    )
    assert again.status_code == 409


def test_unanswered_requests_expire_when_the_deadline_passes(scene: Scene, session: Session):
    waiting = scene.request_footage(scene.household)["id"]
    approved = scene.approved_request(scene.state)
    for request_id in (waiting, approved):
        session.get(FootageRequest, request_id).retention_deadline = now_utc() - timedelta(hours=1)
    session.flush()
    body = scene.client.get(f"/footage-requests/{waiting}").json()
    assert body["status"] == "expired"
    assert body["history"][-1]["actor"] == "system"
    assert _audited(session, waiting)[-1] == "footage_request.expired"
    assert scene.client.get(f"/footage-requests/{approved}").json()["status"] == "approved"
    too_late = scene.client.post(f"/footage-requests/{waiting}/status", json={"status": "approved"})
    assert too_late.status_code == 422
    by_hand = scene.client.post(f"/footage-requests/{approved}/status", json={"status": "expired"})
    assert by_hand.status_code == 200 and by_hand.json()["status"] == "expired"


def test_a_request_cannot_be_expired_by_hand_before_its_deadline(scene: Scene):
    rid = scene.request_footage(scene.household)["id"]
    response = scene.client.post(f"/footage-requests/{rid}/status", json={"status": "expired"})
    assert response.status_code == 422


def test_planners_cannot_see_requests(scene: Scene, as_role):
    rid = scene.request_footage(scene.household)["id"]
    assert as_role("planner").get(f"/footage-requests/{rid}").status_code == 403

"""Footage requests to holders: created from a candidate, audited, expiring at the deadline."""

import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.db import make_engine, now_utc
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.models import FootageRequest, FootageRequestEvent, Incident
from camera_registry.incidents.requests.service import expire_overdue
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


def test_listing_an_incidents_requests_expires_the_overdue_ones(scene: Scene, session: Session):
    rid = scene.request_footage(scene.household)["id"]
    session.get(FootageRequest, rid).retention_deadline = now_utc() - timedelta(minutes=1)
    session.flush()
    listed = scene.client.get(f"/incidents/{scene.case_code}/footage-requests").json()
    assert [(r["id"], r["status"]) for r in listed] == [(rid, "expired")]
    assert _audited(session, rid)[-1] == "footage_request.expired"


def _waiting_request(session: Session, incident_id: int, camera_id: int, deadline: datetime) -> int:
    """A request still waiting on the holder, as the service stores it."""
    request = FootageRequest(
        incident_id=incident_id, camera_id=camera_id, status="requested",
        retention_deadline=deadline, holder_contacted="Chủ hộ, gọi 0900 012 345",
        requested_by="tester", requested_at=deadline - timedelta(days=10),
    )  # fmt: skip
    session.add(request)
    session.flush()
    session.add(
        FootageRequestEvent(
            request_id=request.id, status="requested", at=request.requested_at, actor="tester"
        )
    )
    return request.id


@pytest.fixture
def waiting_requests(small_db, monkeypatch: pytest.MonkeyPatch):
    """A committed database with one overdue and one still-running request: ``(url, ids)``."""
    url, camera, lon, lat = small_db
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    place = ["--lon", str(lon), "--lat", str(lat)]
    added = CliRunner().invoke(
        app, ["incident", "add", "--case", "REQ-1", "--type", "property_theft",
              "--at", "01/03/2024 10:00", *place],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    engine = make_engine(url)
    with Session(engine) as session:
        incident_id = session.scalars(select(Incident.id)).one()
        camera_id = session.scalars(select(Camera.id).where(Camera.code == camera)).one()
        overdue = _waiting_request(session, incident_id, camera_id, now_utc() - timedelta(hours=2))
        running = _waiting_request(session, incident_id, camera_id, now_utc() + timedelta(days=3))
        session.commit()
    yield url, (overdue, running)
    engine.dispose()


def test_cli_expires_every_overdue_request_and_audits_it(waiting_requests):
    url, (overdue, running) = waiting_requests
    result = CliRunner().invoke(app, ["footage-requests", "expire"])
    assert result.exit_code == 0, result.output
    assert "1 overdue footage request(s) expired" in result.output
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.get(FootageRequest, overdue).status == "expired"
        assert session.get(FootageRequest, running).status == "requested"
        assert _audited(session, overdue) == ["footage_request.expired"]
        assert _audited(session, running) == []
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.object_id == str(overdue))
        ).one()
        assert audit.actor == "system" and '"to": "expired"' in (audit.detail or "")
        history = session.scalars(
            select(FootageRequestEvent.status)
            .where(FootageRequestEvent.request_id == overdue)
            .order_by(FootageRequestEvent.id)
        ).all()
        assert history == ["requested", "expired"]
    engine.dispose()
    again = CliRunner().invoke(app, ["footage-requests", "expire"])
    assert again.exit_code == 0 and "0 overdue footage request(s) expired" in again.output


def test_two_expiries_at_once_expire_a_request_once(waiting_requests):
    # The daily run and an API call may find the same overdue request together.
    url, (overdue, _running) = waiting_requests
    engine = make_engine(url)
    try:
        with Session(engine) as first, Session(engine) as second:
            assert eq.overdue_requests(second, now=now_utc())  # second has seen it overdue
            assert expire_overdue(first, now=now_utc()) == 1  # first expires it, uncommitted
            found: list[int] = []
            racer = threading.Thread(
                target=lambda: found.append(expire_overdue(second, now=now_utc()))
            )
            racer.start()
            time.sleep(0.3)  # second now waits for first's lock (SQLite) or skips its row
            first.commit()
            racer.join(timeout=30)
            assert found == [0]
            second.commit()
        with Session(engine) as check:
            history = check.scalars(
                select(FootageRequestEvent.status).where(FootageRequestEvent.request_id == overdue)
            ).all()
            assert sorted(history) == ["expired", "requested"]
            assert _audited(check, overdue) == ["footage_request.expired"]
    finally:
        engine.dispose()

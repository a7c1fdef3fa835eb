"""Linking footage: the camera's view, holders' requests, times, and clear 422s."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.incidents.models import CustodyEvent, FootageEvidence
from tests.incidents.conftest import Scene, iso


def _counts(session: Session) -> tuple[int, int]:
    evidence = session.scalar(select(func.count()).select_from(FootageEvidence)) or 0
    custody = session.scalar(select(func.count()).select_from(CustodyEvent)) or 0
    return evidence, custody


def test_state_camera_clip_with_corrected_times(scene: Scene, session: Session):
    clip = scene.add_evidence(
        scene.state,
        clip_start="2026-01-01T10:00:00+07:00",
        clip_end="2026-01-01T10:10:00+07:00",
        clock_offset_s=-90,
        extracted_at=iso(scene.occurred_at + timedelta(minutes=30)),
    )
    assert clip["clip_start_recorded"] == "2026-01-01T10:00:00+07:00"
    assert clip["clip_start"] == "2026-01-01T10:01:30+07:00"  # recorder 90 s slow
    assert clip["clip_end_local"] == "01/01/2026 10:11"
    assert clip["flagged"] is False and clip["request_id"] is None
    events = scene.client.get(f"/evidence/{clip['id']}/custody").json()
    assert [(e["seq"], e["action"]) for e in events] == [(1, "extracted")]
    assert events[0]["prev_hash"] == "0" * 64


def test_camera_facing_away_needs_a_reason_and_is_flagged(scene: Scene, session: Session):
    before = _counts(session)
    refused = scene.client.post(
        f"/incidents/{scene.case_code}/evidence", json=scene.evidence(scene.facing_away)
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in refused.json()["errors"]] == ["outside_view_reason"]
    assert _counts(session) == before
    clip = scene.add_evidence(
        scene.facing_away, outside_view_reason="Shows the thief's approach along the road"
    )
    assert clip["flagged"] is True
    assert clip["outside_view_reason"].startswith("Shows the thief")


def test_a_camera_that_sees_the_point_is_not_flagged_even_with_a_reason(scene: Scene):
    clip = scene.add_evidence(scene.state, outside_view_reason="not needed here")
    assert clip["flagged"] is False


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"clip_start": "2026-01-01T10:10:00+07:00", "clip_end": "2026-01-01T10:00:00+07:00"},
         "clip_end"),
        ({"sha256": "abc123"}, "sha256"),
        ({"sha256": "z" * 64}, "sha256"),
        ({"sha256": "a" * 65}, "sha256"),
        ({"clip_end": "2099-01-01T00:00:00+07:00"}, "clip_end"),
        ({"usefulness": "great"}, "usefulness"),
        ({"size_bytes": -1}, "size_bytes"),
        ({"camera_code": "NO-SUCH-CAMERA"}, "camera_code"),
        ({"clock_offset_s": 1e12}, "clock_offset_s"),
    ],
)  # fmt: skip
def test_bad_evidence_is_a_specific_422_and_nothing_is_written(
    scene: Scene, session: Session, overrides, field
):
    before = _counts(session)
    audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    response = scene.client.post(
        f"/incidents/{scene.case_code}/evidence", json=scene.evidence(scene.state, **overrides)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in response.json()["errors"]]
    assert _counts(session) == before
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before


def test_the_same_file_twice_is_409(scene: Scene, session: Session):
    payload = scene.evidence(scene.state)
    url = f"/incidents/{scene.case_code}/evidence"
    assert scene.client.post(url, json=payload).status_code == 201
    before = _counts(session)
    again = scene.client.post(url, json=payload)
    assert again.status_code == 409
    assert _counts(session) == before


def test_privately_held_footage_must_come_through_a_request(scene: Scene, session: Session):
    before = _counts(session)
    missing = scene.client.post(
        f"/incidents/{scene.case_code}/evidence", json=scene.evidence(scene.household)
    )
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["request_id"]
    pending = scene.request_footage(scene.household)["id"]
    not_yet = scene.client.post(
        f"/incidents/{scene.case_code}/evidence",
        json=scene.evidence(scene.household, request_id=pending),
    )
    assert not_yet.status_code == 422 and "requested" in not_yet.text
    assert _counts(session) == before
    scene.client.post(f"/footage-requests/{pending}/status", json={"status": "approved"})
    clip = scene.add_evidence(scene.household, request_id=pending)
    assert clip["request_id"] == pending
    request = scene.client.get(f"/footage-requests/{pending}").json()
    assert request["status"] == "delivered"
    assert [h["status"] for h in request["history"]] == ["requested", "approved", "delivered"]


def test_a_request_for_another_camera_is_refused(scene: Scene):
    other = scene.approved_request(scene.state)
    response = scene.client.post(
        f"/incidents/{scene.case_code}/evidence",
        json=scene.evidence(scene.household, request_id=other),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["request_id"]


def test_every_read_of_evidence_is_audited(scene: Scene, session: Session):
    clip = scene.add_evidence(scene.state)

    def reads() -> int:
        stmt = select(func.count()).where(
            AuditEvent.action == "evidence.read", AuditEvent.object_id == str(clip["id"])
        )
        return session.scalar(stmt) or 0

    before = reads()
    assert scene.client.get(f"/evidence/{clip['id']}").status_code == 200
    assert scene.client.get(f"/incidents/{scene.case_code}/evidence").status_code == 200
    assert reads() == before + 2
    actors = session.scalars(
        select(AuditEvent.actor).where(AuditEvent.action == "evidence.read").order_by(
            AuditEvent.id.desc()).limit(1)
    ).all()  # fmt: skip
    assert actors[0].startswith("test-investigator")

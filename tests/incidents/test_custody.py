"""The chain of custody is append-only and detects tampering done directly in the database."""

import hashlib
from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.incidents.evidence.custody import GENESIS, custody_digest
from camera_registry.incidents.models import FootageEvidence
from tests.incidents.conftest import Scene


def _chain(scene: Scene) -> int:
    """Evidence with three custody events: extracted, viewed, sealed."""
    clip = scene.add_evidence(scene.state)
    for action in ("viewed", "sealed"):
        response = scene.client.post(
            f"/evidence/{clip['id']}/custody", json={"action": action, "note": f"{action} ok"}
        )
        assert response.status_code == 201, response.text
    return int(clip["id"])


def _verify(scene: Scene, evidence_id: int) -> dict:
    response = scene.client.get(f"/evidence/{evidence_id}/custody/verify")
    assert response.status_code == 200, response.text
    return response.json()


def test_appended_events_chain(scene: Scene):
    evidence_id = _chain(scene)
    events = scene.client.get(f"/evidence/{evidence_id}/custody").json()
    assert [e["action"] for e in events] == ["extracted", "viewed", "sealed"]
    assert [e["seq"] for e in events] == [1, 2, 3]
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:], strict=False))
    assert events[1]["actor"].startswith("test-investigator")
    assert _verify(scene, evidence_id) == {
        "evidence_id": evidence_id, "valid": True, "events": 3,
        "first_broken_seq": None, "reason": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "broken_at"),
    [
        ("UPDATE custody_event SET note = 'nothing happened' WHERE evidence_id = :e AND seq = 2",
         2),
        ("UPDATE custody_event SET actor = 'someone else' WHERE evidence_id = :e AND seq = 1", 1),
        ("DELETE FROM custody_event WHERE evidence_id = :e AND seq = 2", 3),
        ("DELETE FROM custody_event WHERE evidence_id = :e AND seq = 3", 3),
        ("UPDATE custody_event SET action = 'released' WHERE evidence_id = :e AND seq = 3", 3),
    ],
)  # fmt: skip
def test_tampering_in_the_database_is_detected(
    scene: Scene, session: Session, tamper: str, broken_at: int
):
    evidence_id = _chain(scene)
    assert _verify(scene, evidence_id)["valid"] is True
    session.execute(text(tamper), {"e": evidence_id})
    report = _verify(scene, evidence_id)
    assert report["valid"] is False
    assert report["first_broken_seq"] == broken_at
    assert report["reason"]
    outcome = session.scalars(
        select(AuditEvent.outcome)
        .where(AuditEvent.action == "custody.verify", AuditEvent.object_id == str(evidence_id))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).one()
    assert outcome == "broken"


def test_a_rewritten_chain_with_recomputed_hashes_is_still_detected(scene: Scene, session: Session):
    """An insider who recomputes every hash after editing still disagrees with the audit trail."""
    evidence_id = _chain(scene)
    session.execute(
        text("DELETE FROM custody_event WHERE evidence_id = :e AND seq = 3"), {"e": evidence_id}
    )
    rows = session.execute(
        text("SELECT id, seq, action, actor, occurred_at, note FROM custody_event "
             "WHERE evidence_id = :e ORDER BY seq"), {"e": evidence_id}
    ).all()  # fmt: skip
    events = scene.client.get(f"/evidence/{evidence_id}/custody").json()
    prev = GENESIS
    for row, shown in zip(rows, events, strict=False):
        digest = custody_digest(
            prev_hash=prev, evidence_id=evidence_id, seq=row.seq, action=row.action,
            actor=row.actor, occurred_at=datetime.fromisoformat(shown["occurred_at"]),
            note=row.note,
        )  # fmt: skip
        session.execute(
            text("UPDATE custody_event SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        prev = digest
    report = _verify(scene, evidence_id)
    assert report["valid"] is False
    assert "audit trail" in report["reason"]


def test_demo_chains_verify_and_detect_tampering(as_role, session: Session):
    client = as_role("investigator")
    evidence_id = session.scalars(select(FootageEvidence.id).order_by(FootageEvidence.id)).first()
    assert client.get(f"/evidence/{evidence_id}/custody/verify").json()["valid"] is True
    later = (
        "occurred_at + interval '1 hour'"
        if session.get_bind().dialect.name == "postgresql"
        else "datetime(occurred_at, '+1 hour')"
    )
    session.execute(
        text(f"UPDATE custody_event SET occurred_at = {later} WHERE evidence_id = :e"),
        {"e": evidence_id},
    )
    report = client.get(f"/evidence/{evidence_id}/custody/verify").json()
    assert report["valid"] is False and report["first_broken_seq"] == 1


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_custody_events_cannot_be_changed_through_the_api(scene: Scene, method: str):
    evidence_id = _chain(scene)
    for path in (f"/evidence/{evidence_id}/custody", f"/evidence/{evidence_id}/custody/2"):
        response = getattr(scene.client, method)(path)
        assert response.status_code in (404, 405)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert _verify(scene, evidence_id)["events"] == 3


def test_extracted_cannot_be_appended_and_time_cannot_go_back(scene: Scene):
    evidence_id = _chain(scene)
    url = f"/evidence/{evidence_id}/custody"
    again = scene.client.post(url, json={"action": "extracted"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "action"
    earlier = scene.client.post(url, json={"action": "copied", "occurred_at": "01/01/2020 08:00"})
    assert earlier.status_code == 422 and earlier.json()["errors"][0]["field"] == "occurred_at"
    assert _verify(scene, evidence_id)["events"] == 3


def _clip(scene: Scene, content: bytes) -> int:
    digest = hashlib.sha256(content).hexdigest()
    return int(scene.add_evidence(scene.state, sha256=digest, size_bytes=len(content))["id"])


def _verifications(session: Session, evidence_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.outcome)
            .where(
                AuditEvent.action == "evidence.verify_clip",
                AuditEvent.object_id == str(evidence_id),
            )
            .order_by(AuditEvent.id)
        )
    )


def test_verify_a_clip_by_upload_or_hash(scene: Scene, session: Session):
    content = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 400
    evidence_id = _clip(scene, content)
    url = f"/evidence/{evidence_id}/verify"
    upload = scene.client.post(url, files={"file": ("clip.mp4", content, "video/mp4")})
    assert upload.status_code == 200, upload.text
    assert upload.json()["result"] == "match" and upload.json()["size_match"] is True
    altered = scene.client.post(url, files={"file": ("clip.mp4", content + b"x", "video/mp4")})
    assert altered.json()["result"] == "mismatch" and altered.json()["size_match"] is False
    raw = scene.client.post(
        url, content=content, headers={"content-type": "application/octet-stream"}
    )
    assert raw.json()["match"] is True
    by_hash = scene.client.post(url, json={"sha256": hashlib.sha256(content).hexdigest().upper()})
    assert by_hash.json()["match"] is True
    wrong = scene.client.post(url, json={"sha256": "0" * 64})
    assert wrong.json()["result"] == "mismatch"
    assert _verifications(session, evidence_id) == ["match", "mismatch", "match", "match",
                                                    "mismatch"]  # fmt: skip


def test_bad_clip_checks_are_specific_errors(scene: Scene, session: Session):
    evidence_id = _clip(scene, b"small clip")
    url = f"/evidence/{evidence_id}/verify"
    short = scene.client.post(url, json={"sha256": "abc"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "sha256"
    nofile = scene.client.post(url, files={"other": ("x.txt", b"x", "text/plain")})
    assert nofile.status_code == 422 and nofile.json()["errors"][0]["field"] == "file"
    plain = scene.client.post(url, content=b"x", headers={"content-type": "text/plain"})
    assert plain.status_code == 422
    scene.client.app.state.settings = scene.client.app.state.settings.model_copy(
        update={"max_clip_upload_bytes": 1000}
    )
    big = scene.client.post(url, files={"file": ("clip.mp4", b"x" * 5000, "video/mp4")})
    assert big.status_code == 413
    assert big.headers["content-type"].startswith("application/problem+json")
    assert _verifications(session, evidence_id) == []
    missing = scene.client.post("/evidence/999999/verify", json={"sha256": "0" * 64})
    assert missing.status_code == 404

"""``/map/cameras/{code}/evidence``: a camera's evidence contributions, by role."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from camera_registry.audit.models import AuditEvent
from camera_registry.demo.records import DemoDataset


def busiest_camera(demo: DemoDataset) -> str:
    return Counter(e.camera_code for e in demo.evidence).most_common(1)[0][0]


def expected(demo: DemoDataset, code: str) -> tuple[int, int]:
    clips = [e for e in demo.evidence if e.camera_code == code]
    return len(clips), len({e.case_code for e in clips})


def test_investigator_reads_every_clip_and_is_audited(as_role, session, demo_data):
    code = busiest_camera(demo_data)
    clips, incidents = expected(demo_data, code)
    body = as_role("investigator").get(f"/map/cameras/{code}/evidence").json()
    assert (body["clips"], body["incidents"]) == (clips, incidents) and clips >= 1
    assert len(body["items"]) == clips and body["items_hidden"] == 0
    assert {i["case_code"] for i in body["items"]} == {
        e.case_code for e in demo_data.evidence if e.camera_code == code
    }
    assert all(len(i["clip_start_local"]) == 16 for i in body["items"])
    audited = session.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "evidence.read")
    ).all()
    assert {str(i["evidence_id"]) for i in body["items"]} <= set(audited)


def test_planner_gets_counts_without_clips(as_role, demo_data):
    code = busiest_camera(demo_data)
    clips, incidents = expected(demo_data, code)
    response = as_role("planner").get(f"/map/cameras/{code}/evidence")
    body = response.json()
    assert (body["clips"], body["incidents"]) == (clips, incidents)
    assert body["items"] == [] and body["items_hidden"] == clips
    assert not [e.case_code for e in demo_data.evidence if e.case_code in response.text]
    assert sum(t["incidents"] for t in body["by_type"]) == incidents


def test_commune_officer_reads_clips_of_own_communes_only(as_role, demo_data):
    code = busiest_camera(demo_data)
    camera = next(c for c in demo_data.cameras if c.code == code)
    incident_commune = {i.case_code: i.commune_code for i in demo_data.incidents}
    own = [e for e in demo_data.evidence if e.camera_code == code]
    mine = {e.case_code for e in own if incident_commune[e.case_code] == camera.commune_code}
    body = (
        as_role("commune_officer", (camera.commune_code,))
        .get(f"/map/cameras/{code}/evidence")
        .json()
    )
    assert {i["case_code"] for i in body["items"]} == mine
    other = as_role("commune_officer", ("00000",)).get(f"/map/cameras/{code}/evidence").json()
    assert other["items"] == [] and other["clips"] == len(own)


def test_camera_without_clips_and_unknown_camera(as_role, demo_data):
    used = {e.camera_code for e in demo_data.evidence}
    idle = next(c.code for c in demo_data.cameras if c.code not in used)
    body = as_role("viewer").get(f"/map/cameras/{idle}/evidence").json()
    assert body["clips"] == 0 and body["by_type"] == [] and body["items"] == []
    response = as_role("viewer").get("/map/cameras/NO-SUCH-CAMERA/evidence")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_evidence_needs_sign_in(client, demo_data):
    assert client.get(f"/map/cameras/{busiest_camera(demo_data)}/evidence").status_code == 401

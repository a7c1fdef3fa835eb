"""Recording incidents: derived commune, times as officers write them, clear 422s."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.incidents.models import Incident, IncidentStatusEvent


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Incident)) or 0


def _payload(x: float, y: float, **overrides):
    body = {"case_code": "VV-NEW-0001", "type": "fire", "occurred_at": "04/05/2023 21:30",
            "lon": x, "lat": y}  # fmt: skip
    body.update(overrides)
    return body


def test_create_derives_the_commune_for_the_incident_date(as_role, session, cam_thuy_commune):
    commune, lon, lat = cam_thuy_commune
    response = as_role("investigator").post("/incidents", json=_payload(lon, lat))
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/incidents/VV-NEW-0001"
    props = response.json()["properties"]
    assert props["commune_code"] == commune  # 2023: the legacy commune is in force
    assert props["occurred_at"] == "2023-05-04T21:30:00+07:00"
    assert props["occurred_at_local"] == "04/05/2023 21:30"
    assert props["type_label"] == "Cháy nổ" and props["type_label_en"] == "Fire"
    assert [e["status"] for e in props["status_history"]] == ["reported"]
    stored = session.scalars(select(Incident).where(Incident.case_code == "VV-NEW-0001")).one()
    assert stored.occurred_at == datetime(2023, 5, 4, 14, 30, tzinfo=UTC)
    audited = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == "VV-NEW-0001")
    ).all()
    assert audited == ["incident.create"]


def test_a_window_and_a_status_lifecycle(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    client = as_role("investigator")
    body = _payload(lon, lat, occurred_at="2024-01-02T22:00:00+07:00",
                    occurred_until="03/01/2024 06:00")  # fmt: skip
    assert client.post("/incidents", json=body).status_code == 201
    for status in ("investigating", "clarified", "closed"):
        moved = client.post("/incidents/VV-NEW-0001/status", json={"status": status})
        assert moved.status_code == 200, moved.text
    back = client.post("/incidents/VV-NEW-0001/status", json={"status": "investigating"})
    assert back.status_code == 422
    assert back.json()["errors"][0]["field"] == "status"
    props = client.get("/incidents/VV-NEW-0001").json()["properties"]
    assert props["occurred_until_local"] == "03/01/2024 06:00"
    history = [e["status"] for e in props["status_history"]]
    assert history == ["reported", "investigating", "clarified", "closed"]
    incident_id = session.scalars(select(Incident.id).where(Incident.case_code == "VV-NEW-0001"))
    rows = session.scalar(
        select(func.count()).where(IncidentStatusEvent.incident_id == incident_id.one())
    )
    assert rows == 4


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": (datetime.now(UTC) + timedelta(days=2)).isoformat()}, "occurred_at"),
        ({"occurred_at": "31/02/2023 10:00"}, "occurred_at"),
        ({"occurred_until": "04/05/2023 20:00"}, "occurred_until"),
        ({"type": "murder"}, "type"),
        ({"lat": 95}, "lat"),
        ({"lon": None, "lat": None}, "address"),
        ({"lat": None}, "lat"),
        ({"lon": 0.0, "lat": 0.0}, "lon"),
        ({"commune_code": "99999"}, "commune_code"),
        ({"case_code": "bad code!"}, "case_code"),
    ],
)
def test_bad_input_is_a_specific_422_and_nothing_is_written(
    as_role, session, cam_thuy_commune, overrides, field
):
    _, lon, lat = cam_thuy_commune
    before = _count(session)
    body = {k: v for k, v in _payload(lon, lat, **overrides).items() if v is not None}
    response = as_role("investigator").post("/incidents", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in response.json()["errors"]]
    assert _count(session) == before


def test_duplicate_case_code_is_409(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    client = as_role("investigator")
    assert client.post("/incidents", json=_payload(lon, lat)).status_code == 201
    again = client.post("/incidents", json=_payload(lon, lat))
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("role", ["planner", "viewer"])
def test_aggregate_roles_cannot_record_incidents(as_role, role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    assert as_role(role).post("/incidents", json=_payload(lon, lat)).status_code == 403


def test_commune_officers_record_only_in_their_communes(as_role, cam_thuy_commune):
    commune, lon, lat = cam_thuy_commune
    assert (
        as_role("commune_officer", ("99999",))
        .post("/incidents", json=_payload(lon, lat))
        .status_code
        == 403
    )
    assert (
        as_role("commune_officer", (commune,))
        .post("/incidents", json=_payload(lon, lat))
        .status_code
        == 201
    )

"""Role filtering is server-side: planners and viewers never receive a description or a point."""

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.demo.records import DemoDataset
from camera_registry.incidents.grid import cell_centre, cell_of
from camera_registry.incidents.models import FootageEvidence
from tests.incidents.conftest import Scene

GRID_M = 500.0  # the default CAMREG_PLANNER_GRID_M
QUERIES = [
    {"district": "390"},
    {"district": "390", "with_footage": "true", "from": "2022-01-01"},
    {"bbox": "107.0,11.5,108.5,13.0", "type": ["property_theft", "assault"]},
    {},
]
_PAIRS = re.compile(r"\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]")


def _points_in(raw: str) -> list[tuple[float, float]]:
    """Every ``[x, y]`` pair anywhere in a response's text."""
    return [(float(x), float(y)) for x, y in _PAIRS.findall(raw)]


def _near_an_incident(point: tuple[float, float], demo_data: DemoDataset) -> bool:
    """Within ~1 m of a real incident point (what "exact" would mean)."""
    return any(
        abs(point[0] - i.lon) < 1e-5 and abs(point[1] - i.lat) < 1e-5 for i in demo_data.incidents
    )


@pytest.mark.parametrize("role", ["planner", "viewer"])
@pytest.mark.parametrize("params", QUERIES)
def test_aggregate_roles_get_grid_cells_only(as_role, demo_data: DemoDataset, role, params):
    response = as_role(role).get("/incidents", params=params)
    assert response.status_code == 200, response.text
    raw = response.text
    assert "description" not in raw and "address" not in raw and "case_code" not in raw
    assert not any(i.description in raw for i in demo_data.incidents)
    assert not any(i.case_code in raw for i in demo_data.incidents)
    points = _points_in(raw)
    body = response.json()
    assert len(points) == len(body["features"])
    assert not any(_near_an_incident(p, demo_data) for p in points)
    assert body["gridMetres"] == GRID_M
    assert sum(f["properties"]["count"] for f in body["features"]) == body["numberMatched"]
    for feature in body["features"]:
        assert feature["properties"]["kind"] == "cell"
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == cell_centre(*cell_of(lon, lat, GRID_M), GRID_M)


def test_cells_count_exactly_the_incidents_in_them(as_role, demo_data: DemoDataset):
    body = as_role("planner").get("/incidents", params={"district": "390"}).json()
    shown = {
        cell_of(*f["geometry"]["coordinates"], GRID_M): f["properties"]["count"]
        for f in body["features"]
    }
    investigator = (
        as_role("investigator").get("/incidents", params={"district": "390", "limit": 5000}).json()
    )
    expected: dict[tuple[int, int], int] = {}
    for f in investigator["features"]:
        cell = cell_of(*f["geometry"]["coordinates"], GRID_M)
        expected[cell] = expected.get(cell, 0) + 1
    assert shown == expected
    assert body["countsByType"] == investigator["countsByType"]


@pytest.mark.parametrize("role", ["planner", "viewer"])
def test_aggregate_roles_cannot_read_one_incident_or_its_evidence(
    as_role, session: Session, demo_data: DemoDataset, role
):
    case_code = demo_data.incidents[0].case_code
    evidence_id = session.scalars(select(FootageEvidence.id)).first()
    for path in (
        f"/incidents/{case_code}",
        f"/evidence/{evidence_id}",
        f"/evidence/{evidence_id}/custody",
        f"/evidence/{evidence_id}/custody/verify",
        f"/incidents/{case_code}/evidence",
        f"/incidents/{case_code}/candidates",
    ):
        # a refusal rolls the request's session back (and audits it): sign in afresh
        denied = as_role(role).get(path)
        assert demo_data.incidents[0].description not in denied.text
        assert denied.status_code == 403, path
        assert denied.headers["content-type"].startswith("application/problem+json")


def test_stats_are_open_to_every_role(as_role):
    for role in ("planner", "viewer", "investigator"):
        body = (
            as_role(role)
            .get(
                "/incidents/stats",
                params={
                    "district": "390",
                    "with_footage": "true",
                    "from": "2022-01-01",
                },  # fmt: skip
            )
            .json()
        )
        assert body["clarified_with_footage"] == body["total"] == 13
        assert {t["type"]: t["count"] for t in body["by_type"]}["traffic_accident"] == 7


def test_investigators_get_details(as_role, demo_data: DemoDataset):
    body = as_role("investigator").get("/incidents", params={"district": "390", "limit": 5}).json()
    assert len(body["features"]) == 5
    props = body["features"][0]["properties"]
    assert props["kind"] == "incident" and props["description"]
    assert "gridMetres" not in body


def test_commune_officers_see_details_in_their_communes_only(
    as_role, scene: Scene, demo_data: DemoDataset, session: Session
):
    officer = as_role("commune_officer", (scene.commune_code,))
    body = officer.get("/incidents", params={"district": "390"}).json()
    details = [f for f in body["features"] if f["properties"]["kind"] == "incident"]
    cells = [f for f in body["features"] if f["properties"]["kind"] == "cell"]
    assert details and cells
    assert {f["properties"]["commune_code"] for f in details} == {scene.commune_code}
    assert len(details) + sum(c["properties"]["count"] for c in cells) == body["numberMatched"]
    assert officer.get(f"/incidents/{scene.case_code}").status_code == 200
    others = [i for i in demo_data.incidents if i.case_code.startswith("VV-390")]
    hidden = {i.description for i in others} - {f["properties"]["description"] for f in details}
    raw = officer.get("/incidents", params={"district": "390"}).text
    assert not any(text in raw for text in hidden)
    outside = next(i.case_code for i in others if i.case_code not in {f["id"] for f in details})
    hidden_one = officer.get(f"/incidents/{outside}")
    missing_one = officer.get("/incidents/VV-KHONG-CO")
    assert hidden_one.status_code == missing_one.status_code == 404
    assert hidden_one.json()["type"] == missing_one.json()["type"]
    assert hidden_one.json()["detail"] == f"No incident has case code {outside!r}."
    username = officer.get("/auth/me").json()["username"]
    denials = session.scalars(
        select(AuditEvent).where(AuditEvent.actor == username, AuditEvent.action == "access.denied")
    ).all()
    assert [(d.outcome, d.object_id) for d in denials] == [("404", f"GET /incidents/{outside}")]

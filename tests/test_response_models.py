"""Every route declares what it answers, and what it answers matches the declaration.

The first test walks the published OpenAPI document: each operation's 2xx answer
carries a schema (files and tiles: their media types).  The others make one real
request per JSON route family, on both engines, and validate the body against the
schema FastAPI publishes for that status and media type (JSON Schema 2020-12).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.incidents.models import FootageEvidence, FootageRequest, Incident
from camera_registry.main import create_app
from camera_registry.settings import Settings

#: Operations answering files or tiles: documented by their media types, no JSON schema.
FILES = {
    ("get", "/tiles/{layer}/{z}/{x}/{y}.mvt"),
    ("get", "/admin-units/export"),
    ("get", "/cameras/export"),
}
DISTRICT = "390"  # Cẩm Thủy in the demo data


def _spec(tmp_path: Any) -> dict[str, Any]:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"))
    return app.openapi()


def test_every_operation_declares_its_answer(tmp_path):
    spec = _spec(tmp_path)
    checked, undeclared = 0, []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = {c: r for c, r in operation["responses"].items() if c.startswith("2")}
            checked += 1
            for code, response in ok.items():
                content = response.get("content", {})
                if code == "204":
                    continue
                schemas = [m.get("schema") for m in content.values()]
                if (method, path) in FILES and content:
                    continue
                if not any(schemas):
                    undeclared.append((method.upper(), path, code))
            if not ok:
                undeclared.append((method.upper(), path, "no 2xx"))
    assert checked >= 50
    assert undeclared == []


@pytest.fixture
def check(client: TestClient) -> Callable[[Response], Any]:
    """``check(response)``: the body, validated against the route's published schema."""
    spec = client.app.openapi()  # type: ignore[attr-defined]

    def validate(response: Response) -> Any:
        assert response.status_code < 300, response.text
        route = response.request.url.path
        operation = _operation(spec, response.request.method.lower(), route)
        media = response.headers["content-type"].split(";")[0]
        declared = operation["responses"][str(response.status_code)]["content"][media]["schema"]
        body = response.json()
        validator = jsonschema_rs.Draft202012Validator(
            {**declared, "components": spec["components"]}
        )
        errors = [f"{e.instance_path}: {e.message}"[:300] for e in validator.iter_errors(body)]
        assert errors == [], f"{response.request.method} {route}"
        return body

    return validate


def _operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The OpenAPI operation whose path template matches a concrete path."""
    parts = path.strip("/").split("/")
    for template, operations in spec["paths"].items():
        tparts = template.strip("/").split("/")
        if len(tparts) == len(parts) and method in operations:
            if all(t.startswith("{") or t == p for t, p in zip(tparts, parts, strict=True)):
                return dict(operations[method])
    raise AssertionError(f"no operation for {method} {path}")


@pytest.fixture
def demo(session: Session) -> dict[str, Any]:
    """Codes and ids of demo records that have evidence and footage requests."""
    evidence = session.scalars(select(FootageEvidence).order_by(FootageEvidence.id)).first()
    request = session.scalars(select(FootageRequest).order_by(FootageRequest.id)).first()
    assert evidence is not None and request is not None
    camera = session.get(Camera, evidence.camera_id)
    assert camera is not None
    return {
        "case": session.get(Incident, evidence.incident_id).case_code,  # type: ignore[union-attr]
        "request_case": session.get(Incident, request.incident_id).case_code,  # type: ignore[union-attr]
        "evidence": evidence.id,
        "request": request.id,
        "camera": camera.code,
    }


def test_cameras_sites_and_map(as_role, check, demo, cam_thuy_commune):
    admin = as_role("admin")
    page = check(admin.get("/cameras", params={"limit": 3}))
    assert page["features"]
    code = demo["camera"]
    assert "owner_contact" in check(admin.get(f"/cameras/{code}"))["properties"]
    check(admin.get(f"/cameras/{code}/history"))
    check(admin.get(f"/cameras/{code}/status"))
    check(admin.get(f"/map/cameras/{code}/evidence"))
    _, lon, lat = cam_thuy_commune
    site = {"code": "SITE-SHAPE", "name": "Cột điện", "lon": lon, "lat": lat}
    check(admin.post("/sites", json=site))
    assert check(admin.get("/sites"))["features"]
    viewer = as_role("viewer")
    assert "owner_contact" not in check(viewer.get(f"/cameras/{code}"))["properties"]
    assert "features" in check(viewer.get("/cameras", params={"limit": 3}))


def test_lookup_places_and_admin_units(as_role, check, client):
    viewer = as_role("viewer")
    check(client.get("/admin-units", params={"parent": DISTRICT}))
    check(viewer.get("/places", params={"q": "cho"}))
    check(as_role("investigator").get("/lookup", params={"lon": 105.471388, "lat": 20.201512}))
    check(viewer.get("/lookup", params={"lon": 105.471388, "lat": 20.201512, "radius": 500}))


def test_incidents_evidence_and_requests(as_role, check, demo):
    investigator = as_role("admin")  # allowed every incident's details
    case = demo["case"]
    assert check(investigator.get("/incidents", params={"limit": 3}))["features"]
    check(investigator.get("/incidents/stats"))
    check(investigator.get(f"/incidents/{case}"))
    assert check(investigator.get(f"/incidents/{case}/evidence"))
    check(investigator.get(f"/incidents/{case}/candidates"))
    check(investigator.get(f"/evidence/{demo['evidence']}"))
    assert check(investigator.get(f"/evidence/{demo['evidence']}/custody"))
    check(investigator.get(f"/evidence/{demo['evidence']}/custody/verify"))
    assert check(investigator.get(f"/incidents/{demo['request_case']}/footage-requests"))
    check(investigator.get(f"/footage-requests/{demo['request']}"))
    assert check(as_role("planner").get("/incidents", params={"limit": 3}))["features"]


def test_coverage_and_reports(as_role, check):
    planner = as_role("admin")  # allowed every unit's planning figures
    check(planner.get(f"/coverage/units/{DISTRICT}"))
    check(planner.get(f"/coverage/units/{DISTRICT}/children"))
    check(planner.get(f"/coverage/gaps/{DISTRICT}"))
    check(planner.get(f"/coverage/hotspots/{DISTRICT}"))
    check(planner.get(f"/coverage/recommend/{DISTRICT}", params={"k": 2}))
    check(planner.get("/reports/monthly", params={"month": "2023-05", "unit": DISTRICT}))


def test_accounts_and_system(as_role, check, client):
    check(client.get("/healthz"))
    check(as_role("viewer").get("/auth/me"))

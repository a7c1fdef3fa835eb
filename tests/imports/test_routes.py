"""POST /cameras/import and GET /cameras/export: roles, limits, problem details, privacy."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from tests.imports.conftest import counts, stored
from tests.imports.filegen import csv_bytes

HEADERS = ["Mã camera", "Kinh độ", "Vĩ độ", "Hướng", "Góc nhìn", "Tầm xa", "Sở hữu", "Chủ sở hữu"]


def _rows(commune_point, n: int = 3, prefix: str = "API") -> list[list]:
    _, lon, lat = commune_point
    return [
        [f"{prefix}-{i}", lon + i * 0.0004, lat, "90", "60", "40", "household", f"Hộ {i}"]
        for i in range(n)
    ]


def _upload(client, data: bytes, name: str = "list.csv", **params):
    return client.post("/cameras/import", params=params, files={"file": (name, data, "text/csv")})


def test_admin_imports_and_gets_the_report(as_role, session, cam_thuy_commune):
    response = _upload(as_role("admin"), csv_bytes(_rows(cam_thuy_commune), HEADERS))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["failed"], body["written"]) == (3, 0, True)
    assert stored(session, "API-1").owner_name == "Hộ 1"
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "camera.import")).all()
    assert json.loads(audit[-1].detail)["created"] == 3 and audit[-1].object_id == "list.csv"


def test_atomic_failure_is_a_422_problem_listing_each_bad_row(as_role, session, cam_thuy_commune):
    rows = _rows(cam_thuy_commune)
    rows[1][3] = "somewhere"
    before = counts(session)
    response = _upload(as_role("admin"), csv_bytes(rows, HEADERS))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["errors"] == [
        {"field": "row 3: Hướng", "row": 3, "column": "Hướng", "value": "somewhere",
         "reason": body["errors"][0]["reason"]}
    ]  # fmt: skip
    assert "direction" in body["errors"][0]["reason"]
    assert body["report"]["failed_rows"] == [3]
    assert counts(session)[:2] == before[:2]


def test_partial_and_dry_run_parameters(as_role, session, cam_thuy_commune):
    rows = _rows(cam_thuy_commune)
    rows[0][5] = "9000"
    client = as_role("admin")
    dry = _upload(client, csv_bytes(rows, HEADERS), dry_run="true")
    assert dry.status_code == 200 and dry.json()["written"] is False
    partial = _upload(client, csv_bytes(rows, HEADERS), partial="true")
    assert partial.status_code == 200 and partial.json()["created"] == 2


@pytest.mark.parametrize("role", ["planner", "viewer", "investigator"])
def test_read_only_roles_cannot_import(as_role, role, cam_thuy_commune):
    response = _upload(as_role(role), csv_bytes(_rows(cam_thuy_commune), HEADERS))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_commune_officer_imports_only_into_their_communes(as_role, session, cam_thuy_commune):
    commune, _, _ = cam_thuy_commune
    ok = _upload(
        as_role("commune_officer", (commune,)), csv_bytes(_rows(cam_thuy_commune), HEADERS)
    )
    assert ok.status_code == 200 and ok.json()["created"] == 3
    other = as_role("commune_officer", ("99999",))
    refused = _upload(other, csv_bytes(_rows(cam_thuy_commune, prefix="OTHER"), HEADERS))
    assert refused.status_code == 422
    assert all("your communes" in e["reason"] for e in refused.json()["errors"])


def test_uploads_above_the_cap_are_413(as_role, client, cam_thuy_commune):
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"max_import_upload_bytes": 200}
    )
    response = _upload(as_role("admin"), csv_bytes(_rows(cam_thuy_commune, n=20), HEADERS))
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


def test_bad_crs_and_bad_mapping_are_422_naming_the_field(as_role, cam_thuy_commune):
    client = as_role("admin")
    data = csv_bytes(_rows(cam_thuy_commune), HEADERS)
    bad_crs = _upload(client, data, crs="EPSG:999999")
    assert bad_crs.status_code == 422 and bad_crs.json()["errors"][0]["field"] == "crs"
    response = client.post(
        "/cameras/import",
        files={"file": ("list.csv", data, "text/csv")},
        data={"mapping": '{"columns": {"Hướng": "nonsense"}}'},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "mapping"
    garbage = _upload(client, b"\x00\x01 not a spreadsheet", name="x.xlsx")
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "file"


def _export_rows(client, **params) -> list[dict[str, str]]:
    response = client.get("/cameras/export", params={"format": "csv", **params})
    assert response.status_code == 200, response.text
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_respects_holder_privacy(as_role, session, cam_thuy_commune):
    commune, _, _ = cam_thuy_commune
    pairs = session.execute(select(Camera.code, Camera.owner_name))
    holders = {r.code: r.owner_name for r in pairs}
    planner = _export_rows(as_role("planner"), district="390")
    assert planner and "Chủ sở hữu (owner_name)" not in planner[0]
    investigator = _export_rows(as_role("investigator"), district="390")
    assert any(r["Chủ sở hữu (owner_name)"] for r in investigator)
    for row in investigator:
        assert row["Chủ sở hữu (owner_name)"] == (holders[row["Mã camera (code)"]] or "")
    officer = _export_rows(as_role("commune_officer", (commune,)), district="390")
    assert any(r["Xã/Phường (commune_code)"] == commune for r in officer)
    for row in officer:
        own = row["Xã/Phường (commune_code)"] == commune
        expected = (holders[row["Mã camera (code)"]] or "") if own else ""
        assert row["Chủ sở hữu (owner_name)"] == expected


@pytest.mark.parametrize("fmt", ["xlsx", "geojson", "gpkg"])
def test_export_formats_are_served_not_taken_for_a_camera_code(as_role, fmt):
    response = as_role("viewer").get("/cameras/export", params={"format": fmt, "commune": "15127"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "geojson":
        assert response.json()["type"] == "FeatureCollection"


def test_export_bad_format_is_a_problem(as_role):
    response = as_role("viewer").get("/cameras/export", params={"format": "pdf"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")

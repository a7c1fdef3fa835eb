"""Investigators see holders, incident details and evidence within their province (both engines).

An investigator account may carry province scopes (``camreg user add … --province 38``);
without one it works nationwide.  Cẩm Thủy (district 390) lies in Thanh Hóa (38), the
demo's other cameras in Đắk Nông (67).
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from camera_registry.cli import app
from camera_registry.demo.records import DemoDataset


def _held_camera(client: Any, **where: str) -> str:
    body = client.get("/cameras", params={**where, "limit": 200}).json()
    held = [f["id"] for f in body["features"] if f["properties"].get("owner_contact")]
    assert held, where
    return str(held[0])


def _contact(client: Any, code: str) -> Any:
    response = client.get(f"/cameras/{code}")
    assert response.status_code == 200, response.text
    return response.json()["properties"].get("owner_contact")


def test_an_investigator_scoped_to_a_province_sees_holders_and_cases_only_there(
    as_role, demo_data: DemoDataset
):
    admin = as_role("admin")
    cam_thuy = _held_camera(admin, district="390")
    dak_nong = _held_camera(admin, province="67")
    case = next(i.case_code for i in demo_data.incidents if i.case_code.startswith("VV-390"))

    thanh_hoa = as_role("investigator", ("38",))
    assert _contact(thanh_hoa, cam_thuy) is not None
    assert _contact(thanh_hoa, dak_nong) is None
    assert thanh_hoa.get(f"/incidents/{case}").status_code == 200

    elsewhere = as_role("investigator", ("67",))
    assert _contact(elsewhere, cam_thuy) is None
    assert _contact(elsewhere, dak_nong) is not None
    hidden = elsewhere.get(f"/incidents/{case}")
    assert hidden.status_code == 404 and "description" not in hidden.text
    listed = elsewhere.get("/incidents", params={"district": "390"}).json()
    assert {f["properties"]["kind"] for f in listed["features"]} == {"cell"}

    nationwide = as_role("investigator")
    assert _contact(nationwide, cam_thuy) is not None and _contact(nationwide, dak_nong) is not None
    assert nationwide.get(f"/incidents/{case}").status_code == 200


@pytest.fixture
def cli_db(fresh_db_url, monkeypatch: pytest.MonkeyPatch) -> str:
    url = str(fresh_db_url("camreg_scope"))
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_the_cli_scopes_investigators_to_known_provinces(cli_db: str):
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    unknown = runner.invoke(app, ["user", "add", "a", "--role", "investigator", "--province", "99"])
    assert unknown.exit_code == 2 and "No province" in unknown.output
    planner = runner.invoke(app, ["user", "add", "b", "--role", "planner", "--province", "38"])
    assert planner.exit_code == 2
    ok = runner.invoke(app, ["user", "add", "c", "--role", "investigator", "--province", "38"])
    assert ok.exit_code == 0, ok.output

"""Who may ask what, bad input as problem details, and the CLI tables on the demo."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from camera_registry.cli import app

PROBLEM = "application/problem+json"
runner = CliRunner()
ENDPOINTS = [
    "/coverage/units/15127",
    "/coverage/units/15127/children",
    "/coverage/gaps/15127",
    "/coverage/hotspots/15127",
    "/coverage/recommend/15127?k=2",
]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_endpoint_needs_a_key(client, path):
    problem(client.get(path), 401)


@pytest.mark.parametrize("role", ["admin", "planner", "investigator"])
def test_planning_roles_may_ask_everything(as_role, role):
    client = as_role(role)
    for path in ENDPOINTS:
        assert client.get(path).status_code == 200, path


def test_viewer_reads_unit_figures_only(as_role):
    viewer = as_role("viewer")
    assert viewer.get(ENDPOINTS[0]).status_code == 200
    assert viewer.get(ENDPOINTS[1]).status_code == 200
    for path in ENDPOINTS[2:]:
        # A refusal is audited after rolling back the request's work, test user included.
        problem(as_role("viewer").get(path), 403)


def test_commune_officer_plans_only_their_communes(as_role):
    officer = as_role("commune_officer", ("15127",))
    assert officer.get("/coverage/units/390").status_code == 200  # figures: any unit
    for path in (
        "/coverage/gaps/15127",
        "/coverage/hotspots/15127?cell_m=100",
        "/coverage/recommend/15127?k=1",
    ):
        assert officer.get(path).status_code == 200, path
    for path in ("/coverage/gaps/390", "/coverage/gaps/15130", "/coverage/recommend/390"):
        problem(as_role("commune_officer", ("15127",)).get(path), 403)


def test_planner_hot_spots_are_no_finer_than_the_planner_grid(as_role):
    path = "/coverage/hotspots/15127"
    body = problem(as_role("planner").get(path, params={"cell_m": 100}), 422)
    assert body["errors"][0]["field"] == "cell_m"
    assert as_role("admin").get(path, params={"cell_m": 100}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"k": 0}, "k"),
        ({"k": 201}, "k"),
        ({"k": "many"}, "k"),
        ({"on": "2025-13-01"}, "on"),
        ({"from": "31/02/2024"}, "from"),
        ({"from": "2024-05-01", "to": "2024-04-30"}, "to"),
        ({"on": "2024-01-01", "at": "2024-01-02"}, "at"),
        ({"road_weight": -1}, "road_weight"),
        ({"fov_deg": 0}, "fov_deg"),
        ({"range_m": 900}, "range_m"),
    ],
)
def test_bad_recommend_input_is_a_422_naming_the_field(as_role, params, field):
    body = problem(as_role("planner").get("/coverage/recommend/15127", params=params), 422)
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/coverage/gaps/15127?tolerance_m=-1", "tolerance_m"),
        ("/coverage/hotspots/15127?cell_m=0", "cell_m"),
        ("/coverage/hotspots/15127?limit=0", "limit"),
        ("/coverage/units/15127?to=2020-01-01&from=2021-01-01", "to"),
    ],
)
def test_other_bad_input(as_role, path, field):
    body = problem(as_role("admin").get(path), 422)
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize("path", [p.replace("15127", "99999") for p in ENDPOINTS])
def test_unknown_unit_is_a_404_problem(as_role, path):
    body = problem(as_role("admin").get(path), 404)
    assert "99999" in body["detail"]


@pytest.fixture
def demo_cli(db_url, engine, monkeypatch):
    """The CLI pointed at the session's demo database (these commands only read)."""
    monkeypatch.setenv("CAMREG_DATABASE_URL", db_url)


def test_cli_unit_table(demo_cli):
    result = runner.invoke(app, ["coverage", "unit", "67", "--on", "30/06/2025"])
    assert result.exit_code == 0, result.output
    assert "56/71" in result.output and "Xã chưa có camera" in result.output
    assert "30/06/2025" in result.output
    cam_thuy = runner.invoke(app, ["coverage", "unit", "390", "--on", "2025-06-30"])
    assert "17/17" in cam_thuy.output


def test_cli_children_gaps_hotspots_recommend(demo_cli, tmp_path):
    children = runner.invoke(app, ["coverage", "children", "390", "--on", "30/06/2025"])
    assert children.exit_code == 0 and "Cẩm" in children.output
    out = tmp_path / "gaps.geojson"
    gaps = runner.invoke(app, ["coverage", "gaps", "390", "--on", "30/06/2025", "-o", str(out)])
    assert gaps.exit_code == 0 and json.loads(out.read_text("utf-8"))["features"]
    hot = runner.invoke(app, ["coverage", "hotspots", "390", "--from", "01/01/2022"])
    assert hot.exit_code == 0 and "Điểm nóng" in hot.output
    rec = runner.invoke(app, ["coverage", "recommend", "390", "--k", "3"])
    assert rec.exit_code == 0 and "63,2 %" in rec.output


def test_cli_bad_date(demo_cli):
    result = runner.invoke(app, ["coverage", "unit", "390", "--on", "31/02/2025"])
    assert result.exit_code != 0 and "dd/mm/yyyy" in result.output

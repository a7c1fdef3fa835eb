"""Who may ask what, bad input as problem details, and the CLI tables on the demo."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from shapely.geometry import Point, shape
from typer.testing import CliRunner

from camera_registry.cli import app
from tests.coverage.conftest import is_cell, planner_cell
from tests.problems import assert_problem

runner = CliRunner()
ENDPOINTS = [
    "/coverage/units/15127",
    "/coverage/units/15127/children",
    "/coverage/gaps/15127",
    "/coverage/hotspots/15127",
    "/coverage/recommend/15127?k=2",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_endpoint_needs_a_key(client, path):
    assert_problem(client.get(path), 401)


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
        assert_problem(as_role("viewer").get(path), 403)


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
        assert_problem(as_role("commune_officer", ("15127",)).get(path), 403)


@pytest.mark.parametrize("cell_m", [100, 499, 501, 1000])
def test_planner_hot_spots_are_on_the_planner_grid_only(as_role, cell_m):
    path = "/coverage/hotspots/15127"
    body = assert_problem(as_role("planner").get(path, params={"cell_m": cell_m}), 422)
    assert body["errors"][0]["field"] == "cell_m" and "500 m" in body["errors"][0]["reason"]
    assert as_role("admin").get(path, params={"cell_m": cell_m}).status_code == 200
    assert as_role("planner").get(path, params={"cell_m": 500}).status_code == 200


RECOMMEND = {"on": "2025-06-30", "from": "2022-01-01", "k": 10}
POSITION = ("position", "cell", "cell_m")


def numbers(value: Any) -> set[float]:
    """Every number anywhere in a JSON body."""
    if isinstance(value, dict):
        return set().union(*map(numbers, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(numbers, value)) if value else set()
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return {float(value)} if is_number else set()


def check_cell(feature: dict, exact: list[float], grid_m: float) -> str:
    """The feature is the planner-grid cell holding ``exact``, with only cell corners; its id."""
    cell, bounds = planner_cell(*exact, grid_m)
    assert is_cell(feature["geometry"], bounds)  # RFC 7946 orientation included
    assert shape(feature["geometry"]).contains(Point(exact))
    props = feature["properties"]
    assert props["position"] == "cell" and props["cell_m"] == grid_m
    assert props["cell"] == cell
    return cell


@pytest.mark.parametrize("code", ["390", "15127"])
def test_planners_get_incident_sites_only_as_planner_grid_cells(as_role, settings, world, code):
    path = f"/coverage/recommend/{code}"
    exact = as_role("admin").get(path, params=RECOMMEND).json()
    coarse = as_role("planner").get(path, params=RECOMMEND).json()
    grid_m = settings.planner_grid_m
    hot = as_role("planner").get(
        f"/coverage/hotspots/{code}", params={**RECOMMEND, "cell_m": grid_m, "limit": 1000}
    )
    hot_cells = {f["id"]: f["geometry"] for f in hot.json()["features"]}
    incidents = [point for _, _, point in world.incidents.values()]
    from_incidents, shared_with_hot_spots = [], 0
    for admin, planner in zip(exact["features"], coarse["features"], strict=True):
        a, p = admin["properties"], planner["properties"]
        assert admin["geometry"]["type"] == "Point"
        # the same pick, direction, gains and counts: only the position differs
        assert {k: v for k, v in p.items() if k not in POSITION} == {
            k: v for k, v in a.items() if k not in POSITION
        }
        if a["source"] != "incident":
            assert planner == admin  # gazetteer places and road vertices are public
            continue
        site = admin["geometry"]["coordinates"]
        from_incidents.append(site)
        cell = check_cell(planner, site, grid_m)
        # drawn from incidents of its own cell: one lies within a snap step of the site
        assert any(
            planner_cell(point.x, point.y, grid_m)[0] == cell
            and math.dist(site, (point.x, point.y)) < 3e-4
            for point in incidents
        )
        if cell in hot_cells:
            shared_with_hot_spots += 1
            assert planner["geometry"] == hot_cells[cell]  # the cells line up
    assert from_incidents and shared_with_hot_spots
    assert {c for point in from_incidents for c in point}.isdisjoint(numbers(coarse))
    assert coarse["site_cell_m"] == grid_m and exact["site_cell_m"] is None
    assert {f["properties"]["position"] for f in exact["features"]} == {"exact"}
    assert {k: v for k, v in coarse.items() if k not in ("features", "site_cell_m")} == {
        k: v for k, v in exact.items() if k not in ("features", "site_cell_m")
    }


@pytest.mark.parametrize(
    ("role", "communes"), [("investigator", ()), ("commune_officer", ("15127",))]
)
def test_detail_roles_get_exact_recommended_sites(as_role, role, communes):
    path = "/coverage/recommend/15127"
    admin = as_role("admin").get(path, params=RECOMMEND).json()
    body = as_role(role, communes).get(path, params=RECOMMEND).json()
    assert body == admin and body["site_cell_m"] is None
    assert any(f["properties"]["source"] == "incident" for f in body["features"])
    assert {f["geometry"]["type"] for f in body["features"]} == {"Point"}


HOT = {**RECOMMEND, "limit": 1000}


def answers(client, code: str, **hot: Any) -> tuple[dict, dict]:
    """The hot spots and the recommendation a client gets for a unit."""
    spots = client.get(f"/coverage/hotspots/{code}", params={**HOT, **hot})
    sites = client.get(f"/coverage/recommend/{code}", params=RECOMMEND)
    assert spots.status_code == sites.status_code == 200, (spots.text, sites.text)
    return spots.json(), sites.json()


@pytest.mark.parametrize(
    ("scope", "code"),
    [
        (("67",), "390"),  # Đắk Nông's investigator in Cẩm Thủy (Thanh Hóa)
        (("67",), "15127"),
        (("15127",), "390"),  # one commune of the district is not the district
    ],
)
def test_a_scoped_investigator_outside_their_scope_is_answered_as_a_planner(as_role, scope, code):
    planner = answers(as_role("planner"), code)
    assert answers(as_role("investigator", scope), code) == planner
    assert planner[1]["site_cell_m"] == 500
    assert any(f["properties"]["position"] == "cell" for f in planner[1]["features"])
    refused = as_role("investigator", scope).get(
        f"/coverage/hotspots/{code}", params={**HOT, "cell_m": 100}
    )
    assert assert_problem(refused, 422)["errors"][0]["field"] == "cell_m"


@pytest.mark.parametrize(
    ("scope", "code"), [(("38",), "390"), (("38",), "15127"), (("15127",), "15127")]
)
def test_a_scoped_investigator_inside_their_scope_gets_exact_answers(as_role, scope, code):
    admin = answers(as_role("admin"), code, cell_m=100)
    assert answers(as_role("investigator", scope), code, cell_m=100) == admin
    assert admin[0]["cell_m"] == 100 and admin[1]["site_cell_m"] is None
    assert any(f["properties"]["source"] == "incident" for f in admin[1]["features"])
    assert {f["geometry"]["type"] for f in admin[1]["features"]} == {"Point"}


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
    body = assert_problem(as_role("planner").get("/coverage/recommend/15127", params=params), 422)
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
    body = assert_problem(as_role("admin").get(path), 422)
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize("path", [p.replace("15127", "99999") for p in ENDPOINTS])
def test_unknown_unit_is_a_404_problem(as_role, path):
    body = assert_problem(as_role("admin").get(path), 404)
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

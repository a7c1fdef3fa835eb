"""The incidents layer is shaped by role exactly as ``GET /incidents`` is.

Investigators get every incident of the tile as an exact point; planners and
viewers only grid cells (counts), never a case code or a point finer than the
grid; a commune officer gets exact points in their communes and cells
elsewhere.  Expected cells are recomputed here from every incident row with
the incidents domain's grid definition.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.incidents.grid import cell_centre, cell_of
from camera_registry.incidents.models import Incident
from tests.web.support import (
    BUFFER,
    TO_MERCATOR,
    features,
    near_edge,
    tile_box,
    tile_of,
    tile_units,
)

GRID_M = 500.0  # Settings.planner_grid_m's default


def incidents(session: Session) -> list[tuple[str, str, str | None, float, float]]:
    rows = session.execute(
        select(
            Incident.case_code,
            Incident.type,
            AdminUnit.code,
            func.ST_X(Incident.geom),
            func.ST_Y(Incident.geom),
        ).outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
    )
    return [(c, t, commune, float(x), float(y)) for c, t, commune, x, y in rows]


def in_tile(lon: float, lat: float, z: int, x: int, y: int) -> bool | None:
    """Inside the buffered tile (None: too close to its edge to call)."""
    p = Point(TO_MERCATOR.transform(lon, lat))
    if near_edge(p, z, x, y):
        return None
    return bool(tile_box(z, x, y, BUFFER).contains(p))


def expected_cells(rows, z: int, x: int, y: int) -> tuple[Counter, set]:
    counts: Counter = Counter()
    for _, _, _, lon, lat in rows:
        counts[cell_of(lon, lat, GRID_M)] += 1
    inside, unsure = Counter(), set()
    for cell, n in counts.items():
        where = in_tile(*cell_centre(*cell, GRID_M), z, x, y)
        if where is None:
            unsure.add(cell)
        elif where:
            inside[cell] = n
    return inside, unsure


def busiest_tile(rows, z: int) -> tuple[int, int, int]:
    return Counter(tile_of(lon, lat, z) for *_, lon, lat in rows).most_common(1)[0][0]


def tile(client, z, x, y, **params) -> list[dict]:
    response = client.get(f"/tiles/incidents/{z}/{x}/{y}.mvt", params=params)
    assert response.status_code == 200, response.text
    assert b"description" not in response.content
    return features(response.content, "incidents")


def test_investigator_gets_every_incident_of_the_tile(as_role, session):
    rows = incidents(session)
    z, x, y = busiest_tile(rows, 13)
    found = tile(as_role("investigator"), z, x, y)
    codes = {f["properties"]["case_code"] for f in found}
    inside = {c for c, _, _, lon, lat in rows if in_tile(lon, lat, z, x, y)}
    unsure = {c for c, _, _, lon, lat in rows if in_tile(lon, lat, z, x, y) is None}
    assert inside and codes - unsure == inside
    assert {f["properties"]["kind"] for f in found} == {"incident"}


@pytest.mark.parametrize("role", ["planner", "viewer"])
def test_aggregate_roles_get_grid_cells_only(as_role, session, role):
    rows = incidents(session)
    z, x, y = busiest_tile(rows, 12)
    response = as_role(role).get(f"/tiles/incidents/{z}/{x}/{y}.mvt")
    assert not [c for c, *_ in rows if c.encode() in response.content]
    found = features(response.content, "incidents")
    assert found and {f["properties"]["kind"] for f in found} == {"cell"}
    assert all("case_code" not in f["properties"] for f in found)
    inside, unsure = expected_cells(rows, z, x, y)
    got = {f["properties"]["cell"]: f["properties"]["count"] for f in found}
    want = {f"cell:{GRID_M:g}:{c}:{r}": n for (c, r), n in inside.items()}
    unsure_ids = {f"cell:{GRID_M:g}:{c}:{r}" for c, r in unsure}
    assert {k: v for k, v in got.items() if k not in unsure_ids} == want
    for f in found:
        by_type = json.loads(f["properties"]["by_type"])
        assert sum(by_type.values()) == f["properties"]["count"]


def test_commune_officer_sees_own_commune_exactly_and_cells_elsewhere(as_role, session):
    rows = incidents(session)
    z, x, y = busiest_tile(rows, 11)
    communes = Counter(commune for _, _, commune, lon, lat in rows if in_tile(lon, lat, z, x, y))
    mine = communes.most_common(1)[0][0]
    found = tile(as_role("commune_officer", (mine,)), z, x, y)
    exact = [f for f in found if f["properties"]["kind"] == "incident"]
    cells = [f for f in found if f["properties"]["kind"] == "cell"]
    assert exact and cells
    assert {f["properties"]["commune_code"] for f in exact} == {mine}
    in_mine = {
        c for c, _, commune, lon, lat in rows if commune == mine and in_tile(lon, lat, z, x, y)
    }
    assert in_mine <= {f["properties"]["case_code"] for f in exact}
    outside = [r for r in rows if r[2] != mine]
    inside, unsure = expected_cells(outside, z, x, y)
    got = {f["properties"]["cell"]: f["properties"]["count"] for f in cells}
    unsure_ids = {f"cell:{GRID_M:g}:{c}:{r}" for c, r in unsure}
    want = {f"cell:{GRID_M:g}:{c}:{r}": n for (c, r), n in inside.items()}
    assert {k: v for k, v in got.items() if k not in unsure_ids} == want


FILTERS = [
    {"type": "traffic_accident"},
    {"with_footage": "true"},
    {"from": "2023-01-01", "to": "2023-01-31"},
    {"type": ["property_theft", "drug_offence"], "with_footage": "false"},
]


@pytest.mark.parametrize("role", ["investigator", "planner"])
def test_filters_match_the_incidents_api(as_role, role):
    client = as_role(role)
    for params in FILTERS:
        listing = client.get("/incidents", params={**params, "limit": 1})
        assert listing.status_code == 200
        found = tile(client, 0, 0, 0, **params)
        if role == "investigator":
            total = len(found)
        else:
            total = sum(f["properties"]["count"] for f in found)
        assert total == listing.json()["numberMatched"], params


def test_filter_problems_name_the_parameter(as_role):
    response = as_role("planner").get("/tiles/incidents/3/6/3.mvt", params={"type": "meteor"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["type.0"]
    response = as_role("planner").get(
        "/tiles/incidents/3/6/3.mvt", params={"from": "2024-02-01", "to": "2024-01-01"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "to"


def test_cells_are_drawn_at_their_centres(as_role, session):
    rows = incidents(session)
    z, x, y = busiest_tile(rows, 14)
    found = tile(as_role("planner"), z, x, y)
    assert found
    for f in found:
        _, size, col, row = f["properties"]["cell"].split(":")
        lon, lat = cell_centre(int(col), int(row), float(size))
        ux, uy = tile_units(TO_MERCATOR.transform(lon, lat), z, x, y)
        gx, gy = f["geometry"]["coordinates"]
        assert abs(gx - ux) <= 1 and abs(gy - uy) <= 1

"""Coverage of a province whose commune boundaries are only partly loaded (both engines).

The province has no boundary of its own and 3 of its 8 communes have one: the
answers must say "3/8", measure area, coverage and ratios over the 3 loaded
communes only (checked against pyproj's geodesic areas of shapely unions done
here), keep 8 as the number of communes, and count a camera whose commune was
given in that commune.
"""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy.orm import Session

from camera_registry.admin_units.counts import camera_counts
from tests.coverage.conftest import geod_km2
from tests.coverage.partial import (
    GIVEN_AT,
    LOADED,
    POPULATION,
    N,
    Province,
    assert_no_k_of_k,
    build_province,
)

ON = {"on": "2026-01-31"}


@pytest.fixture
def province(session: Session) -> Province:
    return build_province(session)


def test_unit_figures_cover_the_loaded_communes_only(as_role, province: Province):
    response = as_role("viewer").get("/coverage/units/T91", params=ON)
    assert response.status_code == 200, response.text
    body = response.json()
    loaded = province.loaded_union
    area = geod_km2(loaded)
    assert body["boundaries"] | {"label": None} == {
        "with": 3, "total": N, "missing": N - 3, "level": "commune", "complete": False,
        "label": None,
    }  # fmt: skip
    assert "3/8" in body["boundaries"]["label"] and "3 of 8" in body["boundaries"]["label"]
    assert body["unit"]["area_basis"] == "loaded_communes"
    assert body["unit"]["has_boundary"] is False
    assert "3/8" in body["unit"]["area_note"]
    assert body["area_km2"] == pytest.approx(area, rel=1e-3)
    covered = geod_km2(shapely.union_all(province.views()).intersection(loaded))
    assert body["coverage"]["covered_km2"] == pytest.approx(covered, rel=1e-3)
    assert body["coverage"]["covered_share"] == pytest.approx(covered / area, rel=1e-3)
    in_area = [c for c in province.cameras if c.commune_basis == "derived"]
    assert body["cameras"]["total"] == len(in_area) == 4
    assert body["cameras"]["per_km2"] == pytest.approx(len(in_area) / area, rel=1e-3)
    residents = sum(POPULATION[i] for i in LOADED)
    assert body["population"] == residents
    assert body["cameras"]["active_per_1000_residents"] == pytest.approx(4 * 1000 / residents)
    assert_no_k_of_k(response.text)


def test_communes_tally_keeps_the_full_list_and_counts_given_cameras(as_role, province: Province):
    body = as_role("viewer").get("/coverage/units/T91", params=ON).json()
    lit = {province.code(i) for i in (*LOADED, GIVEN_AT)}
    for tally in (body["communes"], body["children"]):
        assert tally["total"] == N and tally["with_boundary"] == 3
        assert tally["with_active_camera"] == len(lit) and tally["ratio"] == f"{len(lit)}/{N}"
        unlit = {b["code"] for b in tally["without_camera"]}
        assert unlit == {c.code for c in province.communes} - lit
    given = [c for c in province.cameras if c.commune_basis == "given"]
    assert body["cameras_by_given_commune"]["total"] == len(given) == 2
    assert body["cameras_by_given_commune"]["active"] == 1


def test_children_without_a_boundary_are_listed_with_no_area(as_role, province: Province):
    response = as_role("viewer").get("/coverage/units/T91/children", params=ON)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["boundaries"]["with"] == 3 and body["boundaries"]["total"] == N
    rows = {r["code"]: r for r in body["children"]}
    assert len(rows) == N
    for i, commune in enumerate(province.communes):
        row = rows[commune.code]
        if i in LOADED:
            assert row["area_basis"] == "unit"
            assert row["area_km2"] == pytest.approx(geod_km2(province.squares[i]), rel=1e-3)
        else:
            assert row["area_basis"] == "none" and row["area_km2"] == 0
            assert row["coverage"]["covered_share"] is None
    assert_no_k_of_k(response.text)


def test_gaps_lie_inside_the_loaded_boundaries(as_role, province: Province):
    response = as_role("planner").get("/coverage/gaps/T91", params=ON)
    assert response.status_code == 200, response.text
    feature = response.json()["features"][0]
    props = feature["properties"]
    loaded = province.loaded_union
    expected = loaded.difference(shapely.union_all(province.views()))
    assert props["gap_km2"] == pytest.approx(geod_km2(expected), rel=1e-3)
    assert props["unit_km2"] == pytest.approx(geod_km2(loaded), rel=1e-3)
    assert props["boundaries"]["with"] == 3 and props["boundaries"]["total"] == N
    assert props["area_basis"] == "loaded_communes" and "3/8" in props["area_note"]
    gap = shape(feature["geometry"])
    assert geod_km2(gap.difference(loaded.buffer(1e-4))) == pytest.approx(0.0, abs=1e-6)
    assert_no_k_of_k(json.dumps(props, ensure_ascii=False))


def test_a_unit_with_no_boundary_loaded_answers_with_no_area(as_role, province: Province):
    body = as_role("viewer").get(f"/coverage/units/{province.code(GIVEN_AT)}", params=ON).json()
    assert body["boundaries"]["with"] == 0 and body["boundaries"]["total"] == 1
    assert body["unit"]["area_basis"] == "none"
    assert body["area_km2"] == 0 and body["cameras"]["per_km2"] is None
    assert body["cameras_by_given_commune"]["total"] == 2


def test_admin_unit_counts_split_cameras_by_commune_basis(session: Session, province: Province):
    ids = [province.province.id, province.communes[0].id, province.communes[GIVEN_AT].id]
    counts = camera_counts(session, unit_ids=ids)
    cams = province.cameras
    in_0 = [c for c in cams if c.commune_id == province.communes[0].id]
    assert counts[ids[0]].derived == sum(c.commune_basis == "derived" for c in cams) == 4
    assert counts[ids[0]].given == sum(c.commune_basis == "given" for c in cams) == 2
    assert (counts[ids[1]].derived, counts[ids[1]].given) == (len(in_0), 0) == (2, 0)
    assert counts[ids[2]].as_json() == {"cameras_derived": 0, "cameras_given": 2}

"""Bad boundary files: each fault a specific row error, and (atomic) nothing written.

Also the HTTP route: admin only (403 problem for others), the upload cap (413),
and a 422 problem carrying the report when an atomic import is refused.
"""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, Polygon, box, mapping
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit
from camera_registry.auth import Principal
from camera_registry.errors import Forbidden
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.admin_units import unit_files as uf

ADMIN = Principal(user_id=0, username="test-admin", role=Role.ADMIN)


@pytest.fixture
def legacy(session: Session):
    """The new province 99 and its legacy communes."""
    return uf.add_legacy_units(session)


def _features(**changes: dict) -> list[dict]:
    """Four good wards (GeoJSON features in EPSG:9210); ``changes[code]`` overrides members."""
    features = json.loads(uf.geojson_bytes(uf.wards()[:4]))["features"]
    for feature in features:
        extra = changes.get(feature["properties"]["ma_xa"], {})
        feature["properties"].update(extra.get("properties", {}))
        if "geometry" in extra:
            feature["geometry"] = extra["geometry"]
    return features


def _file(features: list[dict], epsg: int = uf.SOURCE_EPSG) -> bytes:
    crs = {"type": "name", "properties": {"name": f"EPSG:{epsg}"}}
    doc = {"type": "FeatureCollection", "crs": crs, "features": features}
    return json.dumps(doc, ensure_ascii=False).encode()


def _run(session: Session, data: bytes, **options):
    return run_unit_import(
        session,
        source=ImportSource("ranh_gioi.geojson", data),
        options=UnitImportOptions(**options),
        actor=ADMIN,
    )


def _nothing_written(session: Session) -> bool:
    query = select(func.count()).select_from(AdminUnit).where(AdminUnit.code.like("990%"))
    return session.scalar(query) == 0


def _only_error(report) -> tuple[int, str, str, str]:
    assert len(report.errors) == 1, report.errors
    issue = report.errors[0]
    return issue.row, issue.column, issue.value, issue.reason


def test_a_duplicated_code(session, legacy):
    features = _features(**{"99003": {"properties": {"ma_xa": "99002"}}})
    report = _run(session, _file(features))
    assert _only_error(report) == (3, "ma_xa", "99002", "mã trùng / the code also appears on row 2")
    assert not report.written and _nothing_written(session)


def test_an_unknown_level_word(session, legacy):
    report = _run(session, _file(_features(**{"99002": {"properties": {"loai": "thôn"}}})))
    row, column, value, reason = _only_error(report)
    assert (row, column, value) == (2, "loai", "thôn") and "unknown level word" in reason
    assert _nothing_written(session)


def test_an_unknown_parent_code(session, legacy):
    report = _run(session, _file(_features(**{"99004": {"properties": {"ma_tinh": "77"}}})))
    row, column, value, reason = _only_error(report)
    assert (row, column, value) == (4, "ma_tinh", "77") and "unknown parent code" in reason
    assert _nothing_written(session)


def test_a_geometry_over_the_vertex_cap(session, legacy):
    x0, y0 = uf.ORIGIN
    ring = Point(x0 + 1500, y0 + 1500).buffer(1400, quad_segs=40)  # 161 vertices
    report = _run(
        session,
        _file(_features(**{"99001": {"geometry": mapping(ring)}})),
        max_vertices=100,
    )
    row, column, _, reason = _only_error(report)
    assert (row, column) == (1, "geometry")
    assert reason.endswith("the geometry has 161 vertices; at most 100 are accepted")
    assert _nothing_written(session)


def test_an_empty_geometry(session, legacy):
    empty = {"type": "Polygon", "coordinates": []}
    report = _run(session, _file(_features(**{"99002": {"geometry": empty}})))
    row, column, _, reason = _only_error(report)
    assert (row, column) == (2, "geometry") and "empty" in reason
    assert _nothing_written(session)


def test_a_point_where_a_polygon_is_expected(session, legacy):
    point = mapping(Point(uf.ORIGIN[0] + 100, uf.ORIGIN[1] + 100))
    report = _run(session, _file(_features(**{"99003": {"geometry": point}})))
    row, column, _, reason = _only_error(report)
    assert (row, column) == (3, "geometry") and "is a Point" in reason and "polygon" in reason
    assert _nothing_written(session)


def test_coordinates_outside_vietnam_in_the_declared_crs(session, legacy):
    # Northing 500 km in TM-3 105°45' is about 4.5°N: the sea south of Cà Mau's latitude.
    far = mapping(box(525_000, 500_000, 528_000, 503_000))
    report = _run(session, _file(_features(**{"99004": {"geometry": far}})))
    row, column, _, reason = _only_error(report)
    assert (row, column) == (4, "geometry")
    assert "outside Vietnam" in reason and "EPSG:9210" in reason
    assert _nothing_written(session)


def test_partial_writes_the_valid_rows(session, legacy):
    report = _run(
        session, _file(_features(**{"99002": {"properties": {"loai": "thôn"}}})), partial=True
    )
    assert (report.created, report.failed, report.written) == (3, 1, True)
    stored = session.scalars(select(AdminUnit.code).where(AdminUnit.code.like("990%"))).all()
    assert sorted(stored) == ["99001", "99003", "99004"]


def test_no_parent_at_all_is_a_row_error(session, legacy):
    features = _features()
    for f in features:
        del f["properties"]["ma_tinh"]
    report = _run(session, _file(features))
    assert report.failed == 4 and {i.column for i in report.errors} == {"parent_code"}
    fixed = _run(session, _file(features), province=uf.PROVINCE)
    assert (fixed.created, fixed.failed) == (4, 0)


def test_only_admins_may_import(session, legacy):
    planner = Principal(user_id=0, username="p", role=Role.PLANNER)
    with pytest.raises(Forbidden):
        run_unit_import(
            session, source=ImportSource("x.geojson", _file(_features())),
            options=UnitImportOptions(), actor=planner,
        )  # fmt: skip


def _post(client, data: bytes, **params):
    files = {"file": ("ranh_gioi.geojson", data, "application/geo+json")}
    return client.post("/admin-units/import", params=params, files=files)


def test_route_admin_gets_the_report(as_role, session, legacy):
    response = _post(as_role("admin"), _file(_features()))
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["written"]) == (4, True)
    assert {"areas", "topology", "camera_moves", "issues"} <= set(body)


def test_route_atomic_failure_is_a_422_problem_with_the_report(as_role, session, legacy):
    bad = _file(_features(**{"99002": {"properties": {"loai": "thôn"}}}))
    response = _post(as_role("admin"), bad)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(2, "loai")]
    assert body["report"]["written"] is False
    assert _nothing_written(session)


def test_route_planner_is_forbidden(as_role, legacy):
    response = _post(as_role("planner"), _file(_features()))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_route_upload_over_the_cap_is_413(as_role, client, legacy):
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"max_import_upload_bytes": 500}
    )
    response = _post(as_role("admin"), _file(_features()))
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


def test_route_bad_crs_is_a_422_naming_the_field(as_role, legacy):
    response = _post(as_role("admin"), _file(_features()), crs="EPSG:99999")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["crs"]


def test_a_ring_with_nothing_polygonal_left_after_repair_is_an_error(session, legacy):
    x0, y0 = uf.ORIGIN  # a ring that retraces itself: repaired, it is only lines
    a, b, c = (x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 100)
    flat = Polygon([a, b, c, b, a])
    report = _run(session, _file(_features(**{"99001": {"geometry": mapping(flat)}})))
    row, column, _, reason = _only_error(report)
    assert (row, column) == (1, "geometry") and "invalid" in reason


def _legacy_file(district_geometry: dict) -> bytes:
    """A pre-reform file: one district of legacy province 97 and two of its communes (WGS84)."""
    rows = [
        ("979", "Huyện Thử", "huyện", "97", district_geometry),
        ("97901", "Một", "xã", "979", mapping(box(106.20, 22.00, 106.22, 22.02))),
        ("97902", "Hai", "thị trấn", "979", mapping(box(106.22, 22.00, 106.24, 22.02))),
    ]
    features = [
        {"type": "Feature", "geometry": geometry,
         "properties": {"ma": code, "ten": name, "cap": cap, "ma_cha": parent,
                        "het_hieu_luc": "30/06/2025"}}
        for code, name, cap, parent, geometry in rows
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_a_legacy_file_with_validity_columns_and_a_district(session, legacy):
    report = _run(session, _legacy_file(mapping(box(106.20, 22.00, 106.24, 22.02))))
    assert (report.created, report.failed) == (3, 0), report.errors
    units = {
        u.code: u for u in session.scalars(select(AdminUnit).where(AdminUnit.code.like("979%")))
    }
    assert {(u.level, u.valid_from.year, u.valid_to) for u in units.values()} == {
        ("district", 1900, uf.LEGACY_END),
        ("commune", 1900, uf.LEGACY_END),
    }
    assert units["97901"].parent_id == units["97902"].parent_id == units["979"].id
    assert units["979"].parent_id == legacy[uf.LEGACY_PROVINCE].id
    assert (units["97902"].name, units["97902"].unit_type) == ("Thị trấn Hai", "Thị trấn")


def test_children_of_a_failed_row_fail_with_it(session, legacy):
    point = mapping(Point(106.22, 22.01))
    report = _run(session, _legacy_file(point), partial=True)
    assert report.failed_rows() == [1, 2, 3] and report.created == 0
    assert {i.column for i in report.errors if i.row > 1} == {"ma_cha"}
    assert session.scalar(select(func.count()).where(AdminUnit.code.like("979%"))) == 0

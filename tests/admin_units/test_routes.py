from datetime import date

import numpy as np
import shapely
from fastapi.testclient import TestClient
from pyproj import Transformer
from shapely.geometry import shape
from sqlalchemy.orm import Session

from camera_registry.admin_units.queries import commune_containing
from camera_registry.demo.records import DemoDataset
from tests.factories import camera_payload, make_admin_unit


def test_communes_of_cam_thuy(client: TestClient, demo_data: DemoDataset):
    response = client.get("/admin-units", params={"level": "commune", "parent": "390"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert len(features) == 17
    assert {f["properties"]["parent_code"] for f in features} == {"390"}
    expected = {
        u.code: u.geometry
        for u in demo_data.units
        if u.parent_code == "390" and u.level.value == "commune"
    }
    assert {f["properties"]["code"] for f in features} == set(expected)
    for f in features:
        got = shape(f["geometry"])
        want = expected[f["properties"]["code"]]
        assert abs(got.area - want.area) <= 1e-4 * want.area  # 6 decimals ≈ 0.1 m
        assert got.symmetric_difference(want).area <= 1e-4 * want.area


def test_at_date_selects_the_units_in_force(client: TestClient, demo_data: DemoDataset):
    before = client.get("/admin-units", params={"level": "district", "at": "2025-06-30"}).json()
    after = client.get("/admin-units", params={"level": "district", "at": "2025-07-01"}).json()
    legacy_districts = {u.code for u in demo_data.units if u.level.value == "district"}
    assert {f["properties"]["code"] for f in before["features"]} == legacy_districts
    assert after["features"] == []  # districts were abolished on 1 July 2025


def test_name_search_ignores_diacritics(client: TestClient):
    found = client.get("/admin-units", params={"q": "cam thuy", "level": "district"}).json()
    assert [f["properties"]["name"] for f in found["features"]] == ["Huyện Cẩm Thủy"]


def test_bad_level_is_a_problem_naming_the_field(client: TestClient):
    response = client.get("/admin-units", params={"level": "hamlet"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["level"]


def test_units_with_a_boundary_say_so(client: TestClient):
    features = client.get("/admin-units", params={"parent": "390"}).json()["features"]
    assert features and all(f["properties"]["has_boundary"] is True for f in features)
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)
    assert all("centre" not in f["properties"] for f in features)
    assert {"area_km2", "area_published_km2"} <= set(features[0]["properties"])


def test_a_unit_without_boundary_has_null_geometry_and_a_centre(
    client: TestClient, session: Session
):
    make_admin_unit(
        session, "99001", name="Xã Không Ranh Giới", unit_type="Xã", boundary_quality="none",
        centre_lon=105.5, centre_lat=20.25, area_published_km2=12.5, valid_from=date(2025, 7, 1),
    )  # fmt: skip
    without = client.get("/admin-units", params={"has_boundary": "false"}).json()["features"]
    assert [f["properties"]["code"] for f in without] == ["99001"]
    (feature,) = without
    assert feature["geometry"] is None
    assert feature["properties"]["has_boundary"] is False
    assert feature["properties"]["centre"] == [105.5, 20.25]
    assert feature["properties"]["area_published_km2"] == 12.5
    assert feature["properties"]["area_km2"] is None
    with_ = client.get("/admin-units", params={"has_boundary": "true", "level": "commune"})
    assert "99001" not in {f["properties"]["code"] for f in with_.json()["features"]}
    everything = client.get("/admin-units", params={"q": "khong ranh gioi"}).json()["features"]
    assert [f["properties"]["code"] for f in everything] == ["99001"]


def test_a_commune_without_boundary_contains_no_point(session: Session):
    """A NULL boundary is never "the commune containing" a point (Hà Nội: no demo polygon)."""
    make_admin_unit(
        session, "99002", name="Phường Trống", unit_type="Phường", boundary_quality="none",
        centre_lon=105.84, centre_lat=21.03, valid_from=date(2025, 7, 1),
    )  # fmt: skip
    assert commune_containing(session, lon=105.84, lat=21.03, on=date(2026, 1, 1)) is None


def test_bad_has_boundary_is_a_problem_naming_the_field(client: TestClient):
    response = client.get("/admin-units", params={"has_boundary": "maybe"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["has_boundary"]


def test_counts_split_cameras_by_commune_basis_for_signed_in_callers(
    client: TestClient, as_role, session: Session
):
    """A camera whose commune has no boundary counts as given; the counts need a sign-in."""
    province = make_admin_unit(
        session, "99", name="Tỉnh Đếm", level="province", unit_type="Tỉnh",
        boundary_quality="none", valid_from=date(2025, 7, 1),
    )  # fmt: skip
    make_admin_unit(
        session, "99005", name="Xã Đếm", unit_type="Xã", boundary_quality="none",
        centre_lon=104.2, centre_lat=21.5, parent=province, valid_from=date(2025, 7, 1),
    )  # fmt: skip
    admin = as_role("admin")
    body = camera_payload(104.201, 21.501, installed_on="2025-08-01", commune_code="99005")
    created = admin.post("/cameras", json=body)
    assert created.status_code == 201, created.text
    params = {"q": "dem", "counts": "true"}
    counted = admin.get("/admin-units", params=params).json()["features"]
    by_code = {f["properties"]["code"]: f["properties"] for f in counted}
    assert (by_code["99005"]["cameras_given"], by_code["99005"]["cameras_derived"]) == (1, 0)
    assert (by_code["99"]["cameras_given"], by_code["99"]["cameras_derived"]) == (1, 0)
    demo = admin.get("/admin-units", params={"q": "cam thuy", "level": "district", "counts": 1})
    (district,) = demo.json()["features"]
    assert district["properties"]["cameras_given"] == 0
    assert district["properties"]["cameras_derived"] > 0
    # last: a refused request rolls back what this test only flushed
    client.headers.pop("authorization", None)
    client.headers.pop("x-api-key", None)
    anonymous = client.get("/admin-units", params={"q": "dem", "counts": "true"})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert client.get("/admin-units", params={"q": "dem"}).status_code == 200  # still public


def test_simplified_boundaries_for_display_stay_within_the_tolerance(client: TestClient):
    """``simplify_m``: fewer vertices, valid, and no point further than the tolerance."""
    params = {"level": "commune", "parent": "390"}
    full = client.get("/admin-units", params=params).json()["features"]
    simple = client.get("/admin-units", params={**params, "simplify_m": 50}).json()["features"]
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)

    def metric(geometry: dict) -> shapely.Geometry:
        return shapely.transform(shape(geometry), lambda xy: np.column_stack(to_m.transform(*xy.T)))

    assert [f["properties"]["code"] for f in simple] == [f["properties"]["code"] for f in full]
    fewer = 0
    for before, after in zip(full, simple, strict=True):
        original, reduced = metric(before["geometry"]), metric(after["geometry"])
        assert reduced.is_valid
        assert shapely.hausdorff_distance(original, reduced) <= 50.0 + 0.5
        fewer += shapely.get_num_coordinates(reduced) < shapely.get_num_coordinates(original)
    assert fewer > 0
    refused = client.get("/admin-units", params={**params, "simplify_m": 0})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["simplify_m"]


def test_name_search_treats_wildcards_as_text(client: TestClient):
    """``q=%`` or ``q=_`` are characters to look for, not SQL wildcards matching every unit."""
    for q in ("%", "_", "%%_"):
        found = client.get("/admin-units", params={"q": q}).json()["features"]
        assert found == [], q

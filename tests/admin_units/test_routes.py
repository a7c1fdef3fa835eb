from fastapi.testclient import TestClient
from shapely.geometry import shape

from camera_registry.demo.records import DemoDataset


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

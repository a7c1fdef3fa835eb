"""Incident listings and counts on the demo data: the published Cẩm Thủy figures."""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box
from shapely.ops import unary_union

from camera_registry.demo.records import DemoDataset
from camera_registry.vocab import IncidentType

EXPECTED = {
    "neighbourhood_dispute": 2,
    "traffic_accident": 7,
    "traffic_violation": 2,
    "property_theft": 1,
    "drug_offence": 1,
}
ACCEPTANCE = {"district": "390", "with_footage": "true", "from": "2022-01-01"}


def test_cam_thuy_footage_cases_since_2022(as_role):
    response = as_role("investigator").get("/incidents", params=ACCEPTANCE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    types = Counter(f["properties"]["type"] for f in body["features"])
    assert types == EXPECTED
    assert body["countsByType"] == EXPECTED
    assert body["numberMatched"] == 13 == body["numberReturned"]
    assert all(f["properties"]["clarified_with_footage"] for f in body["features"])


def test_the_december_2021_case_is_excluded_only_by_from(as_role, demo_data: DemoDataset):
    client: TestClient = as_role("investigator")
    params = {k: v for k, v in ACCEPTANCE.items() if k != "from"}
    body = client.get("/incidents", params=params).json()
    early = [f for f in body["features"] if f["properties"]["occurred_at"] < "2022"]
    assert [f["properties"]["occurred_at"][:7] for f in early] == ["2021-12"]
    assert body["numberMatched"] == 14


def _matches(demo_data: DemoDataset, area, start=None, types=()) -> set[str]:
    return {
        i.case_code
        for i in demo_data.incidents
        if area.intersects(Point(i.lon, i.lat))
        and (start is None or i.occurred_at >= start)
        and (not types or i.type.value in types)
    }


def _listed(client: TestClient, params: dict) -> dict:
    response = client.get("/incidents", params={**params, "limit": 5000})
    assert response.status_code == 200, response.text
    return response.json()


def test_district_filter_equals_shapely_over_every_incident(as_role, demo_data: DemoDataset):
    district = unary_union([u.geometry for u in demo_data.units if u.code == "390"])
    body = _listed(as_role("investigator"), {"district": "390"})
    assert {f["id"] for f in body["features"]} == _matches(demo_data, district)
    assert body["numberMatched"] == len(body["features"])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lon=st.floats(min_value=105.2, max_value=108.2),
    lat=st.floats(min_value=11.6, max_value=20.4),
    width=st.floats(min_value=0.005, max_value=1.5),
    height=st.floats(min_value=0.005, max_value=1.5),
    year=st.sampled_from([None, 2022, 2024, 2026]),
    types=st.sets(st.sampled_from(list(IncidentType)), max_size=3),
)
def test_bbox_time_and_type_filters_equal_shapely(
    as_role, demo_data: DemoDataset, lon, lat, width, height, year, types
):
    box_ = box(lon, lat, lon + width, lat + height)
    start = datetime(year, 1, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")) if year else None
    params: dict = {"bbox": f"{lon},{lat},{lon + width},{lat + height}"}
    if year:
        params["from"] = f"01/01/{year}"
    if types:
        params["type"] = sorted(t.value for t in types)
    body = _listed(as_role("investigator"), params)
    expected = _matches(demo_data, box_, start, {t.value for t in types})
    assert {f["id"] for f in body["features"]} == expected


def test_stats_count_by_commune_and_type(as_role, session, demo_data: DemoDataset):
    body = as_role("planner").get("/incidents/stats", params={"district": "390"}).json()
    expected = Counter()
    for i in demo_data.incidents:
        if i.case_code.startswith("VV-390-"):
            expected[i.type.value] += 1
    assert {t["type"]: t["count"] for t in body["by_type"]} == dict(expected)
    assert sum(c["count"] for c in body["by_commune"]) == body["total"] == sum(expected.values())
    labels = {t["type"]: (t["type_label"], t["type_label_en"]) for t in body["by_type"]}
    assert labels["traffic_accident"] == ("Tai nạn giao thông", "Traffic accident")
    for commune in body["by_commune"]:
        assert commune["commune_code"] and commune["commune_name"]
        assert sum(commune["by_type"].values()) == commune["count"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "yesterday"}, "from"),
        ({"to": "32/01/2024"}, "to"),
        ({"from": "2024-02-01", "to": "2024-01-01"}, "to"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"type": "murder"}, "type"),
        ({"status": "solved"}, "status"),
        ({"with_footage": "maybe"}, "with_footage"),
    ],
)
def test_bad_filters_are_specific_422s(as_role, params, field):
    response = as_role("planner").get("/incidents", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"].split(".")[0] == field  # "type.0": 1st value

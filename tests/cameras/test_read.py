"""Camera listing: filters answered spatially, checked against shapely over all rows."""

from collections import Counter

import pytest
import shapely
from geoalchemy2.shape import to_shape
from shapely.geometry import Point, box, shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.demo.records import DemoDataset


def _all_camera_points(session: Session) -> dict[str, Point]:
    return {code: to_shape(g) for code, g in session.execute(select(Camera.code, Camera.geom))}


def _codes(body: dict) -> set[str]:
    return {f["properties"]["code"] for f in body["features"]}


def test_cam_thuy_has_515_cameras_in_17_communes(as_role, demo_data: DemoDataset):
    body = as_role("viewer").get("/cameras", params={"district": "390"}).json()
    assert body["numberMatched"] == 515
    assert len(body["features"]) == 515
    communes = Counter(f["properties"]["commune_code"] for f in body["features"])
    cam_thuy = {u.code for u in demo_data.units if u.parent_code == "390"}
    assert set(communes) == cam_thuy and len(communes) == 17


def test_dak_nong_cameras_cover_56_of_71_communes(as_role, demo_data: DemoDataset):
    client = as_role("planner")
    province = next(
        u for u in demo_data.units if u.level.value == "province" and "Đắk Nông" in u.name
    )
    body = client.get("/cameras", params={"province": province.code, "limit": 5000}).json()
    assert body["numberMatched"] > 600
    communes = {
        u.code
        for u in demo_data.units
        if u.parent_code
        and u.level.value == "commune"
        and u.valid_to is not None
        and u.geometry.intersects(province.geometry.buffer(-1e-4))
    }
    seen = {f["properties"]["commune_code"] for f in body["features"]}
    assert len(communes) == 71
    assert len(seen) == 56 and seen <= communes


def test_district_filter_equals_shapely_over_all_rows(
    as_role, session: Session, demo_data: DemoDataset
):
    district = next(u for u in demo_data.units if u.code == "660")
    points = _all_camera_points(session)
    expected = {code for code, p in points.items() if district.geometry.intersects(p)}
    body = as_role("viewer").get("/cameras", params={"district": "660"}).json()
    assert _codes(body) == expected and expected


@pytest.mark.parametrize(
    "bbox",
    [(105.40, 20.15, 105.50, 20.25), (107.60, 11.90, 107.75, 12.05), (105.0, 19.0, 105.1, 19.1)],
)
def test_bbox_filter_equals_shapely_over_all_rows(as_role, session: Session, bbox):
    points = _all_camera_points(session)
    expected = {code for code, p in points.items() if box(*bbox).intersects(p)}
    params = {"bbox": ",".join(map(str, bbox)), "limit": 5000}
    body = as_role("viewer").get("/cameras", params=params).json()
    assert _codes(body) == expected


def test_view_geometry_is_the_stored_sector(as_role, session: Session):
    body = as_role("viewer").get("/cameras", params={"commune": "15127", "geometry": "view"}).json()
    sectors = {c: to_shape(g) for c, g in session.execute(select(Camera.code, Camera.view_geom))}
    assert body["features"]
    for f in body["features"]:
        got = shape(f["geometry"])
        assert got.geom_type == "Polygon"
        assert got.exterior.is_ccw  # RFC 7946 winding
        assert shapely.equals_exact(got, sectors[f["id"]], tolerance=1e-7)


def test_pagination_is_stable_and_complete(as_role):
    client = as_role("viewer")
    pages = [
        client.get("/cameras", params={"district": "390", "limit": 200, "offset": o}).json()
        for o in (0, 200, 400)
    ]
    codes = [f["id"] for p in pages for f in p["features"]]
    assert len(codes) == 515 == len(set(codes))
    assert codes == sorted(codes)


def test_unknown_unit_gives_an_empty_collection(as_role):
    body = as_role("viewer").get("/cameras", params={"district": "99999"}).json()
    assert body["features"] == [] and body["numberMatched"] == 0


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,10,5,5", "0,0,200,10", "nan,0,1,1"])
def test_bad_bbox_is_a_422_naming_bbox(as_role, bbox):
    response = as_role("viewer").get("/cameras", params={"bbox": bbox})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "bbox"


def test_one_camera_by_code(as_role, demo_data: DemoDataset):
    cam = demo_data.cameras[0]
    response = as_role("viewer").get(f"/cameras/{cam.code}")
    assert response.status_code == 200
    lon, lat = response.json()["geometry"]["coordinates"]
    assert abs(lon - cam.lon) < 1e-6 and abs(lat - cam.lat) < 1e-6


def test_missing_camera_is_a_404_problem(as_role):
    response = as_role("viewer").get("/cameras/NOPE-1")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")

"""A new province's first day, as the README walks it, on the files it ships; both engines.

The national list is loaded for Hà Nội (126 communes after 1 July 2025), then
``docs/examples/ha_noi/ranh_gioi.geojson`` (12 wards, VN-2000 / TM-3 105-00)
and the station's camera list ``danh_sach_camera.csv`` (48 cameras in those
wards, 2 in a ward whose boundary is not loaded) go through the API as an
administrator would send them.  Coverage, gaps and the monthly report must
then say "12/126": N from the national list (read here from the package's own
database), areas from the 12 boundaries only (computed here with pyproj).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from pyproj import Geod, Transformer
from shapely.geometry import Point, shape
from sqlalchemy.orm import Session

from camera_registry.admin_units.national import load_national
from camera_registry.demo import vnadmin

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "ha_noi"
GIVEN = "00025"  # Phường Giảng Võ: named by the list, no boundary in the file


def _wards() -> dict[str, shapely.MultiPolygon | shapely.Polygon]:
    """The example's ward polygons in WGS84, transformed here with pyproj."""
    document = json.loads((EXAMPLE / "ranh_gioi.geojson").read_text(encoding="utf-8"))
    to_deg = Transformer.from_crs("EPSG:5897", "EPSG:4326", always_xy=True)
    return {
        f["properties"]["ma_xa"]: shapely.transform(
            shape(f["geometry"]), lambda xy: np.column_stack(to_deg.transform(*xy.T))
        )
        for f in document["features"]
    }


def _hanoi_communes() -> int:
    uri = (vnadmin.package_data_dir() / "dataset.db").resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        (count,) = con.execute(
            "SELECT COUNT(DISTINCT wardCode) FROM admin_units WHERE provinceCode = '01'"
        ).fetchone()
    return int(count)


def _cameras() -> list[dict[str, str]]:
    text = (EXAMPLE / "danh_sach_camera.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _upload(client: TestClient, route: str, name: str) -> dict:
    data = (EXAMPLE / name).read_bytes()
    response = client.post(route, files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def first_day(session: Session, as_role) -> TestClient:
    """The national list for Hà Nội, then the two example files through the API."""
    load_national(session, provinces=["01"])
    session.flush()
    admin = as_role("admin")
    units = _upload(admin, "/admin-units/import", "ranh_gioi.geojson")
    assert (units["rows"], units["failed"], units["written"]) == (12, 0, True)
    cameras = _upload(admin, "/cameras/import", "danh_sach_camera.csv")
    assert (cameras["created"], cameras["failed"], cameras["written"]) == (50, 0, True)
    return admin


def test_every_camera_lands_in_its_ward_or_the_one_it_names(first_day: TestClient):
    wards = _wards()
    for row in _cameras():
        point = Point(float(row["Kinh độ"]), float(row["Vĩ độ"]))
        inside = [code for code, polygon in wards.items() if polygon.contains(point)]
        props = first_day.get(f"/cameras/{row['Mã camera']}").json()["properties"]
        if inside:
            assert (props["commune_code"], props["commune_basis"]) == (inside[0], "derived")
        else:
            assert (props["commune_code"], props["commune_basis"]) == (GIVEN, "given")


def test_coverage_and_gaps_state_the_boundary_count_and_measure_only_loaded_wards(
    first_day: TestClient,
):
    total = _hanoi_communes()
    geod = Geod(ellps="WGS84")
    loaded_km2 = sum(abs(geod.geometry_area_perimeter(p)[0]) for p in _wards().values()) / 1e6
    unit = first_day.get("/coverage/units/01").json()
    assert unit["boundaries"]["with"] == 12 and unit["boundaries"]["total"] == total == 126
    assert "12/126" in unit["boundaries"]["label"]
    assert unit["area_km2"] == pytest.approx(loaded_km2, rel=1e-3)
    gaps = first_day.get("/coverage/gaps/01").json()
    (gap,) = gaps["features"]
    assert gap["properties"]["boundaries"]["with"] == 12
    assert gap["properties"]["unit_km2"] == pytest.approx(loaded_km2, rel=1e-3)
    for loaded in ("12/12 ", "13/13 "):
        assert loaded not in json.dumps(unit, ensure_ascii=False)


def test_the_monthly_report_counts_communes_from_the_national_list(first_day: TestClient):
    report = first_day.get("/reports/monthly", params={"month": "2026-11", "unit": "01"}).json()
    assert (report["boundaries"]["with"], report["boundaries"]["total"]) == (12, 126)
    province = report["units"][0]
    share = province["cameras"]["communes_with_active_camera"]
    with_cameras = {r["Xã/Phường"] for r in _cameras()}  # 12 wards + Giảng Võ, by name
    assert (share["numerator"], share["denominator"]) == (len(with_cameras), 126)
    assert province["cameras"]["active_at_month_end"] == len(_cameras())

"""Every input format and habit the issue lists, stored exactly as the file meant it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
import shapely
from geoalchemy2.shape import to_shape
from openpyxl import Workbook
from pyogrio.raw import write
from pyproj import Geod, Transformer
from sqlalchemy import select

from camera_registry.cameras.models import Camera
from camera_registry.imports.osm import ATTRIBUTION
from tests.imports.conftest import counts, stored
from tests.imports.filegen import csv_bytes, legacy_communes, points_inside

GEOD = Geod(ellps="WGS84")


@pytest.fixture
def spots(demo_data) -> list[tuple[float, float, str]]:
    """Ten points well inside Cẩm Thủy's legacy communes: (lon, lat, commune code)."""
    return points_inside(legacy_communes(demo_data, districts=("390",)), 10, seed=3)


def test_vietnamese_headers_semicolons_decimal_commas_dms_and_directions(session, run_file, spots):
    headers = ["MÃ CAMERA", "kinh do", "Vĩ Độ", "Hướng", "Góc nhìn (độ)", "Tầm xa (m)",
               "Chủ sở hữu", "Hình thức sở hữu", "Ngày lắp đặt", "Xã/Phường",
               "Loại camera"]  # fmt: skip
    (lon, lat, commune), (lon2, lat2, _), (lon3, lat3, _) = spots[:3]
    dms_lon = f"{int(lon2)}°{int(lon2 * 60 % 60)}'{lon2 * 3600 % 60:.4f}\"E"
    dms_lat = f"{int(lat2)} {int(lat2 * 60 % 60)} {lat2 * 3600 % 60:.4f}"
    rows = [
        ["VI-1", str(lon).replace(".", ","), str(lat).replace(".", ","), "ĐN", "90", "60",
         "Nguyễn Văn A", "Hộ gia đình", "05/03/2023", commune, "Cố định"],
        ["VI-2", dms_lon, dms_lat, "hướng Tây Bắc", "60", "40", "", "xã hội hóa",
         "2023-01-31", "", "quay quét"],
        ["VI-3", str(lon3), str(lat3), "126°", "360", "25", "", "Ngân sách nhà nước", "", "",
         "Mắt cá (360°)"],
    ]  # fmt: skip
    report = run_file(csv_bytes(rows, headers, bom=False, delimiter=";"), "danh sach.csv")
    assert report.written and report.created == 3, report.issues
    one, two, three = stored(session, "VI-1"), stored(session, "VI-2"), stored(session, "VI-3")
    assert (to_shape(one.geom).x, to_shape(one.geom).y) == (lon, lat)
    assert (one.direction_deg, one.owner_name, one.ownership) == (
        135.0,
        "Nguyễn Văn A",
        "household",
    )
    assert one.installed_on == date(2023, 3, 5) and one.kind == "fixed"
    assert two.direction_deg == 315.0 and two.kind == "ptz" and two.ownership == "community"
    point = to_shape(two.geom)
    assert abs(point.x - lon2) < 1e-6 and abs(point.y - lat2) < 1e-6  # DMS to 4 decimals of ″
    assert (three.direction_deg, three.fov_deg, three.kind) == (126.0, 360.0, "fisheye")
    assert one.source == "danh sach.csv" and one.imported_at is not None


def test_xlsx_with_a_title_row_typed_cells_and_excel_dates(session, run_file, spots):
    (lon, lat, _), (lon2, lat2, _) = spots[:2]
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CAMERA GIÁM SÁT AN NINH TRẬT TỰ"])
    sheet.append(["Mã camera", "Kinh độ", "Vĩ độ", "Hướng", "Góc nhìn", "Tầm xa", "Sở hữu",
                  "Ngày lắp đặt", "Kết nối trung tâm", "Số ngày lưu trữ"])  # fmt: skip
    sheet.append(["X-1", lon, lat, 45, 80, 60, "Doanh nghiệp", datetime(2022, 7, 9), True, 30])
    sheet.append(["X-2", lon2, lat2, "NNE", 80.5, 60, "state", date(2021, 12, 1), "không", 14.0])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_file(buffer.getvalue(), "cameras.xlsx")
    assert report.written and report.created == 2, report.issues
    first, second = stored(session, "X-1"), stored(session, "X-2")
    assert first.installed_on == date(2022, 7, 9) and first.connected_to_centre is True
    assert first.retention_days == 30 and first.ownership == "business"
    assert second.direction_deg == 22.5 and second.fov_deg == 80.5
    assert second.connected_to_centre is False and second.installed_on == date(2021, 12, 1)


def _features(spots, kind: str) -> list[dict]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "code": f"{kind}-{i}",
                "direction": 10.0 * i,
                "fov": 70,
                "range": 50,
                "ownership": "community",
            },
        }  # fmt: skip
        for i, (lon, lat, _) in enumerate(spots[:3])
    ]


def test_geojson(session, run_file, spots):
    body = {"type": "FeatureCollection", "features": _features(spots, "GJ")}
    report = run_file(json.dumps(body).encode(), "cams.geojson")
    assert report.created == 3, report.issues
    point = to_shape(stored(session, "GJ-2").geom)
    assert (point.x, point.y) == spots[2][:2]


def _write_ogr(path: Path, spots, kind: str, driver: str, **extra) -> None:
    feats = _features(spots, kind)
    geometry = shapely.to_wkb([shapely.Point(f["geometry"]["coordinates"]) for f in feats])
    names = ["code", "direction", "fov", "range", "ownership"]
    data = [np.array([f["properties"][n] for f in feats], dtype=object) for n in names]
    write(path, geometry, data, names, driver=driver, crs="EPSG:4326", geometry_type="Point",
          **extra)  # fmt: skip


def test_geopackage_shapefile_and_kml(session, run_file, spots, tmp_path):
    _write_ogr(tmp_path / "c.gpkg", spots, "GP", "GPKG", layer="cameras")
    assert run_file((tmp_path / "c.gpkg").read_bytes(), "c.gpkg").created == 3
    shp = tmp_path / "shp"
    shp.mkdir()
    _write_ogr(shp / "c.shp", spots, "SH", "ESRI Shapefile")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        for part in shp.iterdir():
            archive.write(part, part.name)
    report = run_file(zipped.getvalue(), "c.zip")
    assert report.created == 3, report.issues
    _write_ogr(tmp_path / "c.kml", spots, "KM", "KML")
    report = run_file((tmp_path / "c.kml").read_bytes(), "c.kml")
    assert report.created == 3, report.issues
    for code, (lon, lat, _) in (("GP-1", spots[1]), ("SH-1", spots[1]), ("KM-1", spots[1])):
        cam = stored(session, code)
        point = to_shape(cam.geom)
        assert abs(point.x - lon) < 1e-7 and abs(point.y - lat) < 1e-7
        assert cam.direction_deg == 10.0 and cam.fov_deg == 70 and cam.range_m == 50


def _osm(spots) -> bytes:
    tags = [
        {"camera:direction": "NE", "camera:type": "fixed", "surveillance:zone": "traffic",
         "height": "5 m", "operator": "Công an xã", "surveillance": "public"},
        {"camera:direction": "300-60", "camera:type": "fixed", "check_date": "2024-05-01"},
        {"camera:type": "dome", "camera:mount": "pole"},
        {"surveillance:type": "ALPR", "camera:direction": "180", "start_date": "2019"},
        {"surveillance:type": "guard"},
        {"camera:type": "fixed"},  # no direction: an error, never a silent 0
    ]  # fmt: skip
    features = []
    for i, (extra, (lon, lat, _)) in enumerate(zip(tags, spots, strict=False)):
        props = {"@id": f"node/{1000 + i}", "man_made": "surveillance", **extra}
        features.append({"type": "Feature", "id": f"node/{1000 + i}", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "generator": "overpass-turbo",
                       "features": features}).encode()  # fmt: skip


def test_openstreetmap_overpass_export(session, run_file, spots):
    report = run_file(_osm(spots), "export.geojson", partial=True)
    assert report.created == 4 and report.failed_rows() == [6], report.issues
    assert report.skipped == 2  # the guard, and the start_date warning row is not skipped
    ne = stored(session, "OSM-node-1000")
    assert (ne.direction_deg, ne.fov_deg, ne.kind, ne.height_m) == (45.0, 90.0, "fixed", 5.0)
    assert ne.ownership == "state" and ne.owner_name == "Công an xã"
    assert ne.external_id == "osm:node/1000" and ne.attribution == ATTRIBUTION
    sector = stored(session, "OSM-node-1001")
    assert (sector.direction_deg, sector.fov_deg) == (0.0, 120.0)
    assert sector.last_verified_on == date(2024, 5, 1)
    dome = stored(session, "OSM-node-1002")
    assert (dome.kind, dome.fov_deg) == ("ptz", 360.0)
    alpr = stored(session, "OSM-node-1003")
    assert alpr.kind == "anpr" and alpr.installed_on is None
    assert any("surveillance:zone=traffic" in note for note in report.notes)


def test_vn2000_file_lands_within_a_metre_of_the_truth(session, run_file, demo_data):
    """Control points: WGS84 truth → VN-2000 by pyproj directly; the import must come back."""
    cases = [
        (legacy_communes(demo_data, ("390",)), 5897, "VN2000:105"),  # Thanh Hóa, TM-3 105°
        (legacy_communes(demo_data, ("660", "661")), 9218, "EPSG:9218"),  # Đắk Nông, 108°30′
    ]
    for number, (units, epsg, spec) in enumerate(cases):
        truth = points_inside(units, 8, seed=20 + number)
        to_vn = Transformer.from_crs(4326, epsg, always_xy=True, allow_ballpark=False)
        rows = []
        for i, (lon, lat, _) in enumerate(truth):
            east, north = to_vn.transform(lon, lat)
            # Vietnamese survey habit: X is the northing, Y the easting.
            rows.append(
                [f"VN{number}-{i}", f"{north:.3f}", f"{east:.3f}", "90", "60", "50", "state"]
            )
        headers = ["Mã camera", "Tọa độ X", "Tọa độ Y", "Hướng", "Góc nhìn", "Tầm xa", "Sở hữu"]
        report = run_file(csv_bytes(rows, headers), "vn2000.csv", crs=spec)
        assert report.created == len(truth), report.issues
        assert any("northing" in n for n in report.notes)
        for i, (lon, lat, _) in enumerate(truth):
            point = to_shape(stored(session, f"VN{number}-{i}").geom)
            _, _, metres = GEOD.inv(lon, lat, point.x, point.y)
            assert metres < 1.0, (spec, i, metres)


def test_dry_run_writes_nothing(session, run_file, spots):
    rows = [[f"DRY-{i}", lon, lat, "90", "60", "50", "", "state"] for i, (lon, lat, _) in
            enumerate(spots)]  # fmt: skip
    headers = ["code", "lon", "lat", "direction", "fov", "range", "owner", "ownership"]
    before = counts(session)
    report = run_file(csv_bytes(rows, headers), "dry.csv", dry_run=True)
    assert report.created == len(spots) and not report.written
    assert counts(session) == before  # not even an audit row


def test_duplicate_warnings_against_the_registry_and_within_the_file(session, run_file, spots):
    lon, lat, _ = spots[0]
    base = [["DUP-0", lon, lat, "90", "60", "50", "state"]]
    assert run_file(csv_bytes(base, _H), "base.csv").created == 1
    near = GEOD.fwd(lon, lat, 45, 12)[:2]  # 12 m away
    far = GEOD.fwd(lon, lat, 45, 25)[:2]  # 25 m away
    rows = [
        ["DUP-1", near[0], near[1], "110", "60", "50", "state"],  # 20° apart: warned
        ["DUP-2", near[0], near[1], "200", "60", "50", "state"],  # 110° apart: not (vs DUP-0)
        ["DUP-3", far[0], far[1], "90", "60", "50", "state"],  # too far from DUP-0
        ["DUP-4", near[0], near[1], "270", "360", "50", "state"],  # fisheye: near all three
    ]
    report = run_file(csv_bytes(rows, _H), "more.csv")
    assert report.written and not report.errors
    warned = {(w.row, w.reason.split()[3]) for w in report.warnings}
    assert warned == _brute_force(session, rows)
    assert (2, "DUP-0") in warned and (3, "DUP-0") not in warned and (4, "DUP-0") not in warned


def _brute_force(session, rows) -> set[tuple[int, str]]:
    """Every (row, other code) pair within 20 m looking alike, by plain geodesy over all."""
    stored_cams = [
        (c.code, to_shape(c.geom).x, to_shape(c.geom).y, c.direction_deg, c.fov_deg)
        for c in session.scalars(select(Camera).where(Camera.status != "decommissioned"))
        if c.code not in {r[0] for r in rows}
    ]
    mine = [(r[0], r[1], r[2], float(r[3]), float(r[4])) for r in rows]
    expected = set()
    for i, (_, lon, lat, d, f) in enumerate(mine):
        others = stored_cams + mine[:i]  # in-file pairs are reported on the later row
        for other, olon, olat, od, of in others:
            metres = GEOD.inv(lon, lat, olon, olat)[2]
            gap = abs((d - od + 180) % 360 - 180)
            if metres <= 20 and (gap <= 30 or f >= 360 or of >= 360):
                expected.add((i + 2, other))
    return expected


_H = ["code", "lon", "lat", "direction", "fov", "range", "ownership"]

"""Write the README's worked example: a dozen Hà Nội wards and a camera list for them.

The files under ``docs/examples/ha_noi/`` are what a province police unit starts
from on its first day (see the README): a ward boundary file as land offices
publish it — Vietnamese field names (``ma_xa``, ``ten_xa``, ``loai``, ``ma_tinh``,
``sap_nhap``, ``dtich_km2``), coordinates in VN-2000 / TM-3 105-00 (EPSG:5897),
the zone Hà Nội's cadastre uses — and a station's camera spreadsheet (CSV, UTF-8
with BOM, dd/mm/yyyy dates).

What is real: the post-1 July 2025 ward codes, names, types and centre points,
and the names of the former wards each was merged from, all from the pinned
``vietnamadminunits`` package.  What is made up: the polygons (Voronoi cells of
the ward centres, clipped to a buffer around the group), their ``dtich_km2``
(each polygon's own geodesic area, except Phường Hồng Hà, which keeps its real
published 15.09 km² — its cell is cut short at the group's edge — so the
import's area check has one difference to report) and the cameras.
Deterministic: running it again writes the same bytes.

    .venv/bin/python scripts/make_territory_example.py
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import sqlite3
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiPoint, Point, mapping

from camera_registry.demo import vnadmin

OUT = Path(__file__).resolve().parents[1] / "docs" / "examples" / "ha_noi"
PROVINCE = "01"
CENTRE = (105.850, 21.028)  # Hoàn Kiếm
WARDS = 12
CAMERAS_PER_WARD = 4
TM3 = "EPSG:5897"  # VN-2000 / TM-3 105-00
KEEP_PUBLISHED_AREA = "00097"  # Phường Hồng Hà


def _wards(data: Path) -> list[tuple[str, str, str, float, float, float, str]]:
    uri = (data / "dataset.db").resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        rows = con.execute(
            "SELECT wardCode, ward, wardType, wardLon, wardLat, wardAreaKm2, wardKey "
            "FROM admin_units WHERE provinceCode = ?",
            (PROVINCE,),
        ).fetchall()
    rows.sort(key=lambda r: (math.hypot(r[3] - CENTRE[0], r[4] - CENTRE[1]), r[0]))
    return sorted(rows[:WARDS])


def _merged_names(data: Path, ward_key: str) -> str:
    """The former wards a new ward was formed from, as a land office writes them."""
    legacy = {}
    uri = (data / "dataset.db").resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        for pkey, dkey, wkey, name in con.execute(
            "SELECT provinceKey, districtKey, wardKey, ward FROM admin_units_legacy "
            "WHERE provinceCode = ?",
            (PROVINCE,),
        ):
            legacy[f"{pkey}_{dkey}_{wkey}"] = name
    converter = vnadmin.converter(data)
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get("thanhphohanoi", {}).get(ward_key, [])
    names = [legacy[k] for k in whole if k in legacy]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get("thanhphohanoi", {})
    parts = sorted(
        legacy[old]
        for old, targets in divided.items()
        if old in legacy and any(t.get("newWardKey") == ward_key for t in targets)
    )
    text = ", ".join(names)
    if parts:
        text += (" và một phần " if text else "Một phần ") + ", ".join(parts)
    return text


def _polygons(wards: list[tuple[str, str, str, float, float, float, str]]) -> list[object]:
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    points = [to_m.transform(w[3], w[4]) for w in wards]
    hull = MultiPoint(points).convex_hull.buffer(600, quad_segs=16)
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=hull, ordered=True)
    return [cell.intersection(hull) for cell in cells.geoms]


def _boundary_file(data: Path, wards: list[tuple[str, str, str, float, float, float, str]]) -> str:
    to_tm3 = Transformer.from_crs("EPSG:32648", TM3, always_xy=True)
    to_deg = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True)
    features = []
    for ward, cell in zip(wards, _polygons(wards), strict=True):
        code, name, kind, _, _, area, key = ward
        if code != KEEP_PUBLISHED_AREA:
            degrees = shapely.transform(cell, lambda xy: np.column_stack(to_deg.transform(*xy.T)))
            area = round(abs(Geod(ellps="WGS84").geometry_area_perimeter(degrees)[0]) / 1e6, 2)
        ring = shapely.transform(cell, lambda xy: _round(to_tm3.transform(xy[:, 0], xy[:, 1])))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "ma_xa": code,
                    "ten_xa": name,
                    "loai": kind,
                    "ma_tinh": PROVINCE,
                    "sap_nhap": _merged_names(data, key),
                    "dtich_km2": area,
                },
                "geometry": mapping(ring),
            }
        )
    document = {
        "type": "FeatureCollection",
        "name": "ranh_gioi_phuong_ha_noi",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5897"}},
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _round(xy: tuple[object, object]) -> object:
    return np.round(np.column_stack(xy), 2)


def _camera_list(wards: list[tuple[str, str, str, float, float, float, str]]) -> bytes:
    rng = random.Random(17)
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    to_deg = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["STT", "Mã camera", "Kinh độ", "Vĩ độ", "Hướng (độ)", "Góc nhìn (độ)",
                     "Tầm xa (m)", "Loại", "Sở hữu", "Ngày lắp đặt", "Xã/Phường"])  # fmt: skip
    number = 0
    for ward, cell in zip(wards, _polygons(wards), strict=True):
        inner = cell.buffer(-60)
        for _ in range(CAMERAS_PER_WARD):
            number += 1
            point = _inside(inner, rng)
            lon, lat = to_deg.transform(point.x, point.y)
            fisheye = number % 5 == 0
            writer.writerow([
                number, f"HN-{number:03d}", f"{lon:.6f}", f"{lat:.6f}",
                rng.randrange(0, 360, 5), 360 if fisheye else rng.choice((60, 90, 110)),
                rng.choice((30, 40, 50)), "Mắt cá" if fisheye else "Cố định",
                rng.choice(("Hộ gia đình", "Xã hội hóa", "Doanh nghiệp")),
                f"{rng.randint(1, 28):02d}/{rng.randint(7, 12):02d}/2025", ward[1],
            ])  # fmt: skip
    # Two cameras in a ward whose boundary the file does not hold: the commune is taken
    # as the list gives it (commune_basis "given") until its boundary is imported.
    for lon, lat, name in ((105.8160, 21.0360, "Phường Giảng Võ"),
                           (105.8090, 21.0290, "Phường Giảng Võ")):  # fmt: skip
        number += 1
        writer.writerow([number, f"HN-{number:03d}", f"{lon:.6f}", f"{lat:.6f}", 90, 90, 40,
                         "Cố định", "Hộ gia đình", "15/09/2025", name])  # fmt: skip
    del to_m
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _inside(polygon: object, rng: random.Random) -> Point:
    minx, miny, maxx, maxy = polygon.bounds  # type: ignore[attr-defined]
    while True:
        point = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if polygon.contains(point):  # type: ignore[attr-defined]
            return point


def main() -> None:
    """Write the two example files."""
    data = vnadmin.package_data_dir()
    wards = _wards(data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ranh_gioi.geojson").write_text(_boundary_file(data, wards), encoding="utf-8")
    (OUT / "danh_sach_camera.csv").write_bytes(_camera_list(wards))
    print(f"{len(wards)} wards and {len(wards) * CAMERAS_PER_WARD + 2} cameras in {OUT}")


if __name__ == "__main__":
    main()

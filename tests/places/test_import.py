"""Gazetteer import from CSV, XLSX and GeoJSON: all rows or none, then found by the lookup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.addresses.resolve import resolve_address
from camera_registry.audit import service as audit
from camera_registry.db import make_engine
from camera_registry.demo.loader import load_demo
from camera_registry.places import importer
from camera_registry.places.importer import import_places
from camera_registry.places.models import Place
from camera_registry.places.reader import UnreadableFile
from camera_registry.places.vocab import Precision
from geo.crs import from_wgs84

# Two points inside legacy Cẩm Liên (15145), today part of Xã Cẩm Thạch (15142).
HALL = (105.3452, 20.2031)
HOUSE = (105.3431, 20.2049)


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Place)) or 0


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "places.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_vietnamese_headers_then_the_address_resolves(session: Session, tmp_path):
    path = _csv(
        tmp_path,
        "Mã;Tên;Loại;Kinh độ;Vĩ độ;Địa chỉ;Tên khác\n"
        f"NVH3;Nhà văn hóa thôn 3;địa danh;{HALL[0]};{HALL[1]};thôn 3, xã Cẩm Liên;NVH thôn 3\n"
        f"H12;Số 12 đường Liên thôn;số nhà;{str(HOUSE[0]).replace('.', ',')};"
        f"{str(HOUSE[1]).replace('.', ',')};;\n",
    )
    report = import_places(session, path=path, source="test:csv")
    assert report.errors == [] and report.inserted == 2 and report.written
    res = resolve_address(session, "Nhà văn hóa thôn 3, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa")
    assert res.step == "gazetteer" and res.point == pytest.approx(HALL, abs=1e-7)
    alt = resolve_address(session, "NVH thon 3, xa Cam Lien, Cam Thuy")
    assert alt.point == pytest.approx(HALL, abs=1e-7)
    house = resolve_address(session, "12 đường Liên thôn, xã Cẩm Liên, Cẩm Thủy, Thanh Hóa")
    assert house.precision == Precision.EXACT_POINT
    assert house.point == pytest.approx(HOUSE, abs=1e-7)


def test_reimport_with_ids_updates_instead_of_duplicating(session: Session, tmp_path):
    path = _csv(tmp_path, f"id,name,kind,lon,lat\nA1,Chợ tạm,market,{HALL[0]},{HALL[1]}\n")
    import_places(session, path=path, source="test:re")
    before = _count(session)
    path.write_text(f"id,name,kind,lon,lat\nA1,Chợ tạm mới,market,{HOUSE[0]},{HOUSE[1]}\n")
    report = import_places(session, path=path, source="test:re")
    assert report.updated == 1 and report.inserted == 0 and _count(session) == before
    place = session.scalars(select(Place).where(Place.external_id == "A1")).one()
    assert place.name == "Chợ tạm mới"


def test_bad_rows_are_reported_and_nothing_is_written(session: Session, tmp_path):
    before = _count(session)
    path = _csv(
        tmp_path,
        "id,name,kind,lon,lat,commune_code\n"
        f"1,Good,market,{HALL[0]},{HALL[1]},15145\n"
        f"2,,market,{HALL[0]},{HALL[1]},\n"
        f"3,Unknown kind,castle,{HALL[0]},{HALL[1]},\n"
        "4,Far away,market,100.0,10.0,\n"
        f"5,Wrong commune,market,{HALL[0]},{HALL[1]},24748\n"
        f"6,Not a number,market,abc,{HALL[1]},\n"
        f"1,Duplicate id,market,{HALL[0]},{HALL[1]},\n",
    )
    report = import_places(session, path=path, source="test:bad")
    assert not report.written and _count(session) == before
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "name"),
        (3, "kind"),
        (4, "lon"),
        (5, "commune_code"),
        (6, "lon"),
        (7, "external_id"),
    ]


def test_xlsx_with_vn2000_columns(session: Session, tmp_path):
    easting, northing = from_wgs84(*HALL, "VN2000:105")
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên", "Loại", "X", "Y"])
    sheet.append(["Bến đò Cẩm Liên", "landmark", northing, easting])
    path = tmp_path / "places.xlsx"
    book.save(path)
    report = import_places(session, path=path, source="test:xlsx", crs="VN2000:105")
    assert report.errors == [] and report.inserted == 1
    res = resolve_address(session, "Ben do Cam Lien, xa Cam Lien, huyen Cam Thuy")
    assert res.point == pytest.approx(HALL, abs=1e-7)


def test_geojson_street_resolves_to_a_corridor(session: Session, tmp_path):
    line = [[105.3420, 20.2020], [105.3460, 20.2060]]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {"name": "Đường Trần Phú", "kind": "đường", "id": "S1"},
            }
        ],
    }
    path = tmp_path / "streets.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert import_places(session, path=path, source="test:geojson").inserted == 1
    res = resolve_address(session, "25 Trần Phú, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa")
    assert res.precision == Precision.STREET and res.area is not None and res.point is None
    assert res.area.contains(res.area.centroid) and res.area.buffer(0).is_valid


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.pdf", "x"), ("x.csv", "kind,lon\nmarket,1\n"), ("x.geojson", "{not json")],
)
def test_unreadable_files(session: Session, tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile):
        import_places(session, path=path, source="test:unreadable")


def test_an_import_writes_although_another_connection_committed_while_it_checked(
    migrated_db, demo_data, tmp_path, monkeypatch
):
    url = migrated_db("camreg_places_meanwhile", seed=lambda session: load_demo(session, demo_data))
    engine = make_engine(url)
    checked = importer.check_file

    def check_then_someone_commits(session, *args, **kwargs):
        found = checked(session, *args, **kwargs)  # the rows' communes have been read
        with Session(engine) as other:
            audit.record(other, action="lookup.point", actor="someone")
            other.commit()
        return found

    monkeypatch.setattr(importer, "check_file", check_then_someone_commits)
    path = _csv(tmp_path, f"id,name,kind,lon,lat\nM1,Chợ mới,market,{HALL[0]},{HALL[1]}\n")
    try:
        with Session(engine) as session:
            report = import_places(session, path=path, source="test:meanwhile")
            session.commit()
        assert report.written and report.inserted == 1
        with Session(engine) as session:
            assert _count(session) == 1 + len(demo_data.places)
    finally:
        engine.dispose()

"""Pure parts of the importer: vectorised sectors, cell parsing, header mapping (no database)."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from camera_registry.errors import InvalidInput
from camera_registry.imports import parse
from camera_registry.imports.mapping import (
    UserMapping,
    load_mapping,
    mapping_from_object,
    parse_map_options,
    resolve,
)
from camera_registry.imports.sectors import SectorJob, view_sectors
from geo import view_sector

cameras = st.lists(
    st.tuples(
        st.floats(102.0, 110.0),
        st.floats(8.0, 23.5),
        st.floats(0.0, 360.0, exclude_max=True),
        st.one_of(st.floats(1.0, 360.0), st.just(360.0), st.floats(359.9995, 360.0)),
        st.floats(1.0, 500.0),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(cameras)
def test_vectorised_sectors_are_bit_for_bit_those_of_geo(rows):
    lon, lat, direction, fov, range_m = (np.array(c) for c in zip(*rows, strict=True))
    got = view_sectors(lon, lat, direction, fov, range_m)
    for polygon, row in zip(got, rows, strict=True):
        assert shapely.to_wkb(polygon) == shapely.to_wkb(view_sector(*row))


def test_background_sectors_come_back_by_row_including_rows_skipped_as_out_of_range():
    rows = [
        (105.0, 21.0, 10.0, 60.0, 100.0),
        (105.1, 21.1, 350.0, 0.5, 80.0),  # fov below the API's 1°: skipped, computed when asked
        (float("nan"), 21.2, 0.0, 90.0, 50.0),  # no position: never computed
        (105.3, 21.3, 200.0, 360.0, 500.0),
    ]
    columns = tuple(np.array(c) for c in zip(*rows, strict=True))
    job = SectorJob(columns, srid=True, threads=2)
    expected = {
        i: shapely.to_wkb(shapely.set_srid(view_sector(*rows[i]), 4326), include_srid=True)
        for i in (0, 1, 3)
    }
    assert job.wkb([3, 1, 0]) == [expected[3], expected[1], expected[0]]


@pytest.mark.parametrize(
    ("text", "value"),
    [("105,47", 105.47), ("2.235.000,5", 2235000.5), ("1 234,5", 1234.5), ("-3", -3.0),
     ("1e3", 1000.0), (7, 7.0), (2.5, 2.5)],
)  # fmt: skip
def test_numbers_in_vietnamese_and_english_notation(text, value):
    assert parse.number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "", "nan", True])
def test_bad_numbers(text):
    with pytest.raises(parse.CellError):
        parse.number(text)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("05/03/2023", date(2023, 3, 5)), ("5/3/2023", date(2023, 3, 5)),
     ("05-03-2023", date(2023, 3, 5)), ("05.03.2023", date(2023, 3, 5)),
     ("2023-03-05", date(2023, 3, 5)), ("2023-03-05T10:00:00+07:00", date(2023, 3, 5)),
     (datetime(2023, 3, 5, 8, 0), date(2023, 3, 5)), (44990, date(2023, 3, 5))],
)  # fmt: skip
def test_dates_as_people_and_excel_write_them(cell, expected):
    assert parse.day(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2023", "2023/13/01", "hôm qua", "12", 5])
def test_bad_dates(cell):
    with pytest.raises(parse.CellError):
        parse.day(cell)


def test_coordinates_decimal_and_dms():
    assert parse.coordinate("20,5") == 20.5
    assert parse.coordinate("20°30'00\"N") == 20.5
    assert parse.coordinate("105 30 0") == 105.5
    with pytest.raises(parse.CellError):
        parse.coordinate("north-ish")


@pytest.mark.parametrize(
    ("field", "cell", "value"),
    [("kind", "Quay quét (PTZ)", "ptz"), ("kind", "CỐ ĐỊNH", "fixed"), ("kind", "anpr", "anpr"),
     ("ownership", "Xã hội hóa", "community"), ("ownership", "ho gia dinh", "household"),
     ("status", "Đang hoạt động", "active"), ("status", "Hỏng", "faulty")],
)  # fmt: skip
def test_vocabularies_by_value_or_label(field, cell, value):
    assert parse.choice(field, cell) == value


def test_yes_no():
    assert parse.boolean("Có") is True and parse.boolean("không") is False
    with pytest.raises(parse.CellError):
        parse.boolean("maybe")


def test_headers_match_without_case_or_diacritics():
    headers = ["MA CAMERA", "kinh độ", "VĨ ĐỘ", "Hướng nhìn", "Góc nhìn (độ)", "tam_xa",
               "Ngày lắp đặt", "Ghi chú"]  # fmt: skip
    cmap = resolve(headers, UserMapping())
    assert cmap.columns == {
        "code": 0, "lon": 1, "lat": 2, "direction_deg": 3, "fov_deg": 4, "range_m": 5,
        "installed_on": 6,
    }  # fmt: skip
    assert cmap.ignored == ["Ghi chú"]


def test_user_mapping_from_options_and_files(tmp_path):
    mapped = resolve(["Số hiệu trụ", "Hướng"], parse_map_options(["so hieu tru=code"]))
    assert mapped.columns == {"code": 0, "direction_deg": 1}
    path = tmp_path / "map.yaml"
    path.write_text("columns:\n  Cột A: code\n  Hướng: null\ndefaults:\n  ownership: state\n")
    mapping = load_mapping(path)
    cmap = resolve(["Cột A", "Hướng"], mapping)
    assert cmap.columns == {"code": 0} and cmap.defaults == {"ownership": "state"}
    flat = tmp_path / "map.json"
    flat.write_text(json.dumps({"Cột B": "direction_deg"}))
    assert resolve(["Cột B"], load_mapping(flat)).columns == {"direction_deg": 0}


def test_bad_mappings_are_errors_naming_the_mapping():
    with pytest.raises(InvalidInput) as caught:
        parse_map_options(["Cột A=colour"])
    assert caught.value.errors[0]["field"] == "mapping"
    assert "--map" in caught.value.errors[0]["reason"]
    with pytest.raises(InvalidInput) as twice:
        resolve(["Mã camera", "code"], UserMapping())
    assert twice.value.errors[0]["field"] == "mapping"
    for not_text in ([], {"a": 1}, 3):  # a JSON mapping whose field is not a string
        with pytest.raises(InvalidInput) as odd:
            mapping_from_object({"Cột A": not_text}, "upload")
        assert odd.value.errors[0]["field"] == "mapping"
        assert "must be text" in odd.value.errors[0]["reason"]

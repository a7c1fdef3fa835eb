"""Reading text files as provinces keep them: delimiters, encodings, dropped columns (#18)."""

from __future__ import annotations

import json
import logging
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from camera_registry.audit.models import AuditEvent
from camera_registry.errors import InvalidInput
from camera_registry.imports.mapping import UserMapping, load_mapping
from camera_registry.imports.parse import choice
from camera_registry.imports.readers import read_table
from camera_registry.imports.table import ImportSource
from tests.imports.filegen import csv_bytes, legacy_communes, points_inside

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 stores it: base letters composed (â, ư), tone marks apart."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def _csv(data: bytes, user: UserMapping | None = None):
    return read_table(ImportSource("ds.csv", data), "csv", user or UserMapping(), max_vertices=9)


def test_semicolon_file_whose_addresses_hold_commas_is_read_as_semicolon_separated() -> None:
    text = (
        "Mã camera;Địa chỉ;Vĩ độ;Kinh độ\n"
        "CT-001;Số 5, đường Lê Lợi, phường Ba Đình;20,204512;105,471230\n"
        "CT-002;Thôn 3, xã Cẩm Tú, tỉnh Thanh Hóa;20,211000;105,480100\n"
        "CT-003;Ngã tư chợ, thị trấn Phong Sơn, Cẩm Thủy;20,199870;105,466020\n"
    )
    table = _csv(text.encode())
    assert table.headers == ["Mã camera", "Địa chỉ", "Vĩ độ", "Kinh độ"]
    assert table.rows[0] == (
        2,
        ["CT-001", "Số 5, đường Lê Lợi, phường Ba Đình", "20,204512", "105,471230"],
    )
    assert all(len(cells) == 4 for _, cells in table.rows)
    assert "CSV: UTF-8, semicolon-separated" in table.notes


def test_a_single_column_file_falls_back_to_counting() -> None:
    table = _csv("Mã camera\nA-1\nA-2\n".encode())
    assert table.headers == ["Mã camera"] and [c for _, c in table.rows] == [["A-1"], ["A-2"]]


def test_windows_1258_text_matches_the_same_words_typed_in_utf8() -> None:
    text = "Mã camera,Xã/Phường,Loại camera\nCT-1,Cẩm Thủy,Cố định\nCT-2,Phúc Đỗ,quay quét\n"
    data = cp1258(text)
    assert data.decode("cp1258") != text  # decomposed as read, until normalised
    table = _csv(data)
    assert "Windows-1258" in table.notes[0]
    assert [c for _, c in table.rows] == [["CT-1", "Cẩm Thủy", "Cố định"],
                                          ["CT-2", "Phúc Đỗ", "quay quét"]]  # fmt: skip
    assert {"Cẩm Thủy": "392"}.get(str(table.rows[0][1][1])) == "392"
    assert [choice("kind", c[2]) for _, c in table.rows] == ["fixed", "ptz"]


VIETNAMESE = st.text(alphabet="aăâeêioôơuưyAĂÂĐđàáảãạằắẳẵặầấẩẫậềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                     "ùúủũụừứửữựỳýỷỹỵ ", min_size=1, max_size=30).map(str.strip)  # fmt: skip


@given(VIETNAMESE.filter(bool))
def test_any_vietnamese_name_from_windows_1258_reads_back_composed(name: str) -> None:
    table = _csv(cp1258(f"Mã camera,Địa chỉ\nX,{name}\n"))
    assert table.rows[0][1][1] == unicodedata.normalize("NFC", name)


def test_drop_removes_a_column_before_anything_reads_it() -> None:
    table = _csv("Mã camera;Ghi chú;Địa chỉ\nA;bí mật;Thôn 1\n".encode(),
                 UserMapping(drop=("ghi chu",)))  # fmt: skip
    assert table.headers == ["Mã camera", "Địa chỉ"] and table.rows == [(2, ["A", "Thôn 1"])]
    with pytest.raises(InvalidInput, match="Ghi chu"):
        _csv("Mã camera;Địa chỉ\nA;B\n".encode(), UserMapping(drop=("Ghi chu",)))


def test_dropped_notes_reach_no_report_audit_row_or_log(
    session, run_file, demo_data, caplog
) -> None:
    spots = points_inside(legacy_communes(demo_data, districts=("390",)), 3, seed=5)
    secret = "hỏng, gọi chủ nhà 0912 345 678 (bà Tư)"  # notes typed into the status column
    headers = ["Mã camera", "Kinh độ", "Vĩ độ", "Tình trạng", "Góc nhìn", "Hình thức sở hữu",
               "Hướng", "Tầm xa", "Loại camera"]  # fmt: skip
    rows = [[f"DR-{i}", str(lon), str(lat), secret, "abc" if i == 0 else "90", "xã hội hóa",
             "45", "50", "cố định"]
            for i, (lon, lat, _) in enumerate(spots)]  # fmt: skip
    caplog.set_level(logging.DEBUG)
    report = run_file(csv_bytes(rows, headers, delimiter=";"), "ds.csv",
                      mapping=UserMapping(drop=("Tình trạng",)))  # fmt: skip
    assert report.failed == 1 and not report.written  # atomic: refused, audited
    audit = session.scalars(select(AuditEvent.detail)).all()
    assert audit and "ds.csv" in audit[-1]
    everything = json.dumps(report.to_json(), ensure_ascii=False) + "".join(audit) + caplog.text
    assert "0912" not in everything and "bà Tư" not in everything
    assert any("Tình trạng" in n for n in report.notes)


def test_a_mapping_file_may_name_the_sheet_and_the_columns_to_drop(tmp_path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('sheet: "Ba Đình"\ndrop: ["Ghi chú"]\ncolumns: {"Số hiệu": code}\n')
    found = load_mapping(path).merged(UserMapping(drop=("SĐT",)))
    assert (found.sheet, found.drop, found.columns) == ("Ba Đình", ("Ghi chú", "SĐT"),
                                                        {"Số hiệu": "code"})  # fmt: skip
    path.write_text("drop: Ghi chú\n")
    with pytest.raises(InvalidInput, match="'drop' must be a list"):
        load_mapping(path)

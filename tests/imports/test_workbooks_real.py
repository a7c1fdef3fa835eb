"""Workbooks as stations keep them: every sheet, title rows, merged headers, hidden columns."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from camera_registry.errors import InvalidInput
from camera_registry.imports.mapping import UserMapping, resolve
from camera_registry.imports.readers import read_table
from camera_registry.imports.table import ImportSource, detect_format

TITLE = "DANH SÁCH CAMERA GIÁM SÁT AN NINH TRẬT TỰ"


def _station(book: Workbook, name: str, codes: list[str], *, hidden_notes: bool) -> None:
    """A sheet as a station types it: two title rows, a header merged over two rows."""
    sheet = book.create_sheet(name)
    sheet.append([TITLE])
    sheet.merge_cells("A1:G1")
    sheet.append([f"Công an {name}"])
    sheet.append(["STT", "Mã camera", "Địa chỉ", "Tọa độ", None, "Hướng", "Ghi chú"])
    sheet.append([None, None, None, "Vĩ độ", "Kinh độ", None, None])
    for col in "ABCFG":
        sheet.merge_cells(f"{col}3:{col}4")
    sheet.merge_cells("D3:E3")
    for i, code in enumerate(codes):
        sheet.append([i + 1, code, f"Thôn {i}, xã {name}",
                      20.2 + i / 1000, 105.4 + i / 1000, 90 + i, f"gọi anh Ba {i}"])  # fmt: skip
    if hidden_notes:
        sheet.column_dimensions["G"].hidden = True


def _book(*, hidden_notes: bool = True) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _station(book, "Cẩm Tú", [f"CT-{i}" for i in (1, 2, 3)], hidden_notes=hidden_notes)
    book.create_sheet("Trống")
    summary = book.create_sheet("Tổng hợp")
    summary.append(["Xã", "Số lượng"])
    summary.append(["Cẩm Tú", 3])
    _station(book, "Phúc Do", ["PH-10", "PH-11"], hidden_notes=hidden_notes)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(data: bytes, fmt: str = "xlsx", **user: object):
    source = ImportSource(f"ds.{fmt}", data)
    return read_table(source, fmt, UserMapping(**user), max_vertices=9)  # type: ignore[arg-type]


def test_every_sheet_with_a_header_is_read_and_the_others_are_named() -> None:
    table = _read(_book())
    assert [n for n, _ in table.rows] == [5, 6, 7, 5, 6]
    assert table.row_sheets == ["Cẩm Tú"] * 3 + ["Phúc Do"] * 2
    assert table.where(3) == "'Phúc Do' row 5"
    codes = [cells[table.headers.index("Mã camera")] for _, cells in table.rows]
    assert codes == ["CT-1", "CT-2", "CT-3", "PH-10", "PH-11"]
    skipped = " ".join(n for n in table.notes if "skipped" in n)
    assert "'Trống'" in skipped and "'Tổng hợp'" in skipped and "Cẩm Tú" not in skipped


def test_merged_two_row_header_names_latitude_and_longitude() -> None:
    table = _read(_book())
    assert table.headers[:6] == ["STT", "Mã camera", "Địa chỉ", "Tọa độ (Vĩ độ)",
                                 "Tọa độ (Kinh độ)", "Hướng"]  # fmt: skip
    cmap = resolve(table.headers, UserMapping())
    assert table.headers[cmap.columns["lat"]] == "Tọa độ (Vĩ độ)"
    assert table.headers[cmap.columns["lon"]] == "Tọa độ (Kinh độ)"
    first = table.rows[0][1]
    assert first[cmap.columns["lat"]] == 20.2 and first[cmap.columns["code"]] == "CT-1"
    assert first[0] == 1 and isinstance(first[0], int)  # whole numbers stay whole


def test_hidden_columns_are_ignored_and_reported() -> None:
    table = _read(_book())
    assert "Ghi chú" not in table.headers
    assert not any("anh Ba" in str(c) for _, cells in table.rows for c in cells)
    assert "cột ẩn không nhập / hidden columns ignored ('Cẩm Tú'): 'Ghi chú'" in table.notes
    shown = _read(_book(hidden_notes=False))
    assert "Ghi chú" in shown.headers


@pytest.mark.parametrize(("sheet", "codes"), [("Phúc Do", ["PH-10", "PH-11"]),
                                              ("4", ["PH-10", "PH-11"]),
                                              ("1", ["CT-1", "CT-2", "CT-3"])])  # fmt: skip
def test_sheet_by_name_or_number(sheet: str, codes: list[str]) -> None:
    table = _read(_book(), sheet=sheet)
    assert [cells[1] for _, cells in table.rows] == codes


def test_unknown_sheet_and_sheet_of_a_csv_are_refused() -> None:
    with pytest.raises(InvalidInput, match="Cẩm Tú"):
        _read(_book(), sheet="Cẩm Thủy")
    with pytest.raises(InvalidInput, match="^sheet: only workbooks"):
        _read(b"a,b\n1,2\n", "csv", sheet="1")


def test_drop_works_on_workbook_columns() -> None:
    table = _read(_book(hidden_notes=False), drop=("ghi chu",))
    assert "Ghi chú" not in table.headers
    assert not any("anh Ba" in str(c) for _, cells in table.rows for c in cells)


def ods_bytes(rows: list[list[object]]) -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer is installed)."""

    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    body = "".join("<table:table-row>" + "".join(map(cell, r)) + "</table:table-row>"
                   for r in rows)  # fmt: skip
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')  # fmt: skip
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Danh sách">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")  # fmt: skip
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        package.writestr("META-INF/manifest.xml", manifest)
        package.writestr("content.xml", content)
    return out.getvalue()


def test_ods_is_detected_by_its_bytes_and_read() -> None:
    data = ods_bytes([[TITLE], ["Mã camera", "Vĩ độ", "Kinh độ"], ["OD-1", 20.25, 105.5]])
    assert detect_format("upload", None, data) == "ods"
    table = _read(data, "ods")
    assert table.headers == ["Mã camera", "Vĩ độ", "Kinh độ"]
    assert table.rows == [(3, ["OD-1", 20.25, 105.5])]


def test_xls_by_extension_or_by_its_ole2_signature() -> None:
    assert detect_format("danh sach.xls", None) == "xls"
    assert detect_format("tải về", None, bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)) == "xls"
    with pytest.raises(InvalidInput, match="not a readable workbook"):
        _read(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "xls")

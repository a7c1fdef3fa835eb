"""Workbooks as stations keep them: .xlsx, .xls and .ods, every worksheet or one.

calamine reads a 50 000-row sheet about ten times faster than openpyxl and also
opens .xls and .ods; openpyxl stays for writing.  Without a chosen sheet, every
visible worksheet whose header names known fields is read, and the others are
named in the notes as skipped.  A header may sit under title rows, span two rows
under merged cells ("Tọa độ" over "Vĩ độ" / "Kinh độ" becomes "Tọa độ (Vĩ độ)"
and "Tọa độ (Kinh độ)", which the alias table reads as lat and lon).  calamine
cannot tell hidden columns, so for .xlsx the ``<cols>`` element of each sheet is
read from the package (a few bytes before the cell data); .xls and .ods hidden
columns are read like any other.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from posixpath import join, normpath
from typing import Any
from xml.etree import ElementTree as ET

from camera_registry.errors import InvalidInput
from camera_registry.imports.fields import normalise_header
from camera_registry.imports.table import ImportSource, Table, remove_columns
from camera_registry.imports.tabular import HeaderTest, blank, find_header, nfc

Merges = list[tuple[tuple[int, int], tuple[int, int]]]
Rows = list[tuple[int, list[object]]]
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _cell(value: Any) -> object:
    """A calamine cell as openpyxl gave it: whole numbers as int, empty as None, text NFC."""
    if isinstance(value, str):
        return nfc(value) if value else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _open(data: bytes) -> Any:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 — only workbook imports

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 — calamine raises several kinds for bad files
        raise InvalidInput("file", f"not a readable workbook ({error})") from None


def _pick(book: Any, wanted: str | None) -> tuple[list[str], list[str]]:
    """The sheets to read and notes on the ones left out (hidden, charts)."""
    names = [nfc(n) for n in book.sheet_names]
    if wanted is not None:
        wanted = nfc(wanted.strip())
        if wanted in names:
            return [book.sheet_names[names.index(wanted)]], []
        if wanted.isdigit() and 1 <= int(wanted) <= len(names):
            return [book.sheet_names[int(wanted) - 1]], []
        listed = ", ".join(repr(n) for n in names)
        raise InvalidInput("sheet", f"không có trang tính / no worksheet {wanted!r}: {listed}")
    chosen, notes = [], []
    for meta in book.sheets_metadata:
        if str(meta.typ).endswith("WorkSheet") and str(meta.visible).endswith(".Visible"):
            chosen.append(meta.name)
        else:
            notes.append(f"bỏ qua trang ẩn / hidden sheet skipped: {nfc(meta.name)!r}")
    return chosen, notes


def _xlsx_parts(data: bytes) -> dict[str, str]:
    """Sheet name → its part inside an .xlsx package."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        book = ET.fromstring(package.read("xl/workbook.xml"))
        rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_PKG_REL)}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def hidden_columns(data: bytes, part: str) -> set[int]:
    """0-based indexes of the hidden columns of one .xlsx worksheet part."""
    hidden: set[int] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as package, package.open(part) as stream:
        for _, element in ET.iterparse(stream, events=("start",)):
            if element.tag == f"{_MAIN}sheetData":
                break
            if element.tag == f"{_MAIN}col" and element.get("hidden") in ("1", "true"):
                first, last = int(element.get("min", "1")), int(element.get("max", "1"))
                hidden.update(range(first - 1, min(last, 16384)))
    return hidden


def _hidden_finder(data: bytes, fmt: str) -> Callable[[str], set[int]]:
    """Sheet name → its hidden columns; empty where the package cannot tell (.xls, .ods)."""
    try:
        parts = _xlsx_parts(data) if fmt == "xlsx" and zipfile.is_zipfile(io.BytesIO(data)) else {}
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        parts = {}

    def hidden_of(name: str) -> set[int]:
        try:
            return hidden_columns(data, parts[name]) if name in parts else set()
        except (KeyError, zipfile.BadZipFile, ET.ParseError, ValueError):
            return set()

    return hidden_of


def _headers(cells: list[list[object]], at: int, merges: Merges) -> tuple[list[str], int]:
    """The header names of row ``at`` (two rows under merged cells) and the first data row."""
    names = ["" if c is None else str(c).strip() for c in cells[at]]
    spans = [(c0, c1) for (r0, c0), (r1, c1) in merges if r0 == at and r1 == at and c1 > c0]
    for c0, c1 in spans:
        names[c0 + 1 : c1 + 1] = [names[c0]] * (c1 - c0)
    below = cells[at + 1] if at + 1 < len(cells) else []
    if not spans or not any(isinstance(below[c], str) for c0, c1 in spans
                            for c in range(c0, min(c1 + 1, len(below)))):  # fmt: skip
        return names, at + 1
    for col, child in enumerate(below[: len(names)]):
        text = "" if child is None else str(child).strip()
        if text and text != names[col]:
            names[col] = f"{names[col]} ({text})" if names[col] else text
    return names, at + 2


def _read_sheet(
    book: Any, name: str, looks_like_header: HeaderTest, hidden: set[int], forced: bool
) -> tuple[tuple[list[str], Rows], list[str]] | str:
    """One sheet's headers and rows with the hidden headers removed, or why it is skipped."""
    sheet = book.get_sheet_by_name(name)
    cells = [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    filled = [i for i, row in enumerate(cells) if any(not blank(c) for c in row)]
    if not filled:
        return "trống / empty"
    at = find_header(cells, looks_like_header)
    if at is None:
        if not forced:
            return "không có dòng tiêu đề / no header names a known field"
        at = filled[0]
    headers, start = _headers(cells, at, list(sheet.merged_cell_ranges or []))
    rows = [(i + 1, cells[i]) for i in filled if i >= start]
    return remove_columns(headers, rows, hidden)


def _union(sheets: Iterable[tuple[str, list[str], Rows]], table: Table) -> None:
    """Put every sheet's rows under one header, matching headers by their folded form."""
    keys: dict[str, int] = {}
    for name, headers, rows in sheets:
        where = []
        for header in headers:
            key = normalise_header(header) or f"#{len(keys)}"
            if key not in keys:
                keys[key] = len(table.headers)
                table.headers.append(header)
            where.append(keys[key])
        width = len(table.headers)
        for number, cells in rows:
            out: list[object] = [None] * width
            for index, value in zip(where, cells, strict=False):
                out[index] = value
            table.rows.append((number, out))
            table.row_sheets.append(name)
    for _, cells in table.rows:
        cells.extend([None] * (len(table.headers) - len(cells)))


def read_workbook(
    source: ImportSource, fmt: str, looks_like_header: HeaderTest, *, sheet: str | None = None
) -> Table:
    """Read an .xlsx, .xls or .ods workbook: the chosen ``sheet`` (name or 1-based number),
    or every visible worksheet with a header; cell types kept (numbers, dates)."""
    book = _open(source.data)
    table = Table(format=fmt, headers=[], rows=[])
    try:
        names, table.notes = _pick(book, sheet)
        hidden_of = _hidden_finder(source.data, fmt)
        read: list[tuple[str, list[str], Rows]] = []
        for name in names:
            hidden = hidden_of(name)
            found = _read_sheet(book, name, looks_like_header, hidden, sheet is not None)
            if isinstance(found, str):
                table.notes.append(f"bỏ qua trang / sheet skipped: {nfc(name)!r}: {found}")
                continue
            (headers, rows), gone = found
            if gone:
                shown = ", ".join(repr(h) for h in gone)
                table.notes.append(
                    f"cột ẩn không nhập / hidden columns ignored ({nfc(name)!r}): {shown}"
                )
            read.append((nfc(name), headers, rows))
            table.notes.append(f"{fmt.upper()}: sheet {nfc(name)!r}, {len(rows)} rows")
    finally:
        book.close()
    if not read:
        raise InvalidInput(
            "file", "không trang nào có dòng tiêu đề / no worksheet has a header naming fields"
        )
    _union(read, table)
    return table

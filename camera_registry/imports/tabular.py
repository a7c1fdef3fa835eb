"""Readers of spreadsheet-like files: CSV (any common encoding and delimiter) and XLSX.

Excel on a Vietnamese Windows writes CSV as UTF-8 with a BOM ("CSV UTF-8"),
as UTF-16 tab-separated text ("Unicode Text") or in Windows-1258; the delimiter
is a comma or, where the decimal separator is a comma, a semicolon.  The reader
takes all of these and says in the report which it found.  Title rows above the
header (``DANH SÁCH CAMERA …``) are skipped: the header is the first row in
which at least two cells name known fields.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from camera_registry.errors import InvalidInput
from camera_registry.imports.table import ImportSource, Table

HeaderTest = Callable[[list[object]], bool]
_SCAN_ROWS = 20


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError:
        raise InvalidInput("file", "the text is neither UTF-8 nor Windows-1258") from None


def _delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:_SCAN_ROWS])
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield start, list(record)
            start = reader.line_num + 1
    except csv.Error as error:
        raise InvalidInput("file", f"line {reader.line_num}: {error}") from None


def _split_header(
    records: Iterator[tuple[int, list[object]]], looks_like_header: HeaderTest
) -> tuple[list[str], list[tuple[int, list[object]]]]:
    """Find the header among the first rows; return it and the data rows after it."""
    head: list[tuple[int, list[object]]] = []
    for record in records:
        head.append(record)
        if len(head) >= _SCAN_ROWS:
            break
    non_empty = [r for r in head if any(not _blank(c) for c in r[1])]
    if not non_empty:
        raise InvalidInput("file", "the file has no rows")
    header_at = next((i for i, r in enumerate(head) if looks_like_header(r[1])), None)
    if header_at is None:
        header_at = head.index(non_empty[0])
    headers = [("" if c is None else str(c)).strip() for c in head[header_at][1]]
    rest = head[header_at + 1 :]
    rows = [r for r in (*rest, *records) if any(not _blank(c) for c in r[1])]
    return headers, rows


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_csv(source: ImportSource, looks_like_header: HeaderTest) -> Table:
    """Read a CSV or tab-separated text file."""
    text, encoding = _decode(source.data)
    delimiter = _delimiter(text)
    headers, rows = _split_header(_csv_records(text, delimiter), looks_like_header)
    shown = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    table = Table(format="csv", headers=headers, rows=rows)
    table.notes.append(f"CSV: {encoding}, {shown}-separated")
    return table


def read_xlsx(source: ImportSource, looks_like_header: HeaderTest) -> Table:
    """Read the first worksheet of an Excel workbook (cell types kept: numbers, dates)."""
    from openpyxl import load_workbook  # noqa: PLC0415 — only XLSX imports need it

    try:
        book = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — openpyxl raises many kinds for bad files
        raise InvalidInput("file", f"not a readable .xlsx workbook ({error})") from None
    try:
        sheet = next(
            (ws for ws in book.worksheets if ws.sheet_state == "visible"), book.worksheets[0]
        )
        records = (
            (index, list(values))
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        headers, rows = _split_header(records, looks_like_header)
        table = Table(format="xlsx", headers=headers, rows=rows)
        table.notes.append(f"XLSX: sheet {sheet.title!r}")
        if len(book.worksheets) > 1:
            table.notes.append(f"only the sheet {sheet.title!r} was read")
        return table
    finally:
        book.close()

"""Readers of spreadsheet-like files: CSV (any common encoding and delimiter) and XLSX.

Excel on a Vietnamese Windows writes CSV as UTF-8 with a BOM ("CSV UTF-8"),
as UTF-16 tab-separated text ("Unicode Text") or in Windows-1258; the delimiter
is a comma or, where the decimal separator is a comma, a semicolon.  The reader
takes all of these and says in the report which it found.  The delimiter is the
one :class:`csv.Sniffer` finds consistent over the first rows (so commas inside
addresses of a semicolon file do not win by number), else the most frequent.
Windows-1258 decodes Vietnamese into decomposed letters: every text is
NFC-normalised so that it matches the same name typed in UTF-8.  Title rows above
the header (``DANH SÁCH CAMERA …``) are skipped: the header is the first row in
which at least two cells name known fields.  Workbooks are read in
:mod:`camera_registry.imports.sheets`.
"""

from __future__ import annotations

import csv
import io
import unicodedata
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


def nfc(text: str) -> str:
    """``text`` in composed form (NFC): "Thủy" from cp1258 equals "Thủy" typed in UTF-8."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:_SCAN_ROWS])
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        pass
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


def find_header(head: list[list[object]], looks_like_header: HeaderTest) -> int | None:
    """Index of the header among the first rows: the first naming known fields, else None."""
    return next((i for i, r in enumerate(head[:_SCAN_ROWS]) if looks_like_header(r)), None)


def _split_header(
    records: Iterator[tuple[int, list[object]]], looks_like_header: HeaderTest
) -> tuple[list[str], list[tuple[int, list[object]]]]:
    """Find the header among the first rows; return it and the data rows after it."""
    head: list[tuple[int, list[object]]] = []
    for record in records:
        head.append(record)
        if len(head) >= _SCAN_ROWS:
            break
    non_empty = [r for r in head if any(not blank(c) for c in r[1])]
    if not non_empty:
        raise InvalidInput("file", "the file has no rows")
    header_at = find_header([r[1] for r in head], looks_like_header)
    if header_at is None:
        header_at = head.index(non_empty[0])
    headers = [("" if c is None else str(c)).strip() for c in head[header_at][1]]
    rest = head[header_at + 1 :]
    rows = [r for r in (*rest, *records) if any(not blank(c) for c in r[1])]
    return headers, rows


def blank(cell: object) -> bool:
    """Whether a cell holds nothing (``None`` or only spaces)."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_csv(source: ImportSource, looks_like_header: HeaderTest) -> Table:
    """Read a CSV or tab-separated text file."""
    text, encoding = _decode(source.data)
    text = nfc(text)
    delimiter = _delimiter(text)
    headers, rows = _split_header(_csv_records(text, delimiter), looks_like_header)
    shown = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    table = Table(format="csv", headers=headers, rows=rows)
    table.notes.append(f"CSV: {encoding}, {shown}-separated")
    return table


def read_xlsx(source: ImportSource, looks_like_header: HeaderTest) -> Table:
    """Read an Excel workbook: every worksheet with a header (see :mod:`.sheets`)."""
    from camera_registry.imports.sheets import read_workbook  # noqa: PLC0415 — a cycle

    return read_workbook(source, "xlsx", looks_like_header)

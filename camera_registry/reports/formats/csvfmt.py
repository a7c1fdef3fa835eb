"""The report as one CSV table in long form: one line per cell of every report table.

Columns: table key, row key (the first cell of the row: a unit code, an
incident type, a month, a camera code …), row label (the unit's or type's
name), column key, column label, value.  Values are machine-readable: integers
as such, other numbers with a decimal point (rates as fractions 0–1), dates
dd/mm/yyyy, months mm/yyyy.  UTF-8 with a byte-order mark so that Excel shows
Vietnamese.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from camera_registry.reports import i18n
from camera_registry.reports.figures import MonthlyReport
from camera_registry.reports.formats.tables import tables

HEADERS = {
    "vi": ["Bảng (table)", "Mã dòng (row)", "Dòng (row_label)", "Mã cột (column)",
           "Cột (column_label)", "Giá trị (value)"],
    "en": ["table", "row", "row_label", "column", "column_label", "value"],
}  # fmt: skip


def machine(value: Any, kind: str) -> str:
    """A cell for machines: ``12``, ``0.125``, ``31/05/2023``, ``05/2023``, text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value else ""
    if isinstance(value, date):
        return i18n.month(value) if kind == "month" else i18n.day(value)
    return str(value)


def write_csv(report: MonthlyReport) -> bytes:
    """Every table of the report, one line per cell."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS[report.request.lang])
    for table in tables(report):
        label_col = 1 if len(table.columns) > 1 and table.columns[1].kind == "text" else None
        for row in table.rows:
            key = machine(row[0], table.columns[0].kind)
            label = str(row[label_col]) if label_col is not None else ""
            for index, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                if index == 0 or index == label_col:
                    continue
                writer.writerow(
                    [table.key, key, label, column.key, column.label, machine(value, column.kind)]
                )
    return out.getvalue().encode("utf-8")

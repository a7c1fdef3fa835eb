"""The report as an Excel workbook: an information sheet, then one sheet per table.

Cells hold real numbers (rates as fractions with a percentage format, hours
with one decimal) and real dates (dd/mm/yyyy, months mm/yyyy), so Excel
shows them with the reader's own separators and they can be summed.
"""

from __future__ import annotations

import io
import re
from typing import Any

from camera_registry.reports import i18n
from camera_registry.reports.figures import MonthlyReport
from camera_registry.reports.formats.base import Table
from camera_registry.reports.formats.tables import tables

FORMATS = {
    "int": "#,##0",
    "hours": "#,##0.0",
    "rate": "0.0%",
    "km2": "#,##0.00",
    "ratio": "0.000",
    "date": "dd/mm/yyyy",
    "month": "mm/yyyy",
}
_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A unique sheet name of at most 31 characters without the characters Excel refuses."""
    base = _BAD.sub("-", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _info_rows(report: MonthlyReport) -> list[list[Any]]:
    req, lang, b = report.request, report.request.lang, report.boundaries
    return [
        [i18n.t("title", lang)],
        [i18n.t("subtitle", lang, unit=report.total.name, month=i18n.month(req.month))],
        [i18n.t("units_on", lang, day=i18n.day(report.units_on))],
        [i18n.t("since", lang, since=i18n.month(req.since))],
        [i18n.t("generated", lang, moment=i18n.moment(report.generated_at))],
        [i18n.t("boundaries", lang, k=b.with_boundary, n=b.total)],
        [],
        *([note] for note in report.notes),
        [i18n.t("res_caveat", lang)],
    ]


def _write_table(book: Any, table: Table, taken: set[str]) -> None:
    from openpyxl.styles import Font  # noqa: PLC0415

    sheet = book.create_sheet(sheet_name(table.title, taken))
    sheet.append([c.label for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    for index, column in enumerate(table.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        width = max([len(column.label)] + [len(str(r[index - 1] or "")) for r in table.rows])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 48)
        fmt = FORMATS.get(column.kind)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
    sheet.freeze_panes = "C2" if len(table.columns) > 2 else "A2"


def write_xlsx(report: MonthlyReport) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # noqa: PLC0415 — only Excel output needs it

    book = Workbook()
    info = book.active
    taken: set[str] = set()
    info.title = sheet_name("Thông tin" if report.request.lang == "vi" else "Information", taken)
    for row in _info_rows(report):
        info.append(row)
    info.column_dimensions["A"].width = 120
    for table in tables(report):
        _write_table(book, table, taken)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

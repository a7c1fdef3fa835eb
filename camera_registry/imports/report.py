"""The row-level report of an import: what was (or would be) written, and every problem.

Each issue names the row as the user sees it (the spreadsheet row or text line,
or the feature's position in a GIS file), the column as the file heads it, the
value as written, and the reason.  Errors stop a row; warnings do not.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem with one cell (or one row, when ``column`` is empty)."""

    row: int
    column: str
    value: str
    reason: str
    severity: Severity = "error"
    field: str | None = None


@dataclass
class ImportReport:
    """Counts and issues of one import run."""

    file: str
    format: str
    crs: str
    dry_run: bool
    partial: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    written: bool = False
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """The issues that stop a row."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """The issues that do not stop a row."""
        return [i for i in self.issues if i.severity == "warning"]

    def failed_rows(self) -> list[int]:
        """Row numbers with at least one error, in file order."""
        return sorted({i.row for i in self.errors})

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-able dict (the API's response body)."""
        body = asdict(self)
        body["issues"] = sorted(body["issues"], key=lambda i: (i["row"], i["severity"] != "error"))
        body["failed_rows"] = self.failed_rows()
        return body

    def summary(self) -> str:
        """One line for humans: what happened."""
        counts = (
            f"{self.rows} rows: {self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged, {self.failed} failed, {self.skipped} skipped"
        )
        if self.written:
            return f"{counts}; written"
        why = "dry run" if self.dry_run else "rows failed in atomic mode"
        return f"{counts}; nothing written ({why})"

    def to_csv(self) -> bytes:
        """The issues as CSV (UTF-8 with BOM, so Excel shows Vietnamese)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Dòng (row)", "Cột (column)", "Giá trị (value)", "Mức (severity)",
                         "Lý do (reason)"])  # fmt: skip
        for issue in sorted(self.issues, key=lambda i: (i.row, i.severity != "error")):
            writer.writerow([issue.row, issue.column, issue.value, issue.severity, issue.reason])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

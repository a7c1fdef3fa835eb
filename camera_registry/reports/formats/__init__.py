"""Rendering a monthly report in each format: JSON, CSV, XLSX, HTML, PDF."""

from __future__ import annotations

import json
from collections.abc import Callable

from camera_registry.reports.figures import MonthlyReport

MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _json(report: MonthlyReport) -> bytes:
    from camera_registry.reports.formats.jsonfmt import report_json  # noqa: PLC0415

    return json.dumps(report_json(report), ensure_ascii=False).encode("utf-8")


def _csv(report: MonthlyReport) -> bytes:
    from camera_registry.reports.formats.csvfmt import write_csv  # noqa: PLC0415

    return write_csv(report)


def _xlsx(report: MonthlyReport) -> bytes:
    from camera_registry.reports.formats.xlsxfmt import write_xlsx  # noqa: PLC0415

    return write_xlsx(report)


def _html(report: MonthlyReport) -> bytes:
    from camera_registry.reports.formats.htmlfmt import write_html  # noqa: PLC0415

    return write_html(report).encode("utf-8")


def _pdf(report: MonthlyReport) -> bytes:
    from camera_registry.reports.formats.htmlfmt import write_pdf  # noqa: PLC0415

    return write_pdf(report)


RENDERERS: dict[str, Callable[[MonthlyReport], bytes]] = {
    "json": _json,
    "csv": _csv,
    "xlsx": _xlsx,
    "html": _html,
    "pdf": _pdf,
}


def render(report: MonthlyReport) -> tuple[bytes, str]:
    """The report's bytes in its requested format, and the media type."""
    fmt = report.request.fmt
    return RENDERERS[fmt](report), MEDIA_TYPES[fmt]

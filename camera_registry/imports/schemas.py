"""Response shapes of bulk imports (cameras, boundaries and incidents share one report)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class IssueOut(BaseModel):
    """One problem with one cell (or one row, when ``column`` is empty)."""

    row: int
    column: str
    value: str
    reason: str
    severity: str
    field: str | None


class ImportReportOut(BaseModel):
    """Counts and issues of one import run (``ImportReport.to_json``)."""

    file: str
    format: str
    crs: str
    dry_run: bool
    partial: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    failed: int
    skipped: int
    written: bool
    issues: list[IssueOut]
    notes: list[str]
    failed_rows: list[int]


class UnitImportReportOut(ImportReportOut):
    """A boundary import's report: areas, topology findings and camera moves besides."""

    areas: list[dict[str, Any]]
    topology: list[dict[str, Any]]
    camera_moves: list[dict[str, Any]]
    successions: int

"""Response shape of the monthly report in JSON (``reports.formats.jsonfmt.report_json``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ReportUnit(BaseModel):
    """The unit reported on, as in force on the report's date."""

    code: str
    name: str
    level: str
    valid_from: str
    valid_to: str | None


class TrendPoint(BaseModel):
    """Incidents of one month, and how many footage clarified."""

    month: str
    incidents: int
    clarified_with_footage: int


class MonthlyReport(BaseModel):
    """The monthly effectiveness report of a unit (``?format=json``)."""

    report: str
    lang: str
    month: str
    cumulative_since: str
    generated_at: str
    unit: ReportUnit
    units_as_of: str
    former_territory: bool
    incident_types: dict[str, str]
    boundaries: dict[str, Any]
    area_basis: str
    units: list[dict[str, Any]] = Field(description="Each with its coverage on ?coverage=true")
    communes_without_active_camera: list[dict[str, Any]]
    trend: list[TrendPoint]
    camera_contributions: list[dict[str, Any]]
    cameras_without_contribution: dict[str, Any]
    outcome_comparison: dict[str, Any]
    notes: list[str]

"""Response shapes of coverage figures and planning (documentation of what routes build).

Nested figures (cameras, coverage, incidents, roads, boundaries) are documented as
objects; their keys are those of ``coverage.presenters``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from camera_registry.responses import FeatureCollection


class Period(BaseModel):
    """The period incidents are taken from (inclusive days)."""

    start: str = Field(alias="from")
    to: str


class UnitReport(BaseModel):
    """Coverage figures of one administrative unit on a date."""

    unit: dict[str, Any]
    period: Period
    area_km2: float | None
    population: int | None
    cameras: dict[str, Any]
    coverage: dict[str, Any]
    incidents: dict[str, Any]
    roads: dict[str, Any] | None
    boundaries: dict[str, Any]
    cameras_by_given_commune: dict[str, Any]
    children: dict[str, Any] | None = Field(description="Child units with an active camera")
    communes: dict[str, Any] | None = Field(description="Communes with an active camera")


class ChildrenReport(BaseModel):
    """The same figures for every child unit of a unit."""

    unit: dict[str, Any]
    period: Period
    boundaries: dict[str, Any]
    children: list[dict[str, Any]]
    numberReturned: int  # noqa: N815 (OGC API name)


class HotspotCollection(FeatureCollection):
    """Grid cells of incidents outside any working view, ranked by weight."""

    unit: dict[str, Any]
    period: Period
    cell_m: float
    grid: str
    incidents_total: int
    incidents_uncovered: int
    weight_uncovered: float


class PlanCollection(FeatureCollection):
    """The K sites chosen by lazy greedy maximum coverage, with the plan's figures."""

    unit: dict[str, Any]
    period: Period
    k: int
    camera: dict[str, Any]
    method: str
    guarantee: str

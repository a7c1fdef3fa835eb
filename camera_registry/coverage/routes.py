"""HTTP routes of coverage and planning: thin wrappers over the coverage services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from camera_registry.coverage import access, plan_presenters, planning, presenters, service
from camera_registry.coverage.params import Period, make_period, pick_date
from camera_registry.coverage.schemas import (
    ChildrenReport,
    HotspotCollection,
    PlanCollection,
    UnitReport,
)
from camera_registry.deps import CurrentUser, SessionDep, SettingsDep
from camera_registry.responses import GEOJSON, FeatureCollection, GeoJSONResponse, documented

router = APIRouter(prefix="/coverage", tags=["coverage"])
Code = Annotated[str, Path(min_length=1, max_length=16, description="GSO code of the unit")]
CELL_M = (
    "Cell side (m): from 50 where the caller sees the unit's incidents in detail (default "
    "the larger of 500 and the planner grid); elsewhere only the planner grid (the default)"
)


@dataclass(frozen=True)
class When:
    """The date cameras are taken on and the period incidents are taken from."""

    on: date
    period: Period


def when(
    on: Annotated[date | None, Query(description="Date (default: today, Vietnam)")] = None,
    at: Annotated[date | None, Query(description="Alias of 'on'")] = None,
    start: Annotated[
        date | None, Query(alias="from", description="First day of the period")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (default: 'on')")] = None,
) -> When:
    """Parse the date and the incident period (default: the 365 days ending on the date)."""
    day = pick_date(on, at)
    return When(day, make_period(day, start, end))


WhenDep = Annotated[When, Depends(when)]


def _json(body: dict[str, Any], media_type: str = "application/json") -> JSONResponse:
    return JSONResponse(body, media_type=media_type)


@router.get(
    "/units/{code}",
    summary="Coverage figures of an administrative unit",
    responses=documented(UnitReport),
)
def unit(
    code: Code, session: SessionDep, settings: SettingsDep, _: CurrentUser, w: WhenDep
) -> JSONResponse:
    """Cameras, covered area, incidents seen by working cameras, roads, children tallied."""
    report = service.unit_report(
        session, code=code, on=w.on, period=w.period, weights=settings.coverage_severity_weights
    )
    return _json(presenters.unit_report_json(report))


@router.get(
    "/units/{code}/children",
    summary="Coverage figures of each child unit",
    responses=documented(ChildrenReport),
)
def children(
    code: Code, session: SessionDep, settings: SettingsDep, _: CurrentUser, w: WhenDep
) -> JSONResponse:
    """The same figures for every unit whose parent is the unit's version on the date."""
    report = service.children_report(
        session, code=code, on=w.on, period=w.period, weights=settings.coverage_severity_weights
    )
    return _json(presenters.children_json(report))


@router.get(
    "/gaps/{code}",
    summary="Where no active camera looks (GeoJSON)",
    response_class=GeoJSONResponse,
    responses=documented(FeatureCollection),
)
def gaps(
    code: Code,
    session: SessionDep,
    user: CurrentUser,
    w: WhenDep,
    tolerance_m: Annotated[float, Query(ge=0, le=1000, description="Simplification (m)")] = 5.0,
) -> JSONResponse:
    """The unit's polygon minus the union of active views, simplified for display."""
    access.require_planning(user, code)
    report = service.gap_report(session, code=code, on=w.on, tolerance_m=tolerance_m)
    return _json(presenters.gaps_json(report), GEOJSON)


@router.get(
    "/hotspots/{code}",
    summary="Grid cells of incidents outside any working view",
    response_class=GeoJSONResponse,
    responses=documented(HotspotCollection),
)
def hotspots(
    code: Code,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    w: WhenDep,
    cell_m: Annotated[float | None, Query(gt=0, le=20_000, description=CELL_M)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> JSONResponse:
    """Cells ranked by the severity-weighted incidents that no working camera saw.

    Cells are those of the incidents listing's grid.  Callers who see the unit's
    incidents only as cells (planners; investigators outside their provinces) always
    get the planner grid (``CAMREG_PLANNER_GRID_M``): any other ``cell_m`` is a 422.
    """
    access.require_planning(user, code)
    grid_m = settings.planner_grid_m
    detail = access.sees_details(session, user, code)
    size = access.hotspot_cell_m(detail=detail, cell_m=cell_m, planner_grid_m=grid_m)
    report = service.hotspot_report(
        session,
        code=code,
        on=w.on,
        period=w.period,
        weights=settings.coverage_severity_weights,
        cell_m=size,
        limit=limit,
    )
    return _json(plan_presenters.hotspots_json(report), GEOJSON)


@router.get(
    "/recommend/{code}",
    summary="Where the next K cameras should go",
    response_class=GeoJSONResponse,
    responses=documented(PlanCollection),
)
def recommend(
    code: Code,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    w: WhenDep,
    k: Annotated[int, Query(ge=1, le=200, description="How many sites")] = 10,
    road_weight: Annotated[float, Query(ge=0, le=1000, description="Weight per km")] = 0.0,
    fov_deg: Annotated[float | None, Query(ge=1, le=360)] = None,
    range_m: Annotated[float | None, Query(ge=1, le=500)] = None,
    directions: Annotated[int | None, Query(ge=1, le=36)] = None,
) -> JSONResponse:
    """K sites (position + direction) chosen by lazy greedy maximum coverage.

    Callers who see the unit's incidents only as cells (planners; investigators outside
    their provinces) get a site drawn from incidents as the ``planner_grid_m`` cell of
    the incidents listing's grid that holds it.
    """
    access.require_planning(user, code)
    s = settings
    options = planning.PlanOptions(
        k=k,
        fov_deg=fov_deg or s.coverage_candidate_fov_deg,
        range_m=range_m or s.coverage_candidate_range_m,
        directions=directions or s.coverage_candidate_directions,
        road_weight=road_weight,
        max_points=s.coverage_max_candidate_points,
        planner_grid_m=s.planner_grid_m,
    )
    report = planning.recommend(
        session,
        code=code,
        on=w.on,
        period=w.period,
        weights=s.coverage_severity_weights,
        options=options,
    )
    detail = access.sees_details(session, user, code)
    cell_m = access.site_grid_m(detail=detail, planner_grid_m=s.planner_grid_m)
    return _json(plan_presenters.plan_json(report, site_cell_m=cell_m), GEOJSON)

"""HTTP routes of incidents: thin wrappers over listing, queries and service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, UploadFile
from fastapi.responses import JSONResponse

from camera_registry.deps import CurrentUser, SessionDep, SettingsDep
from camera_registry.imports.schemas import ImportReportOut
from camera_registry.imports.table import ImportSource
from camera_registry.incidents import listing, service
from camera_registry.incidents.importing import service as importer
from camera_registry.incidents.importing.service import read_upload
from camera_registry.incidents.params import incident_filter
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.incidents.schemas import IncidentCreate, IncidentStats, StatusChange
from camera_registry.responses import (
    GEOJSON,
    Feature,
    FeatureCollection,
    GeoJSONResponse,
    documented,
)

router = APIRouter(prefix="/incidents", tags=["incidents"])
Filter = Annotated[IncidentFilter, Depends(incident_filter)]


@router.get(
    "",
    summary="Incidents as GeoJSON (details or grid cells, by role)",
    response_class=GeoJSONResponse,
    responses=documented(FeatureCollection),
)
def list_incidents(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=1_000_000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> JSONResponse:
    """List incidents by place, time, type, status and footage; planners get grid cells."""
    body = listing.list_for(
        session,
        flt=flt,
        user=user,
        grid_m=settings.planner_grid_m,
        limit=min(limit, settings.max_page_size),
        offset=offset,
    )
    return JSONResponse(body, media_type=GEOJSON)


@router.get(
    "/stats",
    summary="Incident counts by commune and type",
    response_model=Any,
    responses=documented(IncidentStats),
)
def incident_stats(session: SessionDep, user: CurrentUser, flt: Filter) -> dict[str, Any]:
    """Count matching incidents by commune and type, with how many footage clarified."""
    return listing.stats(session, flt=flt)


@router.post(
    "/import",
    summary="Import incidents from CSV or XLSX (row report)",
    response_model=Any,
    responses=documented(ImportReportOut),
)
def import_incidents(
    session: SessionDep,
    user: CurrentUser,
    file: UploadFile,
    dry_run: bool = False,
    partial: bool = False,
) -> dict[str, Any]:
    """Import a file: atomic unless ``partial``; ``dry_run`` only reports."""
    source = ImportSource(name=file.filename or "upload", data=read_upload(file.file))
    report = importer.import_incidents(
        session, source=source, actor=user, dry_run=dry_run, partial=partial
    )
    return report.to_json()


@router.get(
    "/{case_code}",
    summary="One incident with its status history",
    response_class=GeoJSONResponse,
    responses=documented(Feature),
)
def get_incident(case_code: str, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Read an incident (investigators, admins, and commune officers in their communes)."""
    body = listing.detail_for(session, case_code=case_code, user=user)
    return JSONResponse(body, media_type=GEOJSON)


@router.post(
    "",
    status_code=201,
    summary="Record an incident",
    response_class=GeoJSONResponse,
    responses=documented(Feature, 201),
)
def create_incident(data: IncidentCreate, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Record an incident; its commune is derived from the point (or resolved address)."""
    incident = service.create_incident(session, data=data, actor=user)
    body = listing.detail_for(session, case_code=incident.case_code, user=user)
    headers = {"Location": f"/incidents/{incident.case_code}"}
    return JSONResponse(body, status_code=201, media_type=GEOJSON, headers=headers)


@router.post(
    "/{case_code}/status",
    summary="Move an incident along its lifecycle",
    response_class=GeoJSONResponse,
    responses=documented(Feature),
)
def change_status(
    case_code: str, change: StatusChange, session: SessionDep, user: CurrentUser
) -> JSONResponse:
    """Record a status change (reported → investigating → clarified → closed)."""
    service.change_status(session, case_code=case_code, change=change, actor=user)
    body = listing.detail_for(session, case_code=case_code, user=user)
    return JSONResponse(body, media_type=GEOJSON)

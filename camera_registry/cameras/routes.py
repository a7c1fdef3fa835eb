"""HTTP routes of the camera registry: thin wrappers over queries and service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from camera_registry.auth import CurrentUser, Principal, require_roles
from camera_registry.cameras import queries, service
from camera_registry.cameras.presenters import camera_feature, parse_bbox
from camera_registry.cameras.schemas import CameraCreate
from camera_registry.db import SessionDep
from camera_registry.errors import NotFound
from camera_registry.geoconv import feature_collection
from camera_registry.vocab import Role

router = APIRouter(prefix="/cameras", tags=["cameras"])
GEOJSON = "application/geo+json"
Writer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.COMMUNE_OFFICER))]


@router.get("", summary="Cameras as a GeoJSON FeatureCollection")
def list_cameras(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    commune: Annotated[str | None, Query(max_length=16, description="Commune GSO code")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District GSO code")] = None,
    province: Annotated[str | None, Query(max_length=16, description="Province GSO code")] = None,
    bbox: Annotated[str | None, Query(description="minLon,minLat,maxLon,maxLat")] = None,
    geometry: Literal["point", "view"] = "point",
    limit: Annotated[int, Query(ge=1)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """List cameras inside administrative units and/or a bounding box."""
    limit = min(limit, request.app.state.settings.max_page_size)
    codes = tuple(c for c in (commune, district, province) if c)
    flt = queries.CameraFilter(unit_codes=codes, bbox=parse_bbox(bbox) if bbox else None)
    total, rows = queries.list_cameras(session, flt=flt, limit=limit, offset=offset)
    features = [camera_feature(row, user, geometry) for row in rows]
    body = feature_collection(features, numberMatched=total, numberReturned=len(features))
    return JSONResponse(body, media_type=GEOJSON)


@router.get("/{code}", summary="One camera as a GeoJSON Feature")
def get_camera(
    code: str, session: SessionDep, user: CurrentUser, geometry: Literal["point", "view"] = "point"
) -> JSONResponse:
    """Read one camera."""
    row = queries.get_camera(session, code=code)
    if row is None:
        raise NotFound(f"No camera has code {code!r}.")
    return JSONResponse(camera_feature(row, user, geometry), media_type=GEOJSON)


@router.post("", status_code=201, summary="Register a camera")
def create_camera(data: CameraCreate, session: SessionDep, user: Writer) -> JSONResponse:
    """Register a camera; its commune and view sector are derived."""
    service.create_camera(session, data=data, actor=user)
    row = queries.get_camera(session, code=data.code)
    assert row is not None
    body: dict[str, Any] = camera_feature(row, user, "point")
    return JSONResponse(
        body, status_code=201, media_type=GEOJSON, headers={"Location": f"/cameras/{data.code}"}
    )

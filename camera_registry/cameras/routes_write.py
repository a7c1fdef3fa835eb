"""HTTP routes writing the camera registry (admin, and commune officers in their communes).

PATCH needs ``If-Match`` with the ETag from GET (428 without, 412 when stale);
status changes and decommissioning accept it optionally, since they append to
the history rather than overwrite.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse

from camera_registry.auth import Principal
from camera_registry.cameras import queries, service, status, update
from camera_registry.cameras.concurrency import etag, parse_if_match
from camera_registry.cameras.presenters import camera_feature
from camera_registry.cameras.schemas import (
    FEATURE_RESPONSE,
    CameraCreate,
    CameraUpdate,
    Decommission,
    StatusChange,
)
from camera_registry.deps import SessionDep, require_roles
from camera_registry.responses import GEOJSON, GeoJSONResponse
from camera_registry.vocab import CameraStatus, Role

router = APIRouter(prefix="/cameras", tags=["cameras"])
Writer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.COMMUNE_OFFICER))]
IfMatch = Annotated[str | None, Header(description='The ETag from GET, e.g. "3"')]


def _camera_response(
    session: SessionDep, code: str, user: Principal, status_code: int = 200, **headers: str
) -> JSONResponse:
    row = queries.get_camera(session, code=code)
    assert row is not None
    body: dict[str, Any] = camera_feature(row, user, "point")
    headers["ETag"] = etag(row.camera.version)
    return JSONResponse(body, status_code=status_code, media_type=GEOJSON, headers=headers)


@router.post(
    "",
    status_code=201,
    summary="Register a camera",
    response_class=GeoJSONResponse,
    responses={201: FEATURE_RESPONSE[200]},
)
def create_camera(data: CameraCreate, session: SessionDep, user: Writer) -> JSONResponse:
    """Register a camera; its commune and view sector are derived."""
    service.create_camera(session, data=data, actor=user)
    return _camera_response(session, data.code, user, 201, Location=f"/cameras/{data.code}")


@router.patch(
    "/{code}",
    summary="Update a camera (merge patch; If-Match required)",
    response_class=GeoJSONResponse,
    responses=FEATURE_RESPONSE,
)
def update_camera(
    code: str, patch: CameraUpdate, session: SessionDep, user: Writer, if_match: IfMatch = None
) -> JSONResponse:
    """Change some fields of a camera, guarded by its version."""
    accepted = parse_if_match(if_match, required=True)
    camera = update.update_camera(session, code=code, patch=patch, actor=user, accepted=accepted)
    return _camera_response(session, camera.code, user)


@router.post(
    "/{code}/status",
    status_code=201,
    summary="Record a status change",
    response_class=GeoJSONResponse,
    responses={201: FEATURE_RESPONSE[200]},
)
def change_status(
    code: str, change: StatusChange, session: SessionDep, user: Writer, if_match: IfMatch = None
) -> JSONResponse:
    """Append a status change (may be backdated) to the camera's history."""
    accepted = parse_if_match(if_match, required=False)
    status.change_status(session, code=code, change=change, actor=user, accepted=accepted)
    return _camera_response(session, code, user, 201)


@router.post(
    "/{code}/decommission",
    summary="Decommission a camera (its record and history stay)",
    response_class=GeoJSONResponse,
    responses=FEATURE_RESPONSE,
)
def decommission_camera(
    code: str, body: Decommission, session: SessionDep, user: Writer, if_match: IfMatch = None
) -> JSONResponse:
    """Take a camera out of service; a status change to 'decommissioned'."""
    change = StatusChange(
        status=CameraStatus.DECOMMISSIONED, effective_at=body.effective_at, reason=body.reason
    )
    accepted = parse_if_match(if_match, required=False)
    status.change_status(session, code=code, change=change, actor=user, accepted=accepted)
    return _camera_response(session, code, user)

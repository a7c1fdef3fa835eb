"""HTTP routes reading the camera registry: thin wrappers over queries and presenters.

The write routes live in ``routes_write`` and are mounted on the same router.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from camera_registry.cameras import queries, status
from camera_registry.cameras.concurrency import etag
from camera_registry.cameras.formats import render_page
from camera_registry.cameras.params import CameraListing, listing
from camera_registry.cameras.presenters import (
    camera_feature,
    event_record,
    shows_holder,
    status_answer,
)
from camera_registry.cameras.routes_write import router as write_router
from camera_registry.cameras.schemas import (
    FEATURE_RESPONSE,
    CameraCollection,
    CameraHistory,
    StatusAnswer,
)
from camera_registry.deps import CurrentUser, SessionDep
from camera_registry.limits import count_holder_reads
from camera_registry.responses import GEOJSON, GeoJSONResponse, documented

reads = APIRouter(prefix="/cameras", tags=["cameras"])


@reads.get(
    "",
    summary="Cameras as GeoJSON (or ?format=json|csv), filtered, sorted, paged",
    response_class=GeoJSONResponse,
    responses=documented(CameraCollection, also=("application/json", "text/csv")),
)
def list_cameras(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[CameraListing, Depends(listing)],
) -> Response:
    """List cameras inside units / a bounding box and matching attribute filters."""
    total, rows = queries.list_cameras(
        session, flt=q.flt, limit=q.limit, offset=q.offset, sort=q.sort
    )
    count_holder_reads(request, user, (shows_holder(row, user) for row in rows))
    return render_page(
        request,
        rows=rows,
        total=total,
        user=user,
        fmt=q.fmt,
        geometry=q.geometry,
        limit=q.limit,
        offset=q.offset,
    )


@reads.get(
    "/{code}",
    summary="One camera as a GeoJSON Feature (ETag: its version)",
    response_class=GeoJSONResponse,
    responses=FEATURE_RESPONSE,
)
def get_camera(
    request: Request,
    code: str,
    session: SessionDep,
    user: CurrentUser,
    geometry: Literal["point", "view"] = "point",
) -> JSONResponse:
    """Read one camera; its ETag is what PATCH needs as If-Match."""
    row = queries.require_camera(session, code=code)
    count_holder_reads(request, user, [shows_holder(row, user)])
    body = camera_feature(row, user, geometry)
    return JSONResponse(body, media_type=GEOJSON, headers={"ETag": etag(row.camera.version)})


@reads.get(
    "/{code}/history",
    summary="A camera's status history, oldest first",
    response_model=Any,
    responses=documented(CameraHistory),
)
def get_history(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Every status change with its effective time and reason."""
    events = status.history_of(session, code=code)
    return {"code": code, "events": [event_record(e) for e in events]}


@reads.get(
    "/{code}/status",
    summary="Was the camera working at a moment?",
    response_model=Any,
    responses=documented(StatusAnswer),
)
def get_status(
    code: str,
    session: SessionDep,
    user: CurrentUser,
    at: Annotated[datetime | None, Query(description="ISO 8601; no offset = Vietnam time")] = None,
) -> dict[str, Any]:
    """The camera's status at ``at`` (default now), and since when."""
    moment, current, event = status.status_at_moment(session, code=code, at=at)
    return status_answer(code, moment, current, event)


#: Everything under /cameras: reads, then writes.
router = APIRouter()
router.include_router(reads)
router.include_router(write_router)

"""HTTP routes of camera sites (poles and buildings carrying several cameras)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse

from camera_registry.auth import Principal
from camera_registry.bbox import RequestedBBox
from camera_registry.cameras.concurrency import etag, parse_if_match
from camera_registry.cameras.schemas import Decommission
from camera_registry.deps import CurrentUser, SessionDep, SettingsDep, require_roles
from camera_registry.geoconv import feature_collection
from camera_registry.responses import GEOJSON, GeoJSONResponse, documented
from camera_registry.sites import queries, service
from camera_registry.sites.presenters import site_feature
from camera_registry.sites.schemas import (
    SiteAttach,
    SiteCollection,
    SiteCreate,
    SiteFeature,
    SiteUpdate,
)
from camera_registry.vocab import Role

router = APIRouter(prefix="/sites", tags=["sites"])
Writer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.COMMUNE_OFFICER))]
IfMatch = Annotated[str | None, Header(description='The ETag from GET, e.g. "3"')]
SITE_RESPONSE = documented(SiteFeature)
SITE_RESPONSE_201 = documented(SiteFeature, 201)


def _site_response(
    session: SessionDep, code: str, status_code: int = 200, **headers: str
) -> JSONResponse:
    row = queries.require_site(session, code=code)
    headers["ETag"] = etag(row.site.version)
    return JSONResponse(
        site_feature(row), status_code=status_code, media_type=GEOJSON, headers=headers
    )


@router.get(
    "",
    summary="Sites as a GeoJSON FeatureCollection",
    response_class=GeoJSONResponse,
    responses=documented(SiteCollection),
)
def list_sites(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    commune: Annotated[str | None, Query(max_length=16, description="Commune GSO code")] = None,
    bbox: RequestedBBox = None,
    limit: Annotated[int, Query(ge=1)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """List sites in a commune and/or a bounding box, with their cameras."""
    limit = min(limit, settings.max_page_size)
    total, rows = queries.list_sites(
        session, commune_code=commune, bbox=bbox, limit=limit, offset=offset
    )
    features = [site_feature(row) for row in rows]
    body: dict[str, Any] = feature_collection(
        features, numberMatched=total, numberReturned=len(features)
    )
    return JSONResponse(body, media_type=GEOJSON)


@router.get(
    "/{code}",
    summary="One site (ETag: its version)",
    response_class=GeoJSONResponse,
    responses=SITE_RESPONSE,
)
def get_site(code: str, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Read one site with the codes of its cameras."""
    return _site_response(session, code)


@router.post(
    "",
    status_code=201,
    summary="Register a site",
    response_class=GeoJSONResponse,
    responses=SITE_RESPONSE_201,
)
def create_site(data: SiteCreate, session: SessionDep, user: Writer) -> JSONResponse:
    """Register a site; its commune is derived from its point."""
    service.create_site(session, data=data, actor=user)
    return _site_response(session, data.code, 201, Location=f"/sites/{data.code}")


@router.patch(
    "/{code}",
    summary="Rename or move a site with all its cameras (If-Match required)",
    response_class=GeoJSONResponse,
    responses=SITE_RESPONSE,
)
def update_site(
    code: str, patch: SiteUpdate, session: SessionDep, user: Writer, if_match: IfMatch = None
) -> JSONResponse:
    """Change a site; moving it moves its cameras and recomputes their views."""
    accepted = parse_if_match(if_match, required=True)
    assert accepted is not None
    service.update_site(session, code=code, patch=patch, actor=user, accepted=accepted)
    return _site_response(session, code)


@router.post(
    "/{code}/cameras",
    summary="Mount cameras on a site",
    response_class=GeoJSONResponse,
    responses=SITE_RESPONSE,
)
def attach_cameras(code: str, data: SiteAttach, session: SessionDep, user: Writer) -> JSONResponse:
    """Mount cameras (each within 50 m) on a site; they take its position."""
    service.attach_cameras(session, code=code, data=data, actor=user)
    return _site_response(session, code)


@router.post(
    "/{code}/decommission",
    summary="Decommission a site and all its cameras",
    response_class=GeoJSONResponse,
    responses=SITE_RESPONSE,
)
def decommission_site(
    code: str, data: Decommission, session: SessionDep, user: Writer, if_match: IfMatch = None
) -> JSONResponse:
    """Take a site and each of its cameras out of service, keeping their history."""
    accepted = parse_if_match(if_match, required=False)
    service.decommission_site(session, code=code, data=data, actor=user, accepted=accepted)
    return _site_response(session, code)

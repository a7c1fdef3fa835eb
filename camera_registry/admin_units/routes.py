"""HTTP routes of administrative units (public data: GSO codes and boundaries)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from camera_registry.admin_units import queries
from camera_registry.admin_units.counts import camera_counts
from camera_registry.admin_units.presenters import unit_feature
from camera_registry.deps import SessionDep, get_current_user
from camera_registry.geoconv import feature_collection
from camera_registry.responses import GEOJSON, FeatureCollection, GeoJSONResponse, documented
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

router = APIRouter(prefix="/admin-units", tags=["administrative units"])


@router.get(
    "",
    summary="Administrative units as a GeoJSON FeatureCollection",
    response_class=GeoJSONResponse,
    responses=documented(FeatureCollection),
)
def list_units(
    request: Request,
    session: SessionDep,
    level: Level | None = None,
    parent: Annotated[str | None, Query(max_length=16, description="Parent GSO code")] = None,
    at: Annotated[date | None, Query(description="Only units in force on this date")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Name, any diacritics")] = None,
    has_boundary: Annotated[
        bool | None,
        Query(description="Only units whose boundary is (true) / is not (false) loaded"),
    ] = None,
    simplify_m: Annotated[
        float | None,
        Query(
            gt=0,
            le=5000,
            description="Serve boundaries simplified to this tolerance in metres (display); "
            "the full boundary stays stored",
        ),
    ] = None,
    counts: Annotated[
        bool,
        Query(description="Add cameras_derived / cameras_given per unit (signed-in callers)"),
    ] = False,
) -> JSONResponse:
    """List provinces, districts or communes, optionally under a parent and on a date.

    Units whose boundary is not loaded yet come with a null geometry and a
    ``centre`` property; ``has_boundary`` tells them apart.  ``counts`` adds, per
    unit, its cameras (not decommissioned) by how their commune was decided; the
    boundaries are public, the camera counts need a signed-in caller.
    """
    if counts:
        get_current_user(request, session)
    rows = queries.list_units(
        session,
        level=level,
        parent_code=parent,
        on=at,
        name=fold(q) if q else None,
        has_boundary=has_boundary,
    )
    features = [unit_feature(u, parent_code, simplify_m=simplify_m) for u, parent_code in rows]
    if counts:
        by_unit = camera_counts(session, unit_ids=[unit.id for unit, _ in rows])
        for feature, (unit, _) in zip(features, rows, strict=True):
            feature["properties"] |= by_unit[unit.id].as_json()
    body = feature_collection(features, numberMatched=len(features), numberReturned=len(features))
    return JSONResponse(body, media_type=GEOJSON)

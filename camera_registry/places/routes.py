"""HTTP route of the gazetteer: search places by name, kind and unit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from camera_registry.deps import CurrentUser, SessionDep
from camera_registry.geoconv import feature_collection
from camera_registry.places import queries
from camera_registry.places.queries import PlaceRow
from camera_registry.places.vocab import KIND_LABELS, PlaceKind
from camera_registry.responses import GEOJSON, FeatureCollection, GeoJSONResponse, documented
from camera_registry.textnorm import fold

router = APIRouter(prefix="/places", tags=["gazetteer"])


def place_feature(row: PlaceRow) -> dict[str, Any]:
    """A place as an RFC 7946 Feature."""
    vi, en = KIND_LABELS[PlaceKind(row.kind)]
    return {
        "type": "Feature",
        "id": row.id,
        "geometry": row.geometry.__geo_interface__,
        "properties": {
            "name": row.name,
            "kind": row.kind,
            "kind_label": {"vi": vi, "en": en},
            "address": row.address,
            "alt_names": row.alt_names,
            "commune_code": row.commune_code,
            "commune_name": row.commune_name,
        },
    }


@router.get(
    "",
    summary="Gazetteer places as a GeoJSON FeatureCollection",
    response_class=GeoJSONResponse,
    responses=documented(FeatureCollection),
)
def search(
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[str | None, Query(max_length=100, description="Name, any diacritics")] = None,
    kind: PlaceKind | None = None,
    unit: Annotated[str | None, Query(max_length=16, description="GSO code (any era)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSONResponse:
    """Places whose name contains ``q``, of a kind, inside any version of a unit."""
    rows = queries.search_places(
        session, text=fold(q) if q else None, kind=kind, unit_code=unit, limit=limit
    )
    features = [place_feature(r) for r in rows]
    body = feature_collection(features, numberReturned=len(features))
    return JSONResponse(body, media_type=GEOJSON)

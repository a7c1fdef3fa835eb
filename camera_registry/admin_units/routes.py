"""HTTP routes of administrative units (public data: GSO codes and boundaries)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from camera_registry.admin_units import queries
from camera_registry.admin_units.presenters import unit_feature
from camera_registry.db import SessionDep
from camera_registry.geoconv import feature_collection
from camera_registry.responses import GEOJSON
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

router = APIRouter(prefix="/admin-units", tags=["administrative units"])


@router.get("", summary="Administrative units as a GeoJSON FeatureCollection")
def list_units(
    session: SessionDep,
    level: Level | None = None,
    parent: Annotated[str | None, Query(max_length=16, description="Parent GSO code")] = None,
    at: Annotated[date | None, Query(description="Only units in force on this date")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Name, any diacritics")] = None,
) -> JSONResponse:
    """List provinces, districts or communes, optionally under a parent and on a date."""
    rows = queries.list_units(
        session, level=level, parent_code=parent, on=at, name=fold(q) if q else None
    )
    features = [unit_feature(unit, parent_code) for unit, parent_code in rows]
    body = feature_collection(features, numberMatched=len(features), numberReturned=len(features))
    return JSONResponse(body, media_type=GEOJSON)

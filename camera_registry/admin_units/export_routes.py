"""``GET /admin-units/export``: units as a GeoJSON or GeoPackage file.

Public, like ``GET /admin-units``: GSO codes and boundaries are public data.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from camera_registry.admin_units.export import export_units
from camera_registry.deps import SessionDep
from camera_registry.vocab import Level

router = APIRouter(prefix="/admin-units", tags=["administrative units"])


@router.get(
    "/export",
    summary="Administrative units as a GeoJSON or GeoPackage file",
    response_class=Response,
    responses={
        200: {"content": {"application/geo+json": {}, "application/geopackage+sqlite3": {}}}
    },
)
def export(
    session: SessionDep,
    fmt: Annotated[Literal["geojson", "gpkg"], Query(alias="format")] = "geojson",
    province: Annotated[str | None, Query(max_length=16, description="Province GSO code")] = None,
    level: Level | None = None,
    at: Annotated[date | None, Query(description="Units in force on this date (today)")] = None,
    with_missing: Annotated[bool, Query(description="Also units without a boundary")] = False,
) -> Response:
    """Units under a province, of a level, in force on a date; null geometry where missing."""
    result = export_units(
        session, fmt=fmt, province=province, level=level, on=at, with_missing=with_missing
    )
    disposition = f'attachment; filename="{result.filename}"'
    return Response(result.content, media_type=result.media_type,
                    headers={"Content-Disposition": disposition})  # fmt: skip

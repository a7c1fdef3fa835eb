"""HTTP routes of bulk import and export (mounted before ``/cameras/{code}``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from camera_registry.auth import Principal
from camera_registry.cameras.queries import CameraFilter
from camera_registry.deps import CurrentUser, SessionDep, SettingsDep, require_roles
from camera_registry.exports.records import columns_for
from camera_registry.exports.service import export_cameras
from camera_registry.imports.schemas import ImportReportOut
from camera_registry.imports.service import ImportOptions, run_import
from camera_registry.imports.upload import (
    export_filter,
    read_upload,
    report_response,
    user_mapping,
)
from camera_registry.limits import count_holder_reads
from camera_registry.responses import documented
from camera_registry.vocab import Role

router = APIRouter(prefix="/cameras", tags=["import / export"])
Importer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.COMMUNE_OFFICER))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What an export may answer, by ``format``.
EXPORT_MEDIA_TYPES = ("text/csv", XLSX, "application/geo+json", "application/geopackage+sqlite3")

#: OpenAPI request body of a file upload (``file`` and an optional ``mapping`` field).
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "mapping": {"type": "string", "description": "JSON {columns, defaults}"},
                        "sheet": {
                            "type": "string",
                            "description": "Worksheet name or number (from 1); default: all",
                        },
                        "drop": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Columns removed on reading (personal notes)",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/import",
    summary="Nhập danh sách camera / import a camera list (row-level report)",
    openapi_extra=UPLOAD_BODY,
    responses=documented(ImportReportOut),
)
async def import_cameras(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: Importer,
    dry_run: bool = False,
    partial: bool = False,
    crs: Annotated[
        str | None, Query(max_length=100, description="EPSG:9210, VN2000:105.5…")
    ] = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=16)] = None,
) -> JSONResponse:
    """Check every row; write them all (``partial``: the valid ones) unless a dry run."""
    source = await read_upload(request)
    options = ImportOptions(
        fmt,
        crs,
        dry_run,
        partial,
        user_mapping(
            request.state.import_mapping, request.state.import_sheet, request.state.import_drop
        ),
        max_vertices=settings.max_geometry_vertices,
    )
    report = await run_in_threadpool(
        run_import, session, source=source, options=options, actor=user
    )
    return report_response(request, report)


@router.get(
    "/export",
    summary="Xuất danh sách camera / export cameras (CSV, XLSX, GeoJSON, GPKG)",
    response_class=Response,
    responses=documented(None, also=EXPORT_MEDIA_TYPES),
)
def export(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    flt: Annotated[CameraFilter, Depends(export_filter)],
    fmt: Annotated[Literal["csv", "xlsx", "geojson", "gpkg"], Query(alias="format")] = "csv",
) -> Response:
    """Every matching camera; holder columns only for roles allowed to see them."""
    count_holder_reads(request, user, ["owner_contact" in columns_for(user)])
    result = export_cameras(session, flt=flt, user=user, fmt=fmt)
    disposition = f'attachment; filename="{result.filename}"'
    return Response(
        result.content, media_type=result.media_type, headers={"Content-Disposition": disposition}
    )

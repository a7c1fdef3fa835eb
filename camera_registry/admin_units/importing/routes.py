"""HTTP route of boundary import (admin only): ``POST /admin-units/import``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from camera_registry.admin_units.importing.mapping import form_mapping
from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.auth import Principal
from camera_registry.deps import SessionDep, SettingsDep, require_roles
from camera_registry.imports.routes import UPLOAD_BODY
from camera_registry.imports.schemas import UnitImportReportOut
from camera_registry.imports.upload import read_upload, report_response
from camera_registry.responses import documented
from camera_registry.vocab import Role

router = APIRouter(prefix="/admin-units", tags=["administrative units"])
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Text = Annotated[str | None, Query(max_length=100)]


@router.post(
    "/import",
    summary="Nhập ranh giới đơn vị hành chính / import administrative boundaries",
    openapi_extra=UPLOAD_BODY,
    responses=documented(UnitImportReportOut),
)
async def import_units(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: Admin,
    dry_run: bool = False,
    partial: bool = False,
    crs: Annotated[
        str | None, Query(max_length=100, description="EPSG:9210, VN2000:105.5…")
    ] = None,
    layer: Text = None,
    province: Annotated[str | None, Query(max_length=16)] = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=16)] = None,
) -> JSONResponse:
    """Check every unit; write them all (``partial``: the valid ones) unless a dry run."""
    source = await read_upload(request)
    options = UnitImportOptions(
        fmt, layer, crs, province, dry_run, partial, form_mapping(request.state.import_mapping),
        max_vertices=settings.max_geometry_vertices,
    )  # fmt: skip
    report = await run_in_threadpool(
        run_unit_import, session, source=source, options=options, actor=user
    )
    return report_response(request, report)

"""The HTTP edges of import and export: upload limits, mapping form field, report responses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from camera_registry.bbox import RequestedBBox
from camera_registry.cameras.queries import CameraFilter
from camera_registry.errors import PROBLEM_JSON, TYPE_BASE, DomainError, InvalidInput
from camera_registry.imports.mapping import UserMapping, mapping_from_text
from camera_registry.imports.report import ImportReport
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import CameraKind, CameraStatus, Ownership

#: Problem details list at most this many row errors; the report member has them all.
MAX_LISTED_ERRORS = 1000


class PayloadTooLarge(DomainError):
    """The upload is larger than ``CAMREG_MAX_IMPORT_UPLOAD_BYTES``."""

    status = 413
    type = "payload-too-large"
    title = "Payload too large"


async def read_upload(request: Request) -> ImportSource:
    """The uploaded ``file`` part, refused with 413 beyond the configured size."""
    limit: int = request.app.state.settings.max_import_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise PayloadTooLarge(f"An import file may be at most {limit} bytes.")
    form = await request.form(max_files=1, max_fields=40)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InvalidInput("file", "send the file as the multipart part named 'file'")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"An import file may be at most {limit} bytes.")
    mapping = form.get("mapping")
    request.state.import_mapping = mapping if isinstance(mapping, str) else None
    sheet = form.get("sheet")
    request.state.import_sheet = sheet if isinstance(sheet, str) and sheet.strip() else None
    request.state.import_drop = tuple(
        d.strip() for d in form.getlist("drop") if isinstance(d, str) and d.strip()
    )
    return ImportSource(name=upload.filename or "upload", data=data)


def user_mapping(
    text: str | None, sheet: str | None = None, drop: tuple[str, ...] = ()
) -> UserMapping:
    """The optional ``mapping``, ``sheet`` and (repeatable) ``drop`` form fields of an import."""
    return mapping_from_text(text).merged(UserMapping(sheet=sheet, drop=drop))


def report_response(request: Request, report: ImportReport) -> JSONResponse:
    """200 with the report, or (atomic import with bad rows) a 422 problem carrying it."""
    body = report.to_json()
    if report.written or report.dry_run or not report.failed:
        return JSONResponse(body)
    errors = [
        {"field": f"row {i.row}: {i.column}", "row": i.row, "column": i.column,
         "value": i.value, "reason": i.reason}
        for i in report.errors[:MAX_LISTED_ERRORS]
    ]  # fmt: skip
    problem = {
        "type": TYPE_BASE + "import-rejected",
        "title": "Import rejected",
        "status": 422,
        "detail": f"{report.failed} of {report.rows} rows failed; nothing was written "
        "(fix them, or import with partial=true to write the valid rows)",
        "instance": request.url.path,
        "errors": errors,
        "report": body,
    }
    return JSONResponse(problem, status_code=422, media_type=PROBLEM_JSON)


def _many(field: str, raw: str | None, vocabulary: Any) -> tuple[str, ...]:
    values = tuple(v.strip() for v in (raw or "").split(",") if v.strip())
    allowed = {m.value for m in vocabulary}
    for value in values:
        if value not in allowed:
            raise InvalidInput(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")
    return values


Unit = Annotated[str | None, Query(max_length=16)]
Listed = Annotated[str | None, Query(max_length=200, description="Comma-separated")]


def export_filter(
    commune: Unit = None,
    district: Unit = None,
    province: Unit = None,
    bbox: RequestedBBox = None,
    status: Listed = None,
    ownership: Listed = None,
    kind: Listed = None,
) -> CameraFilter:
    """FastAPI dependency: the listing's cheap filters, for an export."""
    return CameraFilter(
        unit_codes=tuple(c for c in (commune, district, province) if c),
        bbox=bbox,
        statuses=_many("status", status, CameraStatus),
        ownerships=_many("ownership", ownership, Ownership),
        kinds=_many("kind", kind, CameraKind),
    )

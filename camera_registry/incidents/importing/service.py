"""Bulk import of incidents from CSV or XLSX, with a row-level report.

Reuses the camera importer's generic pieces (``camera_registry.imports``):
file readers (any CSV encoding and delimiter, XLSX, title rows skipped),
header matching without regard to diacritics, cell parsers and the report.
Like the camera import it is atomic by default (one bad row: nothing is
written), ``partial`` writes the valid rows, and ``dry_run`` writes nothing.
Each row goes through the same validation as ``POST /incidents``; a row whose
case code is already recorded with the same type, time and point is
``unchanged``, so re-running a file changes nothing.

=================  ==============================================  ===========================
field              Vietnamese headers (any diacritics)             English headers
=================  ==============================================  ===========================
case_code          Mã vụ việc, Mã vụ, Số hồ sơ, Mã hồ sơ           case code, case, case id
type               Loại vụ việc, Loại, Phân loại                   type, incident type
occurred_at        Thời gian xảy ra, Thời gian, Ngày giờ, Ngày     occurred at, time, date
occurred_until     Đến, Thời gian kết thúc                          occurred until, until
lon / lat          Kinh độ / Vĩ độ                                 lon, longitude / lat
address            Địa chỉ, Địa điểm, Nơi xảy ra                   address, location, place
commune_code       Mã xã, Xã/Phường                                commune code, commune
status             Trạng thái, Tình trạng                          status
description        Nội dung, Mô tả, Tóm tắt                        description, summary
=================  ==============================================  ===========================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.errors import DomainError, InvalidInput
from camera_registry.imports import parse
from camera_registry.imports.fields import header_candidates, normalise_header
from camera_registry.imports.report import ImportReport, Issue
from camera_registry.imports.table import ImportSource, Table, detect_format
from camera_registry.imports.tabular import read_csv, read_xlsx
from camera_registry.incidents import queries
from camera_registry.incidents.access import require_writer
from camera_registry.incidents.evidence.upload import PayloadTooLarge
from camera_registry.incidents.importing.cells import moment_cell, same_incident, vocabulary_cell
from camera_registry.incidents.schemas import IncidentCreate
from camera_registry.incidents.service import build_incident

HEADERS: dict[str, tuple[str, ...]] = {
    "case_code": ("Mã vụ việc", "Mã vụ", "Số hồ sơ", "Mã hồ sơ", "case code", "case", "case id"),
    "type": ("Loại vụ việc", "Loại", "Phân loại", "incident type", "category"),
    "occurred_at": (
        "Thời gian xảy ra",
        "Thời gian",
        "Ngày giờ",
        "Ngày",
        "Ngày xảy ra",
        "occurred at",
        "time",
        "date",
        "datetime",
        "when",
    ),
    "occurred_until": (
        "Đến",
        "Thời gian kết thúc",
        "Đến thời điểm",
        "occurred until",
        "until",
        "end time",
    ),
    "lon": ("Kinh độ", "lng", "long", "longitude"),
    "lat": ("Vĩ độ", "latitude"),
    "address": ("Địa chỉ", "Địa điểm", "Nơi xảy ra", "location", "place"),
    "commune_code": ("Mã xã", "Xã/Phường", "commune", "commune code", "ward"),
    "status": ("Trạng thái", "Tình trạng", "status"),
    "description": ("Nội dung", "Mô tả", "Tóm tắt", "summary"),
}
ALIASES = {normalise_header(h): f for f, names in HEADERS.items() for h in (f, *names)}
MAX_IMPORT_BYTES = 50 * 1024 * 1024


def read_upload(stream: BinaryIO, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """An uploaded file's bytes, or a 413 beyond ``limit``."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"An import file may be at most {limit} bytes.")
    return data


def _field_of(header: str) -> str | None:
    return next((ALIASES[c] for c in header_candidates(header) if c in ALIASES), None)


def _looks_like_header(cells: list[object]) -> bool:
    return sum(1 for c in cells if isinstance(c, str) and _field_of(c)) >= 2


def read_table(source: ImportSource, requested: str | None = None) -> Table:
    """The rows of a CSV or XLSX file."""
    fmt = detect_format(source.name, requested)
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("format", "incidents are imported from CSV or XLSX files")
    reader = read_csv if fmt == "csv" else read_xlsx
    return reader(source, _looks_like_header)


def columns_of(headers: list[str]) -> dict[str, int]:
    """Field → column index; a missing required column or a doubled field is a 422."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _field_of(header) if header else None
        if name is None:
            continue
        if name in columns:
            raise InvalidInput(
                "file", f"columns {headers[columns[name]]!r} and {header!r} both name {name}"
            )
        columns[name] = index
    missing = [f for f in ("case_code", "type", "occurred_at") if f not in columns]
    if missing:
        raise InvalidInput("file", f"no column for {', '.join(missing)}")
    return columns


def _payload(
    cells: list[object], columns: dict[str, int], headers: list[str], row: int
) -> tuple[dict[str, Any], list[Issue]]:
    payload: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, index in columns.items():
        value = cells[index] if index < len(cells) else None
        if parse.is_blank(value):
            continue
        try:
            if name in ("lon", "lat"):
                payload[name] = parse.coordinate(value)
            elif name in ("occurred_at", "occurred_until"):
                payload[name] = moment_cell(value)
            elif name in ("type", "status"):
                payload[name] = vocabulary_cell(name, value)
            else:
                payload[name] = parse.text(value)
        except parse.CellError as error:
            issues.append(Issue(row, headers[index], parse.text(value), error.reason, field=name))
    return payload, issues


def _validation_issues(
    error: ValidationError,
    row: int,
    columns: dict[str, int],
    headers: list[str],
    payload: dict[str, Any],
) -> list[Issue]:
    issues = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        header = headers[columns[name]] if name in columns else name
        reason = str(item["msg"]).removeprefix("Value error, ")
        issues.append(Issue(row, header, str(payload.get(name, "")), reason, field=name or None))
    return issues


def _domain_issues(
    error: DomainError,
    row: int,
    columns: dict[str, int],
    headers: list[str],
    payload: dict[str, Any],
) -> list[Issue]:
    if not error.errors:
        return [Issue(row, "", str(payload.get("case_code", "")), error.detail)]
    issues = []
    for item in error.errors:
        name = item["field"]
        header = headers[columns[name]] if name in columns else name
        issues.append(Issue(row, header, str(payload.get(name, "")), item["reason"], field=name))
    return issues


def _import_row(session: Session, payload: dict[str, Any], actor: Principal) -> str:
    """Write one row in a savepoint: ``created`` or ``unchanged`` (raises on errors)."""
    data = IncidentCreate.model_validate(payload)
    existing = queries.get_incident(session, case_code=data.case_code)
    if existing is not None:
        if same_incident(existing, data):
            return "unchanged"
        raise InvalidInput("case_code", "already recorded with a different type, time or point")
    with session.begin_nested():
        build_incident(session, data=data, actor=actor)
    return "created"


def import_incidents(
    session: Session,
    *,
    source: ImportSource,
    actor: Principal,
    dry_run: bool = False,
    partial: bool = False,
    fmt: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a file of incidents; commits only when something is to be written."""
    require_writer(actor)
    table = read_table(source, fmt)
    columns = columns_of(table.headers)
    report = ImportReport(source.name, table.format, "EPSG:4326", dry_run, partial)
    report.notes += table.notes
    for row, cells in table.rows:
        report.rows += 1
        payload, issues = _payload(cells, columns, table.headers, row)
        if not issues:
            try:
                outcome = _import_row(session, payload, actor)
                setattr(report, outcome, getattr(report, outcome) + 1)
            except ValidationError as error:
                issues = _validation_issues(error, row, columns, table.headers, payload)
            except DomainError as error:
                issues = _domain_issues(error, row, columns, table.headers, payload)
        if issues:
            report.failed += 1
            report.issues += issues
        if progress is not None:
            progress(report.rows)
    if dry_run or (report.failed and not partial) or not report.created:
        session.rollback()
        return report
    audit.record_for(
        session,
        actor,
        "incident.import",
        object_type="file",
        object_id=source.name[:128],
        detail=report.summary(),
    )
    session.commit()
    report.written = True
    return report

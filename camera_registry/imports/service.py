"""Running an import: read, check every row, then write all of it, the valid part, or nothing.

Atomic by default: one bad row and nothing is written (the report lists every
bad row).  ``partial`` writes the valid rows and reports the rest; ``dry_run``
writes nothing and reports what would happen.  Rows are upserted by camera code,
so running the same file twice changes nothing the second time.  One audit row
records each import that wrote or was refused (not dry runs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.db import now_utc, restart_as_writer
from camera_registry.errors import Conflict, Forbidden, InvalidInput
from camera_registry.imports import bulk, duplicates, plan, queries, validate
from camera_registry.imports.communes import CommuneLocator
from camera_registry.imports.coords import positions, user_crs
from camera_registry.imports.mapping import ColumnMap, UserMapping, resolve
from camera_registry.imports.readers import read_table
from camera_registry.imports.report import ImportReport, Issue
from camera_registry.imports.rows import Parsed, parse_table
from camera_registry.imports.table import ImportSource, Table, detect_format
from camera_registry.vocab import Role
from geo.direction import LoneN, uses_vietnamese_compass
from geo.vertices import DEFAULT_MAX_VERTICES

CHANGED_MEANWHILE = "Some cameras changed while the file was being imported; run it again."

#: ``progress(stage, done, total)``: the CLI draws a bar from it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """How to read and write one file."""

    format: str | None = None
    crs: str | None = None
    dry_run: bool = False
    partial: bool = False
    mapping: UserMapping = field(default_factory=UserMapping)
    #: Background threads computing view sectors while rows are checked (the CLI: its cores).
    workers: int = 1
    #: Most vertices of one feature's geometry (``CAMREG_MAX_GEOMETRY_VERTICES``).
    max_vertices: int = DEFAULT_MAX_VERTICES


def _quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""


def _lone_n(table: Table, cmap: ColumnMap) -> LoneN:
    if table.preset == "osm" or "direction_deg" not in cmap.columns:
        return "north"
    index = cmap.columns["direction_deg"]
    cells = dict.fromkeys(cells[index] for _, cells in table.rows if index < len(cells))
    return "south" if uses_vietnamese_compass(cells) else "north"


def _prepare(table: Table, options: ImportOptions) -> tuple[ColumnMap, LoneN]:
    cmap = resolve(table.headers, options.mapping, table.columns)
    cmap.defaults = {**table.defaults, **options.mapping.defaults}
    if "code" not in cmap.columns:
        raise InvalidInput(
            "file", "no camera code column: head one 'Mã camera' or 'code' (or use --map)"
        )
    return cmap, _lone_n(table, cmap)


def _notes(table: Table, cmap: ColumnMap, lone_n: LoneN, extra: list[str]) -> list[str]:
    notes = [*table.notes, *extra]
    if cmap.ignored:
        notes.append("columns not imported: " + ", ".join(repr(h) for h in cmap.ignored))
    if lone_n == "south":
        notes.append("directions use Vietnamese compass letters: a lone N is read as Nam (south)")
    return notes


def _warnings(
    session: Session, parsed: Parsed, recs: list[dict[str, Any] | None], cmap: ColumnMap
) -> list[Issue]:
    rows = [i for i, r in enumerate(recs) if r is not None and i not in parsed.bad]
    picked = [recs[i] for i in rows]
    cams = duplicates.Cameras(
        np.array(rows, dtype=np.int64),
        np.array([r["code"] for r in picked], dtype=np.object_),  # type: ignore[index]
        *(
            np.array([r[k] for r in picked], dtype=np.float64)  # type: ignore[index]
            for k in ("lon", "lat", "direction_deg", "fov_deg")
        ),
    )
    found = duplicates.within_file(cams)
    found += duplicates.against_registry(session, cams, set(cams.codes.tolist()))
    issues = []
    for near in found:
        where = (
            f"row {parsed.row_numbers[near.other_index]}"
            if near.other_index is not None
            else "the registry"
        )
        reason = (
            f"possible duplicate: camera {near.code} ({where}) is {near.distance_m:.1f} m "
            f"away looking {near.direction:g}° (fov {near.fov:g}°)"
        )
        row, code = parsed.row_numbers[near.index], str(recs[near.index]["code"])  # type: ignore[index]
        issues.append(Issue(row, cmap.header_of("code"), code, reason, "warning"))
    return issues


def check_file(
    session: Session,
    *,
    source: ImportSource,
    options: ImportOptions,
    actor: Principal,
    progress: Progress = _quiet,
) -> tuple[ImportReport, plan.Plan]:
    """Read and check a whole file; return the report and what writing it would do."""
    fmt = detect_format(source.name, options.format, source.data)
    given_crs = user_crs(options.crs)
    progress("read", 0, 1)
    table = read_table(source, fmt, options.mapping, max_vertices=options.max_vertices)
    cmap, lone_n = _prepare(table, options)
    progress("parse", 0, 1)
    parsed = parse_table(table, cmap, lone_n)
    lon, lat, crs_name, crs_notes = positions(table, parsed, cmap, given_crs)
    report = ImportReport(source.name, fmt, crs_name, options.dry_run, options.partial)
    report.rows = len(table.rows)
    report.skipped = len({w[0] for w in table.row_warnings})
    report.notes = _notes(table, cmap, lone_n, crs_notes)
    validate.check_unique_codes(parsed, cmap)
    codes = sorted({c for c in parsed.values["code"] if c is not None})
    existing = queries.existing_cameras(session, codes=codes, lock=not options.dry_run)
    recs = validate.records(parsed, lon, lat, existing)
    sectors = None
    if not options.dry_run:
        srid = queries.is_postgis(session)
        sectors = plan.sector_job(recs, existing, srid=srid, threads=options.workers)
    try:
        progress("validate", 0, 1)
        validate.check_api_rules(parsed, cmap, recs)
        locator = CommuneLocator.around(session, lon, lat)
        located = locator.locate(lon, lat, validate.dates_of(recs))
        given = validate.check_communes(
            session, parsed, cmap, recs, located, locator, actor, existing
        )
        progress("duplicates", 0, 1)
        warnings = _warnings(session, parsed, recs, cmap)
        changes = plan.plan_changes(recs, parsed.bad, existing, located, locator, given)
    except BaseException:
        if sectors is not None:
            sectors.cancel()
        raise
    changes.sectors = sectors
    _tally(report, parsed, warnings, table, changes)
    return report, changes


def _tally(
    report: ImportReport, parsed: Parsed, warnings: list[Issue], table: Table, changes: plan.Plan
) -> None:
    """Put the issues and the counts into the report."""
    report.issues = [
        *parsed.issues,
        *warnings,
        *(Issue(row, col, val, why, "warning") for row, col, val, why in table.row_warnings),
    ]
    report.failed = len(parsed.bad)
    report.created, report.updated = len(changes.inserts), len(changes.updates)
    report.unchanged = changes.unchanged


def _write(
    session: Session,
    changes: plan.Plan,
    report: ImportReport,
    actor: Principal,
    progress: Progress,
) -> None:
    now = now_utc()
    ewkb = queries.is_postgis(session)
    total = len(changes.inserts) + len(changes.updates)
    progress("sectors", 0, total)
    assert changes.sectors is not None  # started by check_file unless a dry run
    plan.add_geometry(changes.inserts, changes.insert_rows, changes.sectors, srid=ewkb)
    plan.add_geometry(changes.updates, changes.update_rows, changes.sectors, srid=ewkb)
    plan.stamp(changes.inserts, source=report.file, now=now, new=True)
    plan.stamp(changes.updates, source=report.file, now=now, new=False)
    progress("write", 0, total)
    try:
        ids = bulk.insert_cameras(session, rows=changes.inserts)
    except (IntegrityError, queries.driver_errors(session).IntegrityError):
        raise Conflict(CHANGED_MEANWHILE) from None  # a new code stored by someone since the check
    reason = f"nhập từ tệp / imported from {report.file}"
    events = plan.first_events(changes.inserts, ids, reason=reason, actor=actor.username, now=now)
    if bulk.update_cameras(session, rows=changes.updates) != len(changes.updates):
        raise Conflict(CHANGED_MEANWHILE)
    by_code = {u["code"]: u["id"] for u in changes.updates}
    events += [
        {"camera_id": by_code[code], "status": status, "effective_at": now, "reason": reason,
         "recorded_by": actor.username, "recorded_at": now}
        for code, status in changes.status_changes
    ]  # fmt: skip
    bulk.insert_status_events(session, rows=events)
    progress("write", total, total)


def audit_import(
    session: Session,
    report: ImportReport,
    actor: Principal,
    outcome: str,
    *,
    action: str = "camera.import",
    extra: dict[str, Any] | None = None,
) -> None:
    """One audit row for an import that wrote or was refused: the file, its CRS and counts."""
    counts = {k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged", "failed")}
    detail = {"file": report.file, "format": report.format, "crs": report.crs,
              "partial": report.partial, **(extra or {}), **counts}  # fmt: skip
    audit.record_for(
        session,
        actor,
        action,
        outcome=outcome,
        object_type="import",
        object_id=report.file[:128],
        detail=json.dumps(detail, ensure_ascii=False),
    )


def run_import(
    session: Session,
    *,
    source: ImportSource,
    options: ImportOptions,
    actor: Principal,
    progress: Progress = _quiet,
) -> ImportReport:
    """Import a camera list; commit unless it is a dry run or (atomic mode) a row failed."""
    if actor.role not in (Role.ADMIN, Role.COMMUNE_OFFICER):
        raise Forbidden(f"The role '{actor.role}' may not import cameras.")
    report, changes = check_file(
        session, source=source, options=options, actor=actor, progress=progress
    )
    if options.dry_run:  # only reads (and a dropped staging table) happened
        return report
    restart_as_writer(session)  # others may have committed while the file was checked
    try:
        if report.failed and not options.partial:
            audit_import(session, report, actor, "failure")
            session.commit()
            return report
        with bulk.large_write(session):  # restored before the commit hands the connection back
            _write(session, changes, report, actor, progress)
        report.written = True
        audit_import(session, report, actor, "success")
        session.commit()
    finally:  # no sector is computed for an import that has ended
        if changes.sectors is not None:
            changes.sectors.cancel()
    return report

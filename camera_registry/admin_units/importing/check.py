"""Reading and checking a whole boundary file: every row a unit record or row errors.

Nothing is written here; :mod:`camera_registry.admin_units.importing.service`
writes what this returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyproj import CRS
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.geometry import (
    Boundary,
    boundaries,
    to_wgs84_all,
    with_areas,
)
from camera_registry.admin_units.importing.mapping import UnitColumns, resolve
from camera_registry.admin_units.importing.parents import (
    RANK,
    Existing,
    Parents,
    resolve_parents,
)
from camera_registry.admin_units.importing.read import read_units, read_wkt_column
from camera_registry.admin_units.importing.report import (
    AREA_TOLERANCE_PCT,
    UnitImportReport,
    area_entry,
)
from camera_registry.admin_units.importing.validate import (
    RowCheck,
    UnitRecord,
    check_unique,
    record_of,
)
from camera_registry.errors import InvalidInput
from camera_registry.imports.coords import WGS84, crs_label, user_crs
from camera_registry.imports.mapping import UserMapping
from camera_registry.imports.report import Issue
from camera_registry.imports.table import ImportSource, detect_format
from geo.vertices import DEFAULT_MAX_VERTICES

#: ``progress(stage, done, total)``: the CLI draws a bar from it.
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""


@dataclass(frozen=True)
class UnitImportOptions:
    """How to read and write one boundary file."""

    format: str | None = None
    layer: str | None = None
    crs: str | None = None
    #: Parent code of every row that names none (``--province``).
    province: str | None = None
    dry_run: bool = False
    partial: bool = False
    mapping: UserMapping = field(default_factory=UserMapping)
    max_vertices: int = DEFAULT_MAX_VERTICES


@dataclass
class Checked:
    """A checked file: its report so far, the valid records, their parents, stored versions."""

    report: UnitImportReport
    columns: UnitColumns
    records: list[UnitRecord]
    parents: Parents
    existing: Existing


def file_crs(declared: str | None, given: CRS | None) -> CRS:
    """The CRS of the coordinates: the file's own, else ``--crs``, else WGS84."""
    if declared is None:
        return given or WGS84
    try:
        found = CRS.from_user_input(declared)
    except Exception:  # noqa: BLE001 — pyproj raises CRSError and others for odd WKT
        reason = f"the file's coordinate system is not understood: {declared}"
        raise InvalidInput("crs", reason) from None
    if given is not None and not found.equals(given, ignore_axis_order=True):
        raise InvalidInput(
            "crs", f"the file declares {crs_label(found)} but --crs names {crs_label(given)}"
        )
    return found


def _geometry_column(cols: UnitColumns) -> str:
    return cols.header_of("wkt") if "wkt" in cols.columns else "geometry"


def _rows(
    table_rows: list[tuple[int, list[object]]],
    shapes: list[Boundary | str],
    cols: UnitColumns,
    province: str | None,
) -> tuple[list[UnitRecord], list[Issue]]:
    records: list[UnitRecord] = []
    issues: list[Issue] = []
    for (row, cells), shape in zip(table_rows, shapes, strict=True):
        rec, found = record_of(RowCheck(row, cells, cols), shape, province)
        issues += found
        if rec is None:
            continue
        records.append(rec)
        if rec.boundary.repair:
            where = _geometry_column(cols)
            why = f"{rec.code} {rec.name}: {rec.boundary.repair}"
            issues.append(Issue(row, where, rec.code, why, "warning", "wkt"))
    return records, issues


def _areas(report: UnitImportReport, records: list[UnitRecord], cols: UnitColumns) -> None:
    header = cols.header_of("area_published_km2")
    for rec in records:
        entry = area_entry(rec.code, rec.boundary.area_km2, rec.area_published_km2)
        report.areas.append(entry)
        diff = entry["diff_pct"]
        if diff is not None and abs(diff) > AREA_TOLERANCE_PCT:
            reason = (
                f"diện tích lệch / {rec.code} {rec.name}: "
                f"the boundary measures {rec.boundary.area_km2:.3f} km², "
                f"the file publishes {rec.area_published_km2:g} km² ({diff:+.1f} %)"
            )
            value = str(rec.area_published_km2)
            report.issues.append(Issue(rec.row, header, value, reason, "warning", "area"))


def _orphans(
    report: UnitImportReport, records: list[UnitRecord], parents: Parents, column: str
) -> list[UnitRecord]:
    """Drop (as row errors) the records whose parent is a row of the file that failed."""
    kept: list[UnitRecord] = []
    codes: set[str] = set()
    for rec in sorted(records, key=lambda r: RANK[r.level.value]):
        parent = parents.get(rec.row)
        if isinstance(parent, str) and parent not in codes:
            why = f"đơn vị cấp trên lỗi / the parent unit {parent} failed on its own row"
            report.issues.append(Issue(rec.row, column, parent, why, field="parent_code"))
            continue
        kept.append(rec)
        codes.add(rec.code)
    return sorted(kept, key=lambda r: r.row)


def _parent_column(cols: UnitColumns, province: str | None) -> str:
    if "parent_code" in cols.columns or not province:
        return cols.header_of("parent_code")
    return "--province"


def check_units(
    session: Session, *, source: ImportSource, options: UnitImportOptions, progress: Progress
) -> Checked:
    """Read and check a whole file; return the report and the records to write."""
    fmt = detect_format(source.name, options.format)
    given = user_crs(options.crs)
    progress("read", 0, 1)
    table = read_units(
        source, fmt, options.mapping, layer=options.layer, max_vertices=options.max_vertices
    )
    cols = resolve(table.headers, options.mapping, table.weak)
    if table.shapes is None:
        read_wkt_column(table, cols.columns.get("wkt"), options.max_vertices)
    assert table.shapes is not None
    crs = file_crs(table.crs, given)
    label = crs_label(crs)
    progress("validate", 0, len(table.rows))
    shapes = with_areas(boundaries(to_wgs84_all(table.shapes, crs), label))
    records, issues = _rows(table.rows, shapes, cols, options.province)
    issues += check_unique(records, cols.header_of("code"))
    column = _parent_column(cols, options.province)
    parents, missing, existing = resolve_parents(session, records, column=column)
    report = UnitImportReport(source.name, fmt, label, options.dry_run, options.partial)
    report.rows = len(table.rows)
    report.issues = issues + missing
    bad = {i.row for i in report.errors}
    records = _orphans(report, [r for r in records if r.row not in bad], parents, column)
    bad = {i.row for i in report.errors}
    report.failed = len(bad)
    _areas(report, records, cols)
    report.notes = [*table.notes, "columns: " + cols.shown()]
    if cols.ignored:
        report.notes.append("columns not imported: " + ", ".join(repr(h) for h in cols.ignored))
    return Checked(report, cols, records, parents, existing)

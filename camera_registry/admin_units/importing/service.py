"""Running a boundary import: check, write inside a savepoint, report what changed, keep or undo.

Atomic by default: one bad row and nothing is written (the report lists every
bad row); ``partial`` writes the valid rows; ``dry_run`` writes nothing.  The
valid rows are always written inside a SAVEPOINT, with their predecessor
links, and the topology check and the re-derivation of registered cameras run
on that state, so a dry run (or a refused atomic import) reports the overlaps,
gaps and camera moves the file would cause; the savepoint is then rolled back.
Units are upserted by ``(code, valid_from)``: importing the same file twice
reports every unit unchanged.  One audit row records each import that wrote or
was refused (not dry runs).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.check import (
    Checked,
    Progress,
    UnitImportOptions,
    check_units,
    quiet,
)
from camera_registry.admin_units.importing.history import link_predecessors
from camera_registry.admin_units.importing.report import UnitImportReport
from camera_registry.admin_units.importing.write import Outcome, write_units
from camera_registry.admin_units.rederive import rederive_cameras
from camera_registry.admin_units.topology import check_topology
from camera_registry.auth import Principal
from camera_registry.db import restart_as_writer
from camera_registry.errors import Conflict, Forbidden
from camera_registry.imports.service import audit_import
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role

__all__ = ["UnitImportOptions", "run_unit_import"]

_FINDING_FIELDS = ("kind", "code", "other_code", "measure", "message")
_MOVE_FIELDS = ("camera_code", "old_commune", "new_commune", "basis", "message")
MAX_NOTED_FINDINGS = 20
CHANGED_MEANWHILE = "Some units changed while the file was being imported; run it again."
#: Finding kinds already reported on their row (the area warnings): not repeated as notes.
_ROW_KINDS = frozenset({"area_mismatch"})


def _plain(item: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(item, name, None) for name in names}


def _topology(
    session: Session, codes: Collection[str], days: set[date], known: dict[int, BaseGeometry]
) -> list[dict[str, Any]]:
    """Topology findings of the imported units (the boundaries just written are in ``known``)."""
    found = []
    for day in sorted(days):
        found += [
            _plain(f, _FINDING_FIELDS)
            for f in check_topology(session, codes=codes, on=day, known=known)
        ]
    return found


def _moves(session: Session, unit_ids: list[int]) -> list[dict[str, Any]]:
    """Cameras whose commune the new boundaries change."""
    if not unit_ids:
        return []
    return [_plain(m, _MOVE_FIELDS) for m in rederive_cameras(session, unit_ids=unit_ids)]


def _consequences(
    session: Session, report: UnitImportReport, outcome: Outcome, progress: Progress
) -> None:
    """Topology findings and camera moves of the written state, into the report."""
    progress("topology", 0, 1)
    codes = sorted({rec.code for rec, _ in outcome.stored})
    days = {rec.valid_from for rec, _ in outcome.stored}
    known = {unit.id: geom for unit, geom in outcome.boundaries}
    findings = _topology(session, codes, days, known) if codes else []
    report.topology = findings
    noted = [f for f in findings if f["kind"] not in _ROW_KINDS]
    for f in noted[:MAX_NOTED_FINDINGS]:
        report.notes.append(f"topology / kiểm tra topo: {f['kind']} {f['code']}: {f['message']}")
    if len(noted) > MAX_NOTED_FINDINGS:
        report.notes.append(f"… {len(noted) - MAX_NOTED_FINDINGS} more topology findings")
    progress("cameras", 0, 1)
    report.camera_moves = _moves(session, outcome.reshaped)


def _write(
    session: Session, checked: Checked, report: UnitImportReport, progress: Progress
) -> None:
    """Write the valid records, their predecessors, and what follows, in the current savepoint."""
    progress("write", 0, len(checked.records))
    present = set(checked.columns.columns) | set(checked.columns.defaults)
    outcome = write_units(
        session,
        records=checked.records,
        existing=checked.existing,
        parents=checked.parents,
        present=present,
        source=report.file,
    )
    report.created, report.updated = outcome.created, outcome.updated
    report.unchanged = outcome.unchanged
    progress("history", 0, 1)
    warnings, report.successions = link_predecessors(
        session, outcome.stored, checked.columns.header_of("merged_from")
    )
    report.issues += warnings
    session.flush()
    _consequences(session, report, outcome, progress)
    session.flush()


def _audit(session: Session, report: UnitImportReport, actor: Principal, outcome: str) -> None:
    extra = {"camera_moves": len(report.camera_moves), "successions": report.successions}
    audit_import(session, report, actor, outcome, action="admin_unit.import", extra=extra)


def run_unit_import(
    session: Session,
    *,
    source: ImportSource,
    options: UnitImportOptions,
    actor: Principal,
    progress: Progress = quiet,
) -> UnitImportReport:
    """Import a boundary file; commit unless it is a dry run or (atomic mode) a row failed."""
    if actor.role is not Role.ADMIN:
        raise Forbidden(f"The role '{actor.role}' may not import administrative boundaries.")
    checked = check_units(session, source=source, options=options, progress=progress)
    report = checked.report
    keep = not options.dry_run and (options.partial or not report.failed)
    restart_as_writer(session)  # others may have committed while the file was checked
    savepoint = session.begin_nested()
    try:
        _write(session, checked, report, progress)
    except IntegrityError:  # a unit or link stored by someone else since the check
        savepoint.rollback()
        raise Conflict(CHANGED_MEANWHILE) from None
    except BaseException:
        savepoint.rollback()
        raise
    if keep:
        savepoint.commit()
    else:
        savepoint.rollback()
    report.written = keep
    if not options.dry_run:
        _audit(session, report, actor, "success" if keep else "failure")
        session.commit()
    progress("done", 1, 1)
    return report

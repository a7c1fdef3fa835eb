"""Each unit's parent: from the file's parent column, ``--province``, or the national list.

A parent is a unit of a higher level in force on the child's ``valid_from``:
another row of the same file (written first), or a stored unit.  A row naming
no parent takes the one the national list gives the same ``(code,
valid_from)`` (or the same code in force then); a commune or district with no
parent at all, and a parent code nobody knows, are row errors.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from camera_registry.admin_units.importing import queries
from camera_registry.admin_units.importing.validate import UnitRecord
from camera_registry.admin_units.models import AdminUnit
from camera_registry.imports.report import Issue
from camera_registry.vocab import Level

RANK = {Level.PROVINCE.value: 0, Level.DISTRICT.value: 1, Level.COMMUNE.value: 2}
#: ``row → parent``: a stored unit's id, the code of a unit of the same file, or None.
Parents = dict[int, int | str | None]
Existing = dict[tuple[str, date], AdminUnit]


def _in_file(by_code: dict[str, list[UnitRecord]], rec: UnitRecord) -> bool:
    """Whether a row of the file (a higher level, in force then) is the record's parent."""
    return any(
        RANK[r.level.value] < RANK[rec.level.value]
        and r.valid_from <= rec.valid_from
        and (r.valid_to is None or rec.valid_from <= r.valid_to)
        for r in by_code.get(rec.parent_code or "", [])
    )


def _stored(versions: dict[str, list[AdminUnit]], rec: UnitRecord) -> AdminUnit | None:
    found = queries.in_force(versions.get(rec.parent_code or "", []), rec.valid_from)
    if found is None or RANK[found.level] >= RANK[rec.level.value]:
        return None
    return found


def _listed_parent(versions: dict[str, list[AdminUnit]], rec: UnitRecord) -> int | None:
    """The parent the national list (or an earlier import) gives this unit."""
    own = versions.get(rec.code, [])
    same = next((u for u in own if u.valid_from == rec.valid_from), None)
    entry = same or queries.in_force(own, rec.valid_from)
    return entry.parent_id if entry is not None else None


def resolve_parents(
    session: Session, records: list[UnitRecord], *, column: str
) -> tuple[Parents, list[Issue], Existing]:
    """The parent of every record, the row errors of those without one, the stored versions."""
    codes = {r.code for r in records} | {r.parent_code for r in records if r.parent_code}
    versions = queries.versions_of(session, codes=codes)
    existing = {(u.code, u.valid_from): u for units in versions.values() for u in units}
    parents: Parents = {}
    issues: list[Issue] = []
    by_code: dict[str, list[UnitRecord]] = {}
    for rec in records:
        by_code.setdefault(rec.code, []).append(rec)
    for rec in records:
        if rec.parent_code is None:
            listed = _listed_parent(versions, rec)
            if listed is None and rec.level is not Level.PROVINCE:
                reason = (
                    "thiếu đơn vị cấp trên / no parent unit: give a parent code column "
                    "(ma_tinh) or --province"
                )
                issues.append(Issue(rec.row, column, "", reason, field="parent_code"))
            parents[rec.row] = listed
        elif _in_file(by_code, rec):
            parents[rec.row] = rec.parent_code
        elif (found := _stored(versions, rec)) is not None:
            parents[rec.row] = found.id
        else:
            reason = (
                "không có đơn vị cấp trên này / unknown parent code: "
                f"no province or district {rec.parent_code} in force on "
                f"{rec.valid_from.strftime('%d/%m/%Y')} (in this file or the registry)"
            )
            issues.append(Issue(rec.row, column, rec.parent_code, reason, field="parent_code"))
    return parents, issues, existing

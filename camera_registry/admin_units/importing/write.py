"""Writing checked unit records: insert, update, or leave alone, by ``(code, valid_from)``.

A unit the national list already holds without a boundary is updated in place
(never duplicated).  A unit whose stored attributes and boundary equal the
file's is left alone and counted unchanged, so importing the same file twice
changes nothing; boundaries are compared after normalisation with a tolerance
of 1e-9° (0.1 mm), attributes exactly (areas to 1e-9 relative).  Attributes
the file has no column for keep their stored value.

Boundaries are written after the rows, in one ``UPDATE … SET geom =
ST_GeomFromWKB(…)`` executemany: through the ORM, GeoAlchemy2 sends each
geometry to SpatiaLite as WKT text, which took 10.9 s for the 3,321 communes
of the benchmark where the WKB statement takes 0.9 s (BENCHMARKS.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, cast

import shapely
from shapely.geometry import MultiPolygon
from sqlalchemy import LargeBinary, Table, bindparam, update
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing import queries
from camera_registry.admin_units.importing.validate import UnitRecord
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.national import NO_BOUNDARY
from camera_registry.imports.queries import from_wkb
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

_LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
_TOLERANCE_DEG = 1e-9
#: ``boundary_quality`` of a boundary from a published file (the column's default).
OFFICIAL = "official"
#: Attributes kept from the store when the file has no column (nor default) for them.
OPTIONAL = ("population", "area_published_km2", "merged_from", "valid_to")


@dataclass
class Outcome:
    """What writing did: counts, the stored unit of each record, units whose boundary changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stored: list[tuple[UnitRecord, AdminUnit]] = field(default_factory=list)
    reshaped: list[int] = field(default_factory=list)
    #: Units whose boundary is to be written, with the new boundary.
    boundaries: list[tuple[AdminUnit, MultiPolygon]] = field(default_factory=list)


def same_boundary(stored: bytes | None, geometry: MultiPolygon) -> bool:
    """Whether a stored boundary (WKB) equals a new one (normalised, within 1e-9°)."""
    if stored is None:
        return False
    old = shapely.normalize(shapely.from_wkb(stored))
    return bool(shapely.equals_exact(old, shapely.normalize(geometry), _TOLERANCE_DEG))


def _same(old: object, new: object) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=1e-9)
    return old == new


def _values(rec: UnitRecord, parent_id: int | None, present: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": rec.name,
        "name_folded": fold(rec.name),
        "level": rec.level.value,
        "unit_type": rec.unit_type,
        "area_km2": rec.boundary.area_km2,
    }
    if parent_id is not None:
        values["parent_id"] = parent_id
    for name in OPTIONAL:
        if name in present:
            values[name] = getattr(rec, name)
    return values


def _upsert(
    session: Session,
    rec: UnitRecord,
    unit: AdminUnit | None,
    values: dict[str, Any],
    src: str,
    stored: bytes | None,
) -> tuple[AdminUnit, str, bool]:
    """Insert or update one unit (``stored``: its boundary as WKB); returns it,
    "created"/"updated"/"unchanged", and whether its boundary changed."""
    if unit is None:
        unit = AdminUnit(code=rec.code, valid_from=rec.valid_from, source=src, **values)
        session.add(unit)
        return unit, "created", True
    if unit.boundary_quality == NO_BOUNDARY:  # a national-list row gets its boundary
        values = {**values, "boundary_quality": OFFICIAL}
    reshaped = not same_boundary(stored, rec.boundary.geometry)
    differs = [k for k, v in values.items() if not _same(getattr(unit, k), v)]
    if not reshaped and not differs:
        return unit, "unchanged", False
    for name in differs:
        setattr(unit, name, values[name])
    unit.source = src
    return unit, "updated", reshaped


def write_units(
    session: Session,
    *,
    records: list[UnitRecord],
    existing: dict[tuple[str, Any], AdminUnit],
    parents: dict[int, int | str | None],
    present: set[str],
    source: str,
) -> Outcome:
    """Upsert the records, parents first; ``parents[row]`` is a stored id or a file code."""
    outcome = Outcome()
    wanted = [existing.get((rec.code, rec.valid_from)) for rec in records]
    boundaries = queries.boundaries_of(session, ids=[u.id for u in wanted if u is not None])
    made: dict[str, list[tuple[UnitRecord, AdminUnit]]] = {}
    reshaped: list[AdminUnit] = []
    level: Level | None = None
    for rec in sorted(records, key=lambda r: (_LEVEL_ORDER[r.level], r.row)):
        if rec.level is not level:
            session.flush()  # parents of the next level get their ids
            level = rec.level
        parent = parents.get(rec.row)
        if isinstance(parent, str):  # a unit of this file, written (and flushed) before
            parent = next(u.id for r, u in made[parent] if r.valid_from <= rec.valid_from)
        values = _values(rec, parent, present)
        old = existing.get((rec.code, rec.valid_from))
        stored = boundaries.get(old.id) if old is not None else None
        unit, what, changed = _upsert(session, rec, old, values, source, stored)
        setattr(outcome, what, getattr(outcome, what) + 1)
        made.setdefault(rec.code, []).append((rec, unit))
        outcome.stored.append((rec, unit))
        if changed:
            reshaped.append(unit)
            outcome.boundaries.append((unit, rec.boundary.geometry))
    session.flush()
    _write_boundaries(session, outcome.boundaries)
    outcome.reshaped = [u.id for u in reshaped]
    return outcome


def _write_boundaries(session: Session, boundaries: list[tuple[AdminUnit, MultiPolygon]]) -> None:
    """Store the new boundaries in one executemany from WKB (the units are flushed)."""
    if not boundaries:
        return
    table = cast(Table, AdminUnit.__table__)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("unit_id"))
        .values(geom=from_wkb(bindparam("wkb", type_=LargeBinary)))
    )
    rows = [{"unit_id": unit.id, "wkb": shapely.to_wkb(geom)} for unit, geom in boundaries]
    session.connection().execute(stmt, rows)
    for unit, _ in boundaries:
        session.expire(unit, ["geom"])  # read back from the row when next asked

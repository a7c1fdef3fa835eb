"""Storing the demo's administrative units, their successions, and finding communes.

Units the national list already stored are completed (their polygon) rather
than duplicated; cameras, incidents and places take the commune holding their
point, as the registry does for every write.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import BEGINNING_OF_RECORDS, AdminUnit, AdminUnitSuccession
from camera_registry.admin_units.queries import commune_containing
from camera_registry.demo.records import DemoDataset, DemoUnit
from camera_registry.geoconv import to_db
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

SOURCE = "camreg demo (see camera_registry/demo/data/SOURCES.md)"
_LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


class UnitIndex:
    """Finds the version of a unit (by code) in force on a date."""

    def __init__(self) -> None:
        self._by_code: dict[str, list[AdminUnit]] = {}

    def add(self, unit: AdminUnit) -> None:
        """Remember a stored unit."""
        self._by_code.setdefault(unit.code, []).append(unit)

    def on(self, code: str, day: date) -> AdminUnit:
        """The version of ``code`` in force on ``day``."""
        for unit in self._by_code.get(code, []):
            if unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to):
                return unit
        raise KeyError(f"unit {code} is not in force on {day}")


def store_units(session: Session, units: tuple[DemoUnit, ...]) -> UnitIndex:
    """Store the demo's units; a unit already known (the national list) gets its polygon."""
    index = UnitIndex()
    stmt = select(AdminUnit).where(AdminUnit.code.in_({u.code for u in units}))
    known = {(u.code, u.valid_from): u for u in session.scalars(stmt)}
    for record in sorted(units, key=lambda u: (_LEVEL_ORDER[u.level], u.code)):
        valid_from = record.valid_from or BEGINNING_OF_RECORDS
        parent = index.on(record.parent_code, valid_from) if record.parent_code else None
        unit = known.get((record.code, valid_from))
        if unit is None:
            unit = AdminUnit(
                code=record.code,
                name=record.name,
                name_folded=fold(record.name),
                level=record.level.value,
                unit_type=record.unit_type,
                valid_from=valid_from,
                valid_to=record.valid_to,
            )
            session.add(unit)
        unit.parent_id = parent.id if parent else None
        unit.geom = to_db(record.geometry)
        unit.boundary_quality = record.boundary_quality
        unit.source = SOURCE
        session.flush()
        index.add(unit)
    return index


def store_successions(session: Session, data: DemoDataset, units: UnitIndex) -> None:
    """Link the demo's units; links the national list already stored are skipped."""
    link = AdminUnitSuccession
    stored = {(p, s) for p, s in session.execute(select(link.predecessor_id, link.successor_id))}
    for s in data.successions:
        pred = units.on(s.predecessor_code, s.effective_on - timedelta(days=1)).id
        succ = units.on(s.successor_code, s.effective_on).id
        if (pred, succ) not in stored:
            session.add(
                link(
                    predecessor_id=pred, successor_id=succ, effective_on=s.effective_on, note=s.note
                )
            )


def commune_id(session: Session, lon: float, lat: float, day: date) -> int | None:
    """Derive the commune by point-in-polygon, as the registry does for every write."""
    commune = commune_containing(session, lon=lon, lat=lat, on=day)
    return commune.id if commune else None

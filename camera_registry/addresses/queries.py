"""Every query of address resolution: unit names, successions, one polygon; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.geoconv import from_db


@dataclass(frozen=True)
class UnitRow:
    """An administrative unit version without its geometry (for name matching)."""

    id: int
    code: str
    name: str
    level: str
    unit_type: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None


def units_fingerprint(session: Session) -> tuple[int, int, int]:
    """Changes whenever units or successions are added or removed (cache key)."""
    units = session.execute(select(func.count(), func.max(AdminUnit.id))).one()
    links = session.scalar(select(func.count()).select_from(AdminUnitSuccession)) or 0
    return int(units[0] or 0), int(units[1] or 0), int(links)


def unit_rows(session: Session) -> list[UnitRow]:
    """Every unit version, without geometry."""
    stmt = select(
        AdminUnit.id,
        AdminUnit.code,
        AdminUnit.name,
        AdminUnit.level,
        AdminUnit.unit_type,
        AdminUnit.parent_id,
        AdminUnit.valid_from,
        AdminUnit.valid_to,
    ).order_by(AdminUnit.id)
    return [UnitRow(*row) for row in session.execute(stmt)]


def succession_pairs(session: Session) -> list[tuple[int, int]]:
    """Every (predecessor id, successor id) link between unit versions."""
    stmt = select(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id)
    return [(int(a), int(b)) for a, b in session.execute(stmt)]


def unit_geometry(session: Session, *, unit_id: int) -> BaseGeometry | None:
    """The polygon of one unit version."""
    value = session.scalar(select(AdminUnit.geom).where(AdminUnit.id == unit_id))
    return None if value is None else from_db(value)

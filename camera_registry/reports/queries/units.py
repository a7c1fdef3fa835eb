"""Queries on unit versions and their successions (for framing and attribution)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session, aliased

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.vocab import Level


@dataclass(frozen=True)
class VersionRow:
    """A commune version's id and validity."""

    id: int
    valid_from: date
    valid_to: date | None


def commune_versions(session: Session) -> list[VersionRow]:
    """Every commune version (id and validity; no geometry)."""
    stmt = select(AdminUnit.id, AdminUnit.valid_from, AdminUnit.valid_to).where(
        AdminUnit.level == Level.COMMUNE.value
    )
    return [VersionRow(i, f, t) for i, f, t in session.execute(stmt)]


def commune_successions(session: Session) -> list[tuple[int, int]]:
    """``(predecessor id, successor id)`` of every commune-to-commune succession."""
    pred, succ = aliased(AdminUnit), aliased(AdminUnit)
    stmt = (
        select(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id)
        .join(pred, pred.id == AdminUnitSuccession.predecessor_id)
        .join(succ, succ.id == AdminUnitSuccession.successor_id)
        .where(pred.level == Level.COMMUNE.value, succ.level == Level.COMMUNE.value)
    )
    return [(p, s) for p, s in session.execute(stmt)]


def successors_of(session: Session, *, unit_id: int) -> list[AdminUnit]:
    """The unit versions that took over a unit version's territory, by code."""
    stmt = (
        select(AdminUnit)
        .join(AdminUnitSuccession, AdminUnitSuccession.successor_id == AdminUnit.id)
        .where(AdminUnitSuccession.predecessor_id == unit_id)
        .order_by(AdminUnit.code)
    )
    return list(session.scalars(stmt))


def predecessors_of(session: Session, *, unit_id: int) -> list[AdminUnit]:
    """The unit versions whose territory went into a unit version, by code."""
    stmt = (
        select(AdminUnit)
        .join(AdminUnitSuccession, AdminUnitSuccession.predecessor_id == AdminUnit.id)
        .where(AdminUnitSuccession.successor_id == unit_id)
        .order_by(AdminUnit.code)
    )
    return list(session.scalars(stmt))

"""The reads a boundary import needs; never commits.

Units are loaded without their boundary (``geom`` deferred): a country's
communes carry millions of vertices and GeoAlchemy2's conversion of them takes
seconds; the few boundaries the import compares come as WKB from
:func:`boundaries_of`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, defer

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.admin_units.topology_queries import wkb
from camera_registry.vocab import Level

_CHUNK = 500


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def versions_of(session: Session, *, codes: Collection[str]) -> dict[str, list[AdminUnit]]:
    """Every stored version of each code, oldest first."""
    found: dict[str, list[AdminUnit]] = {}
    for chunk in _chunks(codes):
        stmt = select(AdminUnit).options(defer(AdminUnit.geom)).where(AdminUnit.code.in_(chunk))
        for unit in session.scalars(stmt.order_by(AdminUnit.code, AdminUnit.valid_from)):
            found.setdefault(unit.code, []).append(unit)
    return found


def boundaries_of(session: Session, *, ids: Collection[int]) -> dict[int, bytes | None]:
    """The stored boundary of each unit id, as WKB (None where it has none)."""
    found: dict[int, bytes | None] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        stmt = select(AdminUnit.id, wkb(AdminUnit.geom)).where(AdminUnit.id.in_(chunk))
        for uid, raw in session.execute(stmt):
            found[uid] = None if raw is None else bytes(raw)
    return found


def in_force(versions: list[AdminUnit], on: date) -> AdminUnit | None:
    """The version in force on ``on`` among one code's versions."""
    for unit in versions:
        if unit.valid_from <= on and (unit.valid_to is None or on <= unit.valid_to):
            return unit
    return None


def parent_codes(session: Session, *, ids: Collection[int]) -> dict[int, str]:
    """The code of each unit id given (to show a stored unit's parent)."""
    if not ids:
        return {}
    stmt = select(AdminUnit.id, AdminUnit.code).where(AdminUnit.id.in_(sorted(ids)))
    return {row[0]: row[1] for row in session.execute(stmt)}


def predecessor_provinces(session: Session, *, province_id: int, code: str, day: date) -> list[int]:
    """Ids of the legacy provinces a post-reform province was formed from.

    By the stored succession links, or else the legacy province with the same code.
    """
    stmt = (
        select(AdminUnitSuccession.predecessor_id)
        .join(AdminUnit, AdminUnit.id == AdminUnitSuccession.predecessor_id)
        .where(AdminUnitSuccession.successor_id == province_id)
        .where(AdminUnit.level == Level.PROVINCE.value)
    )
    found = list(session.scalars(stmt))
    if found:
        return found
    same = select(AdminUnit.id).where(
        AdminUnit.code == code,
        AdminUnit.level == Level.PROVINCE.value,
        AdminUnit.valid_to.is_not(None),
        AdminUnit.valid_to < day,
    )
    return list(session.scalars(same))


def legacy_communes(
    session: Session, *, province_ids: Collection[int] | None, before: date
) -> list[AdminUnit]:
    """Communes that ended before ``before``, under the given provinces (None: anywhere).

    Legacy communes hang from a district, which hangs from the province.
    """
    stmt = (
        select(AdminUnit)
        .options(defer(AdminUnit.geom))
        .where(
            AdminUnit.level == Level.COMMUNE.value,
            AdminUnit.valid_to.is_not(None),
            AdminUnit.valid_to < before,
        )
    )
    if province_ids is not None:
        district = aliased(AdminUnit)
        stmt = stmt.join(district, district.id == AdminUnit.parent_id).where(
            (district.parent_id.in_(sorted(province_ids)))
            | (AdminUnit.parent_id.in_(sorted(province_ids)))
        )
    return list(session.scalars(stmt.order_by(AdminUnit.code)))


def successions_to(
    session: Session, *, successor_ids: Collection[int]
) -> list[AdminUnitSuccession]:
    """The succession links that end at the given units."""
    if not successor_ids:
        return []
    stmt = select(AdminUnitSuccession).where(
        AdminUnitSuccession.successor_id.in_(sorted(successor_ids))
    )
    return list(session.scalars(stmt))

"""What the units export reads: units under a code, and their rows; never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, or_, select
from sqlalchemy.orm import Session, aliased

from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import valid_on
from camera_registry.admin_units.topology_queries import wkb


def _under(code: str) -> ColumnElement[bool]:
    """The unit ``code`` itself and the units under it (two levels: districts, communes)."""
    parent, grandparent = aliased(AdminUnit), aliased(AdminUnit)
    below = select(AdminUnit.id).join(parent, parent.id == AdminUnit.parent_id)
    below = below.outerjoin(grandparent, grandparent.id == parent.parent_id)
    below = below.where(or_(parent.code == code, grandparent.code == code))
    return or_(AdminUnit.code == code, AdminUnit.id.in_(below))


def code_exists(session: Session, *, code: str) -> bool:
    """Whether any version of a unit carries this code."""
    return session.scalar(select(AdminUnit.id).where(AdminUnit.code == code).limit(1)) is not None


def codes_under(session: Session, *, code: str, on: date) -> list[str]:
    """The code and the codes of every unit under it in force on ``on``."""
    stmt = select(AdminUnit.code).where(valid_on(on), _under(code)).order_by(AdminUnit.code)
    return list(dict.fromkeys(session.scalars(stmt)))


#: The columns of a unit export, in file order (``has_boundary`` is computed).
EXPORT_COLUMNS = (
    "code",
    "name",
    "level",
    "unit_type",
    "parent_code",
    "valid_from",
    "valid_to",
    "population",
    "area_km2",
    "area_published_km2",
    "has_boundary",
    "boundary_quality",
)


def export_rows(
    session: Session,
    *,
    province: str | None,
    level: str | None,
    on: date | None,
    with_missing: bool,
) -> list[Row[Any]]:
    """Units to export, by code then date: :data:`EXPORT_COLUMNS`, then ``geom`` (WKB)."""
    parent = aliased(AdminUnit)
    unit = AdminUnit
    stmt = select(
        unit.code, unit.name, unit.level, unit.unit_type, parent.code.label("parent_code"),
        unit.valid_from, unit.valid_to, unit.population, unit.area_km2, unit.area_published_km2,
        unit.geom.is_not(None).label("has_boundary"), unit.boundary_quality,
        wkb(unit.geom).label("geom"),
    ).outerjoin(parent, parent.id == unit.parent_id)  # fmt: skip
    if province is not None:
        stmt = stmt.where(_under(province))
    if level is not None:
        stmt = stmt.where(unit.level == level)
    if on is not None:
        stmt = stmt.where(valid_on(on))
    if not with_missing:
        stmt = stmt.where(unit.geom.is_not(None))
    return list(session.execute(stmt.order_by(unit.code, unit.valid_from)))

"""Every query on administrative units; never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.vocab import Level


def valid_on(on: date) -> and_:  # type: ignore[valid-type]
    """Units in force on a date."""
    return and_(
        AdminUnit.valid_from <= on,
        or_(AdminUnit.valid_to.is_(None), AdminUnit.valid_to >= on),
    )


def list_units(
    session: Session,
    *,
    level: Level | None = None,
    parent_code: str | None = None,
    on: date | None = None,
    name: str | None = None,
    has_boundary: bool | None = None,
) -> list[tuple[AdminUnit, str | None]]:
    """Units (with their parent's code) matching the filters, ordered by code.

    ``has_boundary`` keeps only the units whose boundary is (True) or is not yet
    (False) loaded; the national list stores every unit without one.
    """
    parent = aliased(AdminUnit)
    stmt: Select[AdminUnit, str | None] = select(AdminUnit, parent.code).outerjoin(
        parent, parent.id == AdminUnit.parent_id
    )
    if level is not None:
        stmt = stmt.where(AdminUnit.level == level.value)
    if parent_code is not None:
        stmt = stmt.where(parent.code == parent_code)
    if on is not None:
        stmt = stmt.where(valid_on(on))
    if name is not None:
        stmt = stmt.where(AdminUnit.name_folded.contains(name, autoescape=True))
    if has_boundary is not None:
        has = AdminUnit.geom.is_not(None)
        stmt = stmt.where(has if has_boundary else AdminUnit.geom.is_(None))
    rows = session.execute(stmt.order_by(AdminUnit.code, AdminUnit.valid_from)).all()
    return [(row[0], row[1]) for row in rows]


def units_by_code(session: Session, *, code: str) -> list[AdminUnit]:
    """Every version of the unit with this code, oldest first."""
    stmt = select(AdminUnit).where(AdminUnit.code == code).order_by(AdminUnit.valid_from)
    return list(session.scalars(stmt))


def commune_containing(session: Session, *, lon: float, lat: float, on: date) -> AdminUnit | None:
    """The commune in force on ``on`` whose polygon contains the point.

    Communes without a boundary (geometry NULL) never contain anything: they are
    absent from the spatial index and ST_Contains on NULL is not true.
    """
    stmt = (
        select(AdminUnit)
        .where(
            AdminUnit.level == Level.COMMUNE.value,
            valid_on(on),
            spatial_sql.contains_point(session, AdminUnit.geom, lon, lat),
        )
        .order_by(AdminUnit.code)
        .limit(1)
    )
    return session.scalars(stmt).first()


def communes_under(session: Session, *, codes: frozenset[str]) -> frozenset[str]:
    """Codes of every commune (any version) that is, or lies under, one of ``codes``.

    A scope may name a commune, a district or a province; communes hang from a
    district (before 1 July 2025) or straight from the province (after it).
    """
    if not codes:
        return frozenset()
    parent, grandparent = aliased(AdminUnit), aliased(AdminUnit)
    stmt = (
        select(AdminUnit.code)
        .outerjoin(parent, parent.id == AdminUnit.parent_id)
        .outerjoin(grandparent, grandparent.id == parent.parent_id)
        .where(AdminUnit.level == Level.COMMUNE.value)
        .where(
            or_(
                AdminUnit.code.in_(codes),
                parent.code.in_(codes),
                grandparent.code.in_(codes),
            )
        )
    )
    return frozenset(session.scalars(stmt))

"""Every query on gazetteer places; never commits."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import communes_under
from camera_registry.geoconv import from_db
from camera_registry.places.models import Place
from camera_registry.spatial_sql import BBox

#: Above this many places, a search without a commune only looks at names
#: containing the query's longest word (a fuzzy pass over everything would be slow).
FULL_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class PlaceRow:
    """A place as the resolver and the search route need it."""

    id: int
    name: str
    kind: str
    address: str | None
    alt_names: str | None
    commune_id: int | None
    commune_code: str | None
    commune_name: str | None
    geometry: BaseGeometry


def _select() -> Select[Place, str | None, str | None]:
    return select(Place, AdminUnit.code, AdminUnit.name).outerjoin(
        AdminUnit, AdminUnit.id == Place.commune_id
    )


def _rows(session: Session, stmt: Select[Place, str | None, str | None]) -> list[PlaceRow]:
    return [
        PlaceRow(
            id=place.id,
            name=place.name,
            kind=place.kind,
            address=place.address,
            alt_names=place.alt_names,
            commune_id=place.commune_id,
            commune_code=code,
            commune_name=name,
            geometry=from_db(place.geom),
        )
        for place, code, name in session.execute(stmt)
    ]


def places_in_bbox(session: Session, *, bbox: BBox) -> list[PlaceRow]:
    """Places whose geometry meets a box, through the spatial index."""
    stmt = _select().where(spatial_sql.intersects_bbox(session, Place.geom, bbox))
    return _rows(session, stmt.order_by(Place.id))


def places_named_like(session: Session, *, word: str | None, limit: int) -> list[PlaceRow]:
    """Places for a search without a commune: all of them in a small gazetteer, else
    those whose folded name contains ``word``."""
    stmt = _select().order_by(Place.id).limit(limit)
    total = session.scalar(select(func.count()).select_from(Place)) or 0
    if total > FULL_SCAN_LIMIT and word:
        stmt = stmt.where(Place.name_folded.contains(word, autoescape=True))
    return _rows(session, stmt)


def place_by_external_id(session: Session, *, source: str, external_id: str) -> Place | None:
    """The place an earlier import of the same source stored under this id."""
    stmt = select(Place).where(Place.source == source, Place.external_id == external_id)
    return session.scalars(stmt).first()


def count_places(session: Session) -> int:
    """How many places the gazetteer holds."""
    return session.scalar(select(func.count()).select_from(Place)) or 0


def _within_unit(session: Session, code: str) -> ColumnElement[bool] | None:
    """Places inside any version of a unit: spatially where it has a boundary; where a
    version has none, by the commune recorded on the place (the unit or one under it)."""
    units = list(
        session.execute(select(AdminUnit.id, AdminUnit.geom).where(AdminUnit.code == code))
    )
    if not units:
        return None
    bounded = [(i, from_db(geom)) for i, geom in units if geom is not None]
    clauses: list[ColumnElement[bool]] = []
    if bounded:
        bounds = [shape.bounds for _, shape in bounded]
        box = (
            min(b[0] for b in bounds),
            min(b[1] for b in bounds),
            max(b[2] for b in bounds),
            max(b[3] for b in bounds),
        )
        unit = aliased(AdminUnit)
        inside = exists().where(
            unit.id.in_([i for i, _ in bounded]), func.ST_Intersects(unit.geom, Place.geom)
        )
        clauses.append(spatial_sql.bbox_candidates(session, Place.geom, box) & inside)
    if len(bounded) < len(units):
        communes = communes_under(session, codes=frozenset({code}))
        under = select(AdminUnit.id).where(AdminUnit.code.in_(sorted(communes)))
        clauses.append(Place.commune_id.in_(under))
    return or_(*clauses)


def search_places(
    session: Session,
    *,
    text: str | None,
    kind: str | None,
    unit_code: str | None,
    limit: int,
) -> list[PlaceRow]:
    """Places whose folded name contains ``text``, of a kind, inside any version of a unit."""
    stmt = _select()
    if text:
        stmt = stmt.where(Place.name_folded.contains(text, autoescape=True))
    if kind:
        stmt = stmt.where(Place.kind == kind)
    if unit_code:
        clause = _within_unit(session, unit_code)
        if clause is None:
            return []
        stmt = stmt.where(clause)
    return _rows(session, stmt.order_by(Place.name, Place.id).limit(limit))

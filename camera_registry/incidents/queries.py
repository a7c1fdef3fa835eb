"""Every query on incidents, evidence, custody and footage requests; never commits.

"Clarified with footage" is derived here, not stored: status clarified or
closed and at least one decisive or supporting evidence link
(:func:`clarified_with_footage`); listings, filters and counts all use it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, not_, or_, select, true
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import communes_under
from camera_registry.geoconv import from_db
from camera_registry.incidents.models import (
    FootageEvidence,
    Incident,
    IncidentStatusEvent,
)
from camera_registry.spatial_sql import BBox
from camera_registry.vocab import IncidentStatus, Usefulness

USEFUL = (Usefulness.DECISIVE.value, Usefulness.SUPPORTING.value)
DONE = (IncidentStatus.CLARIFIED.value, IncidentStatus.CLOSED.value)


def clarified_with_footage() -> ColumnElement[bool]:
    """Incidents clarified or closed with at least one decisive or supporting clip."""
    useful = exists().where(
        FootageEvidence.incident_id == Incident.id, FootageEvidence.usefulness.in_(USEFUL)
    )
    return and_(Incident.status.in_(DONE), useful)


@dataclass(frozen=True)
class IncidentFilter:
    """Filters of incident listings and counts; unit filters are spatial.

    ``start``/``end`` keep incidents whose time (or window) meets the range.
    ``scope``: only incidents in these communes (``None``: no restriction);
    ``outside_scope`` inverts it.
    """

    unit_codes: tuple[str, ...] = ()
    bbox: BBox | None = None
    start: datetime | None = None
    end: datetime | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    with_footage: bool | None = None
    scope: frozenset[str] | None = None
    outside_scope: bool = False


class IncidentLike(Protocol):
    """The fields of an incident that listings show (a model row or a plain record)."""

    @property
    def id(self) -> int: ...  # noqa: D102
    @property
    def case_code(self) -> str: ...  # noqa: D102
    @property
    def type(self) -> str: ...  # noqa: D102
    @property
    def occurred_at(self) -> datetime: ...  # noqa: D102
    @property
    def occurred_until(self) -> datetime | None: ...  # noqa: D102
    @property
    def address(self) -> str | None: ...  # noqa: D102
    @property
    def status(self) -> str: ...  # noqa: D102
    @property
    def description(self) -> str | None: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class IncidentFields:
    """An incident's listed fields, read as plain columns (no ORM identity map)."""

    id: int
    case_code: str
    type: str
    occurred_at: datetime
    occurred_until: datetime | None
    address: str | None
    status: str
    description: str | None


@dataclass(frozen=True)
class IncidentRow:
    """An incident with its commune and its derived footage tag."""

    incident: IncidentLike
    commune_code: str | None
    commune_name: str | None
    with_footage: bool
    lon: float
    lat: float


@dataclass(frozen=True)
class IncidentRecord(IncidentRow):
    """One incident as a model row (for writes), with its commune and tag."""

    incident: Incident


def _unit_clause(session: Session, code: str) -> ColumnElement[bool]:
    """Incidents inside any version of a unit: spatially where it has a boundary; where a
    version has none, by the commune recorded on the incident (the unit or one under it)."""
    rows = list(session.execute(select(AdminUnit.id, AdminUnit.geom).where(AdminUnit.code == code)))
    if not rows:
        return Incident.id.is_(None)  # an unknown code matches nothing
    ids = [unit_id for unit_id, geom in rows if geom is not None]
    boxes = [from_db(geom).bounds for _, geom in rows if geom is not None]
    clauses: list[ColumnElement[bool]] = []
    if boxes:
        bounds = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        unit = aliased(AdminUnit)
        inside = exists().where(unit.id.in_(ids), func.ST_Intersects(unit.geom, Incident.geom))
        clauses.append(spatial_sql.bbox_candidates(session, Incident.geom, bounds) & inside)
    if len(ids) < len(rows):
        communes = communes_under(session, codes=frozenset({code}))
        under = select(AdminUnit.id).where(AdminUnit.code.in_(sorted(communes)))
        clauses.append(Incident.commune_id.in_(under))
    return or_(*clauses)


def _scope_clause(flt: IncidentFilter) -> ColumnElement[bool]:
    if flt.scope is None:
        return true()
    in_scope = Incident.commune_id.in_(
        select(AdminUnit.id).where(AdminUnit.code.in_(sorted(flt.scope)))
    )
    if flt.outside_scope:
        return or_(Incident.commune_id.is_(None), not_(in_scope))
    return in_scope


def filter_clauses(session: Session, *, flt: IncidentFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter, for reuse by other domains' counts."""
    clauses = [_unit_clause(session, code) for code in flt.unit_codes]
    if flt.bbox is not None:
        clauses.append(spatial_sql.intersects_bbox(session, Incident.geom, flt.bbox))
    if flt.start is not None:
        clauses.append(func.coalesce(Incident.occurred_until, Incident.occurred_at) >= flt.start)
    if flt.end is not None:
        clauses.append(Incident.occurred_at <= flt.end)
    if flt.types:
        clauses.append(Incident.type.in_(flt.types))
    if flt.statuses:
        clauses.append(Incident.status.in_(flt.statuses))
    if flt.with_footage is not None:
        tag = clarified_with_footage()
        clauses.append(tag if flt.with_footage else not_(tag))
    clauses.append(_scope_clause(flt))
    return clauses


def _matching_ids(session: Session, flt: IncidentFilter) -> Select[int]:
    return select(Incident.id).where(*filter_clauses(session, flt=flt))


_FIELDS = (
    Incident.id,
    Incident.case_code,
    Incident.type,
    Incident.occurred_at,
    Incident.occurred_until,
    Incident.address,
    Incident.status,
    Incident.description,
)


def _decorations() -> tuple[Any, ...]:
    return (
        AdminUnit.code,
        AdminUnit.name,
        clarified_with_footage().label("with_footage"),
        func.ST_X(Incident.geom),
        func.ST_Y(Incident.geom),
    )


def list_incidents(
    session: Session, *, flt: IncidentFilter, limit: int, offset: int = 0
) -> list[IncidentRow]:
    """One page of matching incidents, most recent first."""
    stmt = (
        select(*_FIELDS, *_decorations())
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
        .where(*filter_clauses(session, flt=flt))
        .order_by(Incident.occurred_at.desc(), Incident.id.desc())
        .limit(limit)
        .offset(offset)
    )
    n = len(_FIELDS)
    return [
        IncidentRow(IncidentFields(*r[:n]), r[n], r[n + 1], bool(r[n + 2]), r[n + 3], r[n + 4])
        for r in session.execute(stmt)
    ]


def count_by_type(session: Session, *, flt: IncidentFilter) -> dict[str, int]:
    """The number of matching incidents per type."""
    stmt = (
        select(Incident.type, func.count())
        .where(*filter_clauses(session, flt=flt))
        .group_by(Incident.type)
    )
    return {t: int(n) for t, n in session.execute(stmt)}


@dataclass(frozen=True)
class StatsRow:
    """Counts of one (commune, type) pair."""

    commune_code: str | None
    commune_name: str | None
    type: str
    count: int
    with_footage: int


def stats_by_commune_and_type(session: Session, *, flt: IncidentFilter) -> list[StatsRow]:
    """Matching incidents counted by commune and type, with the footage-clarified share."""
    footage = func.sum(case((clarified_with_footage(), 1), else_=0))
    stmt = (
        select(AdminUnit.code, AdminUnit.name, Incident.type, func.count(), footage)
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
        .where(*filter_clauses(session, flt=flt))
        .group_by(AdminUnit.code, AdminUnit.name, Incident.type)
        .order_by(AdminUnit.code, Incident.type)
    )
    return [StatsRow(r[0], r[1], r[2], int(r[3]), int(r[4] or 0)) for r in session.execute(stmt)]


def points(session: Session, *, flt: IncidentFilter) -> Iterator[tuple[float, float, str, bool]]:
    """``(lon, lat, type, with_footage)`` of every matching incident, streamed."""
    stmt = select(
        func.ST_X(Incident.geom),
        func.ST_Y(Incident.geom),
        Incident.type,
        clarified_with_footage(),
    ).where(*filter_clauses(session, flt=flt))
    for lon, lat, itype, tag in session.execute(stmt.execution_options(yield_per=5000)):
        yield float(lon), float(lat), itype, bool(tag)


def get_incident(session: Session, *, case_code: str) -> IncidentRecord | None:
    """One incident (as a model row) by its case code."""
    stmt = (
        select(Incident, *_decorations())
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
        .where(Incident.case_code == case_code)
    )
    row = session.execute(stmt).one_or_none()
    if row is None:
        return None
    incident, code, name, tag, lon, lat = row
    return IncidentRecord(incident, code, name, bool(tag), float(lon), float(lat))


def case_code_exists(session: Session, *, case_codes: Sequence[str]) -> set[str]:
    """Which of these case codes are already taken."""
    stmt = select(Incident.case_code).where(Incident.case_code.in_(list(case_codes)))
    return set(session.scalars(stmt))


def status_history(session: Session, *, incident_id: int) -> list[IncidentStatusEvent]:
    """An incident's statuses, oldest first."""
    stmt = (
        select(IncidentStatusEvent)
        .where(IncidentStatusEvent.incident_id == incident_id)
        .order_by(IncidentStatusEvent.effective_at, IncidentStatusEvent.id)
    )
    return list(session.scalars(stmt))


def evidence_count(session: Session, *, incident_id: int) -> int:
    """How many clips are linked to an incident."""
    stmt = select(func.count()).where(FootageEvidence.incident_id == incident_id)
    return int(session.scalar(stmt) or 0)

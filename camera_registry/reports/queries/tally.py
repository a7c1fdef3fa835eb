"""Queries on the monthly incident tally, and the time buckets reports count in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    case,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from camera_registry.incidents.models import Incident
from camera_registry.incidents.queries import clarified_with_footage
from camera_registry.reports.models import IncidentMonthTally

Window = tuple[datetime, datetime]
#: ``(commune id or code, incident type, bucket, incidents, clarified with footage)``.
CountRow = tuple[Any, str, int, int, int]
#: ``(commune id or code, incident type, window index, incidents with footage available)``.
FootageRow = tuple[Any, str, int, int]


def bucket(column: Any, boundaries: Sequence[Any]) -> ColumnElement[int]:
    """The index ``i`` of the bucket ``boundaries[i] <= column < boundaries[i+1]``."""
    whens = [(column < edge, index) for index, edge in enumerate(boundaries[1:-1])]
    if not whens:
        return literal(0, Integer)
    return case(*whens, else_=len(boundaries) - 2)


def local_month(session: Session, column: Any) -> ColumnElement[date]:
    """The first day of a timestamp's local (Asia/Ho_Chi_Minh) month.

    SQLite has no time zones: Vietnam has kept UTC+7 since 1975, so +7 hours.
    """
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, "+7 hours", "start of month", type_=Date)
    zoned = func.timezone("Asia/Ho_Chi_Minh", column)
    return func.cast(func.date_trunc("month", zoned), Date)


def tally_counts(
    session: Session, *, commune_ids: Sequence[int], starts: Sequence[date]
) -> list[CountRow]:
    """Incidents (and clarified ones) of these communes from the monthly tally, by bucket.

    ``starts`` are the buckets' first days (local month starts); the tally is
    kept by database triggers (see :mod:`camera_registry.reports.models`).
    """
    if not commune_ids:
        return []
    t = IncidentMonthTally
    which = bucket(t.month, starts)
    stmt = (
        select(t.commune_id, t.type, which, func.sum(t.incidents), func.sum(t.clarified))
        .where(t.commune_id.in_(list(commune_ids)), t.month >= starts[0], t.month < starts[-1])
        .group_by(t.commune_id, t.type, which)
    )
    return [(c, k, int(b), int(n), int(m or 0)) for c, k, b, n, m in session.execute(stmt)]


def rebuild_tally(session: Session) -> int:
    """Recount the whole monthly tally from the incidents (after loads that bypass triggers).

    Returns the number of tally rows written; the caller commits.
    """
    month = local_month(session, Incident.occurred_at)
    tag = func.sum(case((clarified_with_footage(), 1), else_=0))
    source = (
        select(Incident.commune_id, month, Incident.type, func.count(), tag)
        .where(Incident.commune_id.is_not(None))
        .group_by(Incident.commune_id, month, Incident.type)
    )
    session.execute(delete(IncidentMonthTally))
    t = IncidentMonthTally
    columns = [t.commune_id, t.month, t.type, t.incidents, t.clarified]
    session.execute(insert(t).from_select(columns, source))
    return int(session.scalar(select(func.count()).select_from(t)) or 0)


def tally_rows(session: Session) -> dict[tuple[int, date, str], tuple[int, int]]:
    """Every non-empty tally row: ``(commune id, month, type) → (incidents, clarified)``."""
    t = IncidentMonthTally
    stmt = select(t.commune_id, t.month, t.type, t.incidents, t.clarified).where(
        (t.incidents != 0) | (t.clarified != 0)
    )
    return {(c, m, k): (n, d) for c, m, k, n, d in session.execute(stmt)}

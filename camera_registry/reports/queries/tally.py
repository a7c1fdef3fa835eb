"""Queries on the monthly incident tally, and the time buckets reports count in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Date,
    Integer,
    bindparam,
    case,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from camera_registry.db import is_spatialite
from camera_registry.reports.models import IncidentMonthTally

#: ``(commune id or code, incident type, bucket, incidents, clarified with footage,
#: footage available)``.
CountRow = tuple[Any, str, int, int, int, int]


def bucket(session: Session, column: Any, boundaries: Sequence[Any]) -> ColumnElement[int]:
    """The index ``i`` of the bucket ``boundaries[i] <= column < boundaries[i+1]``.

    Rows outside ``[boundaries[0], boundaries[-1])`` must be filtered out by
    the caller.  PostgreSQL's ``width_bucket`` (a binary search over the inner
    edges) gives the same index as the portable CASE, at about half the cost on
    the 158,000 tally rows of a province's five years.
    """
    edges = list(boundaries[1:-1])
    if not edges:
        return literal(0, Integer)
    if not is_spatialite(session):
        inner = bindparam("bucket_edges", edges, type_=ARRAY(column.type))
        return func.width_bucket(column, inner, type_=Integer)
    whens = [(column < edge, index) for index, edge in enumerate(edges)]
    return case(*whens, else_=len(edges))


def local_month(session: Session, column: Any) -> ColumnElement[date]:
    """The first day of a timestamp's local (Asia/Ho_Chi_Minh) month.

    SQLite has no time zones: Vietnam has kept UTC+7 since 1975, so +7 hours.
    """
    if is_spatialite(session):
        return func.date(column, "+7 hours", "start of month", type_=Date)
    zoned = func.timezone("Asia/Ho_Chi_Minh", column)
    return func.cast(func.date_trunc("month", zoned), Date)


def tally_counts(
    session: Session, *, commune_ids: Sequence[int], starts: Sequence[date]
) -> list[CountRow]:
    """Incidents, clarified ones and footage available of these communes, by bucket.

    ``starts`` are the buckets' first days (local month starts); the tally is
    kept by database triggers (see :mod:`camera_registry.reports.models`).
    """
    if not commune_ids:
        return []
    t = IncidentMonthTally
    which = bucket(session, t.month, starts)
    stmt = (
        select(
            t.commune_id,
            t.type,
            which,
            func.sum(t.incidents),
            func.sum(t.clarified),
            func.sum(t.footage_available),
        )
        .where(t.commune_id.in_(list(commune_ids)), t.month >= starts[0], t.month < starts[-1])
        .group_by(t.commune_id, t.type, which)
    )
    # sums of NOT NULL integer columns over non-empty groups: ints already
    return list(session.execute(stmt))


def tally_rows(session: Session) -> dict[tuple[int, date, str], tuple[int, int, int]]:
    """Every non-empty tally row: ``(commune id, month, type) → (incidents, clarified, seen)``."""
    t = IncidentMonthTally
    stmt = select(
        t.commune_id, t.month, t.type, t.incidents, t.clarified, t.footage_available
    ).where((t.incidents != 0) | (t.clarified != 0) | (t.footage_available != 0))
    return {(c, m, k): (n, d, f) for c, m, k, n, d, f in session.execute(stmt)}

"""Report queries that read the incident rows themselves.

Incidents recorded under a commune version whose territory was divided are
placed by their point; "footage available" — the coverage domain's "inside the
view of a camera working at that moment"
(:func:`~camera_registry.coverage.queries.seen_by_working_camera`) — is
evaluated per incident of the months that need it.  "Clarified with footage"
is the incidents domain's derived tag
(:func:`~camera_registry.incidents.queries.clarified_with_footage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage.queries import seen_by_working_camera
from camera_registry.incidents.models import Incident
from camera_registry.incidents.queries import clarified_with_footage
from camera_registry.reports.queries.tally import CountRow, FootageRow, Window, bucket


def _span(boundaries: Sequence[datetime]) -> list[ColumnElement[bool]]:
    return [Incident.occurred_at >= boundaries[0], Incident.occurred_at < boundaries[-1]]


def _measures(boundaries: Sequence[datetime]) -> list[Any]:
    clarified = func.sum(case((clarified_with_footage(), 1), else_=0))
    return [Incident.type, bucket(Incident.occurred_at, boundaries), func.count(), clarified]


def _placed(
    session: Session, commune_ids: Sequence[int], candidate_ids: Sequence[int], span: list[Any]
) -> Any:
    """Incidents of ambiguous communes with the lowest-coded candidate commune containing them."""
    dialect = session.get_bind().dialect.name
    unit = aliased(AdminUnit)
    return (
        select(Incident.id.label("iid"), func.min(unit.code).label("code"))
        .join(
            unit,
            and_(
                unit.id.in_(list(candidate_ids)),
                spatial_sql.index_meets(dialect, unit.id, unit.geom, Incident.geom),
                func.ST_Intersects(unit.geom, Incident.geom),
            ),
        )
        .where(Incident.commune_id.in_(list(commune_ids)), *span)
        .group_by(Incident.id)
        .subquery()
    )


def placed_incident_counts(
    session: Session,
    *,
    commune_ids: Sequence[int],
    candidate_ids: Sequence[int],
    boundaries: Sequence[datetime],
) -> list[CountRow]:
    """Incidents of ambiguous communes placed by point, by frame commune *code*, type, bucket."""
    if not commune_ids or not candidate_ids:
        return []
    placed = _placed(session, commune_ids, candidate_ids, _span(boundaries))
    measures = _measures(boundaries)
    stmt = (
        select(placed.c.code, *measures)
        .join(placed, placed.c.iid == Incident.id)
        .group_by(placed.c.code, *measures[:2])
    )
    return [(c, t, int(b), int(n), int(k or 0)) for c, t, b, n, k in session.execute(stmt)]


def _in_windows(windows: Sequence[Window]) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    inside = or_(*(and_(Incident.occurred_at >= s, Incident.occurred_at < e) for s, e in windows))
    which = case(
        *((and_(Incident.occurred_at >= s, Incident.occurred_at < e), i)
          for i, (s, e) in enumerate(windows)),
        else_=-1,
    )  # fmt: skip
    return inside, which


def _no_jit(session: Session) -> None:
    """On PostgreSQL, skip JIT compilation for the rest of the (read-only) report transaction.

    Footage queries run a spatial sub-plan per incident; JIT cannot speed that
    up, and compiling it cost a third of the query's time in the benchmark.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def _seen(session: Session) -> ColumnElement[int]:
    """How many of the grouped incidents lay in the view of a camera working then.

    The coverage domain's predicate is summed in the select list, not used as
    a WHERE filter: SQLite 3.51 turns that EXISTS (with its R*Tree ``IN``) into
    a join and counts an incident once per camera that saw it.
    """
    dialect = session.get_bind().dialect.name
    return func.sum(case((seen_by_working_camera(dialect), 1), else_=0))


def footage_available(
    session: Session, *, commune_ids: Sequence[int], windows: Sequence[Window]
) -> list[FootageRow]:
    """Incidents inside the view of a camera working then, by commune id, type and window."""
    if not commune_ids or not windows:
        return []
    _no_jit(session)
    inside, which = _in_windows(windows)
    stmt = (
        select(Incident.commune_id, Incident.type, which, _seen(session))
        .where(Incident.commune_id.in_(list(commune_ids)), inside)
        .group_by(Incident.commune_id, Incident.type, which)
    )
    return [(c, t, int(w), int(n)) for c, t, w, n in session.execute(stmt)]


def placed_footage_available(
    session: Session,
    *,
    commune_ids: Sequence[int],
    candidate_ids: Sequence[int],
    windows: Sequence[Window],
) -> list[FootageRow]:
    """As :func:`footage_available` for ambiguous communes, by frame commune *code*."""
    if not commune_ids or not candidate_ids or not windows:
        return []
    _no_jit(session)
    inside, which = _in_windows(windows)
    placed = _placed(session, commune_ids, candidate_ids, [inside])
    stmt = (
        select(placed.c.code, Incident.type, which, _seen(session))
        .join(placed, placed.c.iid == Incident.id)
        .group_by(placed.c.code, Incident.type, which)
    )
    return [(c, t, int(w), int(n)) for c, t, w, n in session.execute(stmt)]

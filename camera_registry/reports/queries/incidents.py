"""Report queries that read the incident rows themselves.

Incidents recorded under a commune version whose territory was divided are
placed by their point, so they cannot be read from the monthly tally: they
are counted here, by frame commune code.  "Footage available" is read from
``incident_in_view``, the trigger-kept list of incidents inside the view of a
camera working at their moment (the coverage domain's
:func:`~camera_registry.coverage.queries.seen_by_working_camera`); "clarified
with footage" is the incidents domain's derived tag
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
    exists,
    func,
    select,
)
from sqlalchemy.orm import Session, aliased

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.incidents.models import Incident
from camera_registry.incidents.queries import clarified_with_footage
from camera_registry.reports.models import IncidentInView
from camera_registry.reports.queries.tally import CountRow, bucket


def _span(boundaries: Sequence[datetime]) -> list[ColumnElement[bool]]:
    return [Incident.occurred_at >= boundaries[0], Incident.occurred_at < boundaries[-1]]


def _measures(session: Session, boundaries: Sequence[datetime]) -> list[Any]:
    clarified = func.sum(case((clarified_with_footage(), 1), else_=0))
    in_view = exists().where(IncidentInView.incident_id == Incident.id)
    seen = func.sum(case((in_view, 1), else_=0))
    which = bucket(session, Incident.occurred_at, boundaries)
    return [Incident.type, which, func.count(), clarified, seen]


def _placed(
    session: Session, commune_ids: Sequence[int], candidate_ids: Sequence[int], span: list[Any]
) -> Any:
    """Incidents of ambiguous communes with the lowest-coded candidate commune containing them."""
    unit = aliased(AdminUnit)
    return (
        select(Incident.id.label("iid"), func.min(unit.code).label("code"))
        .join(
            unit,
            and_(
                unit.id.in_(list(candidate_ids)),
                spatial_sql.index_meets(session, unit.geom, Incident.geom),
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
    """Incidents of ambiguous communes placed by point, by frame commune *code*, type, bucket.

    With, as in the tally, those clarified with footage and those with footage available.
    """
    if not commune_ids or not candidate_ids:
        return []
    placed = _placed(session, commune_ids, candidate_ids, _span(boundaries))
    measures = _measures(session, boundaries)
    stmt = (
        select(placed.c.code, *measures)
        .join(placed, placed.c.iid == Incident.id)
        .group_by(placed.c.code, *measures[:2])
    )
    rows = session.execute(stmt)
    return [(c, t, int(b), int(n), int(k or 0), int(f or 0)) for c, t, b, n, k, f in rows]

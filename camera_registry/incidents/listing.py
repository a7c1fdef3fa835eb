"""Incident reads shaped by role: details where allowed, grid cells elsewhere.

The split happens in the query (by commune scope), so a planner's answer is
built from cell counts alone: nothing finer ever leaves the server.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.incidents import presenters, queries
from camera_registry.incidents.access import detail_scope, require_object
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.timeparse import local_iso, local_text


def list_for(
    session: Session,
    *,
    flt: IncidentFilter,
    user: Principal,
    grid_m: float,
    limit: int,
    offset: int = 0,
) -> dict[str, Any]:
    """Matching incidents as GeoJSON for this caller (details and/or grid cells)."""
    scope = detail_scope(user)
    counts = queries.count_by_type(session, flt=flt)
    features: list[dict[str, Any]] = []
    if scope is None or scope:
        rows = queries.list_incidents(
            session, flt=replace(flt, scope=scope), limit=limit, offset=offset
        )
        features += [presenters.incident_feature(row) for row in rows]
    if scope is not None:
        hidden = queries.points(session, flt=replace(flt, scope=scope, outside_scope=True))
        features += presenters.cell_features(hidden, grid_m)
    return presenters.collection(features, counts, grid_m if scope is not None else None)


def stats(session: Session, *, flt: IncidentFilter) -> dict[str, Any]:
    """Counts by commune and type (aggregates: every role may read them)."""
    return presenters.stats_body(queries.stats_by_commune_and_type(session, flt=flt))


def detail_for(session: Session, *, case_code: str, user: Principal) -> dict[str, Any]:
    """One incident with its status history, for a caller allowed its details."""
    row = queries.get_incident(session, case_code=case_code)
    missing = f"No incident has case code {case_code!r}."
    require_object(user, row.commune_code if row else None, found=row is not None, missing=missing)
    assert row is not None
    feature = presenters.incident_feature(row)
    history = queries.status_history(session, incident_id=row.incident.id)
    feature["properties"]["status_history"] = [
        {
            "status": event.status,
            "effective_at": local_iso(event.effective_at),
            "effective_at_local": local_text(event.effective_at),
            "note": event.note,
            "recorded_by": event.recorded_by,
        }
        for event in history
    ]
    feature["properties"]["evidence_count"] = queries.evidence_count(
        session, incident_id=row.incident.id
    )
    return feature

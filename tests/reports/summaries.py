"""Recounts of the trigger-kept report summaries, each with its owning domain's definition.

"Clarified with footage" is the incidents domain's SQL tag, "footage
available" the coverage domain's ``seen_by_working_camera``; the camera
contributions are recounted in Python from the clips.  No report query is
reused.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.coverage.queries import seen_by_working_camera
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.queries import clarified_with_footage
from camera_registry.reports import queries
from camera_registry.reports.models import CameraMonthTally, IncidentInView
from camera_registry.timeutil import LOCAL_TZ

Cell = tuple[int, date, str]


def recount(session: Session) -> dict[Cell, tuple[int, int, int]]:
    """Incidents, clarified ones and seen ones per (commune, local month, type), row by row."""
    counts: Counter[Cell] = Counter()
    tagged: Counter[Cell] = Counter()
    seen: Counter[Cell] = Counter()
    stmt = select(
        Incident.commune_id,
        Incident.occurred_at,
        Incident.type,
        clarified_with_footage(),
        seen_by_working_camera(session),
    )
    for commune, at, kind, tag, view in session.execute(stmt):
        if commune is None:
            continue
        key = (commune, at.astimezone(LOCAL_TZ).date().replace(day=1), kind)
        counts[key] += 1
        tagged[key] += bool(tag)
        seen[key] += bool(view)
    return {k: (n, tagged[k], seen[k]) for k, n in counts.items()}


def seen_ids(session: Session) -> set[int]:
    """Incidents inside the view of a camera working at their moment (coverage domain)."""
    rows = session.execute(select(Incident.id, seen_by_working_camera(session)))
    return {i for i, view in rows if view}


def contributions(session: Session) -> dict[tuple[int, date], tuple[int, int]]:
    """Per camera and local month of incident: incidents helped by its useful clips, clarified."""
    incidents = {
        i: (at.astimezone(LOCAL_TZ).date().replace(day=1), status in ("clarified", "closed"))
        for i, at, status in session.execute(
            select(Incident.id, Incident.occurred_at, Incident.status)
        )
    }
    pairs = {
        (camera, incident)
        for incident, camera, usefulness in session.execute(
            select(
                FootageEvidence.incident_id, FootageEvidence.camera_id, FootageEvidence.usefulness
            )
        )
        if usefulness in ("decisive", "supporting")
    }
    helped: Counter[tuple[int, date]] = Counter()
    done: Counter[tuple[int, date]] = Counter()
    for camera, incident in pairs:
        month, closed = incidents[incident]
        helped[(camera, month)] += 1
        done[(camera, month)] += closed
    return {k: (n, done[k]) for k, n in helped.items()}


def camera_tally(session: Session) -> dict[tuple[int, date], tuple[int, int]]:
    """The non-empty rows of the trigger-kept camera tally."""
    t = CameraMonthTally
    rows = session.execute(select(t.camera_id, t.month, t.helped, t.clarified))
    return {(c, m): (n, k) for c, m, n, k in rows if n or k}


def assert_summaries(session: Session) -> None:
    """Every trigger-kept summary equals its recount."""
    session.flush()
    assert queries.tally_rows(session) == recount(session)
    assert set(session.scalars(select(IncidentInView.incident_id))) == seen_ids(session)
    assert camera_tally(session) == contributions(session)

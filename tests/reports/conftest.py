"""Helpers of the report tests: build reports, and recount the demo independently.

The independent counts read every row through the ORM and decide in Python
(shapely for "inside a camera's view") — no report query is reused.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pytest
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.coverage.params import local_midnight
from camera_registry.geoconv import from_db
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.reports import service
from camera_registry.reports.figures import MonthlyReport
from camera_registry.reports.params import add_months, make_request

Build = Callable[..., MonthlyReport]


@pytest.fixture
def build(session: Session) -> Build:
    """``build("390", "2025-06", since="2022-01", former=False)`` → the report model."""

    def run(unit: str, month: str, **options: object) -> MonthlyReport:
        return service.build(session, req=make_request(unit=unit, month=month, **options))  # type: ignore[arg-type]

    return run


@dataclass(frozen=True)
class Row:
    """An incident as the independent recount sees it."""

    commune: str
    type: str
    at: datetime
    clarified: bool
    point: shapely.Point


def incident_rows(session: Session) -> list[Row]:
    """Every incident with its commune code and its clarified-with-footage tag, from raw rows."""
    useful = {
        i
        for i, u in session.execute(select(FootageEvidence.incident_id, FootageEvidence.usefulness))
        if u in ("decisive", "supporting")
    }
    codes = dict(session.execute(select(AdminUnit.id, AdminUnit.code)).all())
    rows = []
    for inc in session.scalars(select(Incident)):
        done = inc.status in ("clarified", "closed") and inc.id in useful
        rows.append(Row(codes[inc.commune_id], inc.type, inc.occurred_at, done, from_db(inc.geom)))
    return rows


def month_span(first: date, months: int = 1) -> tuple[datetime, datetime]:
    """UTC bounds of ``months`` local months from ``first``."""
    return local_midnight(first), local_midnight(add_months(first, months))


def count_by_commune(rows: list[Row], start: datetime, end: datetime) -> dict[str, Counter[str]]:
    """Incidents per commune code and type in ``[start, end)`` (key ``"+clarified"`` too)."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if start <= r.at < end:
            found[r.commune][r.type] += 1
            found[r.commune]["+clarified"] += r.clarified
    return found


def working_views(session: Session) -> list[tuple[shapely.Polygon, list[tuple[datetime, str]]]]:
    """Every camera's view polygon and its status history (oldest first)."""
    history: dict[int, list[tuple[datetime, int, str]]] = defaultdict(list)
    for e in session.scalars(select(CameraStatusEvent)):
        history[e.camera_id].append((e.effective_at, e.id, e.status))
    views = []
    for cam in session.scalars(select(Camera)):
        events = [(at, status) for at, _, status in sorted(history[cam.id])]
        views.append((from_db(cam.view_geom), events))
    return views


def seen_then(views: list[tuple[shapely.Polygon, list[tuple[datetime, str]]]], row: Row) -> bool:
    """Whether a camera active at the incident's moment had the point in its view (shapely)."""
    for view, events in views:
        before = [status for at, status in events if at <= row.at]
        if before and before[-1] == "active" and view.intersects(row.point):
            return True
    return False

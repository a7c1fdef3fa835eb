"""Coverage queries against a replay of every history row and a brute-force shapely check."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from shapely.geometry import box
from sqlalchemy.orm import Session

from camera_registry.cameras.models import CameraStatusEvent
from camera_registry.coverage import queries
from tests.coverage.conftest import World, end_of_local_day, load_world

EVERYWHERE = (100.0, 5.0, 115.0, 25.0)
CAM_THUY_BOX = (105.30, 20.05, 105.60, 20.35)


@pytest.mark.parametrize("day", [date(2022, 1, 1), date(2024, 6, 15), date(2025, 6, 30)])
def test_active_on_a_date_equals_history_replay(session: Session, world: World, day: date):
    at = end_of_local_day(day)
    got = queries.camera_states(session, at=at, bbox=EVERYWHERE, active_only=True)
    assert {c.id for c in got} == world.active(at)
    everyone = queries.camera_states(session, at=at, bbox=EVERYWHERE)
    assert {c.id: c.status for c in everyone} == {
        c: world.status(c, at) for c in world.points if world.status(c, at) is not None
    }


def test_bbox_filter_goes_by_the_view_envelope(session: Session, world: World):
    at = end_of_local_day(date(2026, 1, 1))
    got = {c.id for c in queries.camera_states(session, at=at, bbox=CAM_THUY_BOX)}
    expected = {
        c
        for c, view in world.views.items()
        if box(*view.bounds).intersects(box(*CAM_THUY_BOX)) and world.status(c, at) is not None
    }
    assert got == expected and len(got) > 400


def test_incident_seen_by_a_working_camera_equals_brute_force(session: Session, world: World):
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    got = {
        i.id: i.in_working_view
        for i in queries.incidents_between(session, start=start, end=end, bbox=EVERYWHERE)
    }
    assert set(got) == set(world.incidents)
    expected = {iid: world.seen(iid) for iid in world.incidents}
    assert got == expected
    assert 0 < sum(expected.values()) < len(expected)


def test_a_camera_that_was_faulty_at_the_moment_does_not_count(session: Session, world: World):
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    seen = [
        i
        for i in queries.incidents_between(session, start=start, end=end, bbox=EVERYWHERE)
        if i.in_working_view
    ]
    target = seen[0]
    _, when, point = world.incidents[target.id]
    watchers = [c for c, v in world.views.items() if v.intersects(point)]
    for camera_id in watchers:  # out of order an hour either side of the incident
        session.add(
            CameraStatusEvent(
                camera_id=camera_id, status="faulty", effective_at=when - timedelta(hours=1)
            )
        )
        session.add(
            CameraStatusEvent(
                camera_id=camera_id, status="active", effective_at=when + timedelta(hours=1)
            )
        )
    session.flush()
    after = {
        i.id: i.in_working_view
        for i in queries.incidents_between(session, start=start, end=end, bbox=EVERYWHERE)
    }
    assert after[target.id] is False
    refreshed = load_world(session)
    assert after == {iid: refreshed.seen(iid) for iid in refreshed.incidents}


def test_period_bounds_are_half_open(session: Session, world: World):
    iid, (_, when, point) = next(iter(world.incidents.items()))
    bbox = point.buffer(1e-6).bounds
    inside = queries.incidents_between(
        session, start=when, end=when + timedelta(seconds=1), bbox=bbox
    )
    assert iid in {i.id for i in inside}
    assert iid not in {
        i.id
        for i in queries.incidents_between(
            session, start=when - timedelta(days=1), end=when, bbox=bbox
        )
    }


def test_communes_under_a_province(session: Session, world: World):
    unit = world.unit("67")
    got = [u.code for u in queries.communes_under(session, unit=unit)]
    assert got == [u.code for u in world.communes_under(unit)] and len(got) == 71
    assert queries.communes_under(session, unit=world.unit("15127")) == []

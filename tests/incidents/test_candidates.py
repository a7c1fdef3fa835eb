"""Evidence candidates equal a brute-force shapely check over every camera row."""

import math
from bisect import bisect_right
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from geoalchemy2.shape import to_shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.demo.records import DATA_END
from camera_registry.geoconv import to_db
from camera_registry.incidents.evidence.candidates import candidates
from camera_registry.incidents.models import Incident
from tests.incidents.conftest import Scene


class BruteForce:
    """Every camera row and status event, and the candidate rule computed in shapely."""

    def __init__(self, session: Session) -> None:
        self.cameras = list(session.scalars(select(Camera).order_by(Camera.id)))
        self.views = {c.id: to_shape(c.view_geom) for c in self.cameras}
        history: dict[int, list[tuple[datetime, int, str]]] = defaultdict(list)
        for e in session.scalars(select(CameraStatusEvent)):
            history[e.camera_id].append((e.effective_at, e.id, e.status))
        self.history = {k: sorted(v) for k, v in history.items()}

    def status_at(self, camera_id: int, at: datetime) -> str | None:
        events = self.history.get(camera_id, [])
        i = bisect_right([(t, n) for t, n, _ in events], (at, math.inf))
        return events[i - 1][2] if i else None

    def candidates(self, lon: float, lat: float, at: datetime, now: datetime) -> set[str]:
        point = Point(lon, lat)
        return {
            c.code
            for c in self.cameras
            if self.views[c.id].intersects(point)
            and self.status_at(c.id, at) == "active"
            and c.retention_days is not None
            and at + timedelta(days=c.retention_days) >= now
        }


@pytest.fixture
def brute(session: Session) -> BruteForce:
    return BruteForce(session)


def _found(session: Session, lon: float, lat: float, at: datetime, now: datetime) -> set[str]:
    incident = Incident(geom=to_db(Point(lon, lat)), occurred_at=at)
    return {h.code for h in candidates(session, incident=incident, now=now)}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pick=st.integers(min_value=0),
    aim=st.booleans(),
    spread=st.floats(min_value=-1, max_value=1),
    reach=st.floats(min_value=0, max_value=1.3),
    day=st.integers(min_value=-30, max_value=1500),
    late=st.floats(min_value=0, max_value=40),
)
def test_candidates_equal_brute_force_near_cameras(
    session: Session, brute: BruteForce, pick, aim, spread, reach, day, late
):
    """Points around a camera (mostly in its view), times around its working life."""
    camera = brute.cameras[pick % len(brute.cameras)]
    position = to_shape(camera.geom)
    bearing = camera.direction_deg + spread * (camera.fov_deg / 2 if aim else 180)
    distance = reach * camera.range_m
    dx = distance * math.sin(math.radians(bearing))
    dy = distance * math.cos(math.radians(bearing))
    lon = position.x + dx / (111_320 * math.cos(math.radians(position.y)))
    lat = position.y + dy / 110_574
    installed = datetime.combine(camera.installed_on, datetime.min.time(), UTC)
    at = min(installed + timedelta(days=day, hours=12), DATA_END)
    now = at + timedelta(days=late)
    assert _found(session, lon, lat, at, now) == brute.candidates(lon, lat, at, now)


def test_the_demo_footage_cases_had_candidates(session: Session, brute: BruteForce, demo_data):
    """Each useful demo clip's camera was a candidate when its footage was extracted."""
    incidents = {i.case_code: i for i in demo_data.incidents}
    checked = 0
    for clip in demo_data.evidence:
        if clip.usefulness.value == "not_useful":
            continue
        incident = incidents[clip.case_code]
        found = _found(session, incident.lon, incident.lat, incident.occurred_at, clip.extracted_at)
        assert clip.camera_code in found
        assert found == brute.candidates(
            incident.lon, incident.lat, incident.occurred_at, clip.extracted_at
        )
        checked += 1
    assert checked > 40


def test_candidates_route_for_an_incident(scene: Scene, session: Session, as_role):
    brute = BruteForce(session)  # includes the scene's cameras
    body = scene.client.get(f"/incidents/{scene.case_code}/candidates").json()
    codes = {c["camera_code"] for c in body["candidates"]}
    assert codes == brute.candidates(scene.lon, scene.lat, scene.occurred_at, datetime.now(UTC))
    assert {scene.household, scene.state} <= codes and scene.facing_away not in codes
    household = next(c for c in body["candidates"] if c["camera_code"] == scene.household)
    assert household["needs_request"] is True
    assert household["owner_contact"] == "0900 012 345"  # investigators see holders
    deadline = datetime.fromisoformat(household["request_deadline"])
    assert deadline == scene.occurred_at + timedelta(days=14)
    local = deadline.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert household["request_deadline_local"] == local.strftime("%d/%m/%Y %H:%M")
    assert as_role("planner").get(f"/incidents/{scene.case_code}/candidates").status_code == 403

"""Camera and status-history writes keep "footage available" and contributions exact.

A camera's view or status history decides which incidents had footage
available; the triggers re-test the incidents a change can affect.  After
every write the summaries equal the recounts of ``tests.reports.summaries``
(both engines).
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime, timedelta

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import affinity
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.geoconv import from_db, to_db
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.reports.models import IncidentInView
from tests.reports.summaries import assert_summaries

_serial = itertools.count(1)
AT = datetime(2024, 3, 10, 3, 0, tzinfo=UTC)


def _camera(session: Session) -> Camera:
    """A new camera, alone in a corner of the map, active since a month before ``AT``."""
    model = session.scalars(select(Camera).order_by(Camera.id).limit(1)).one()
    far = affinity.translate(from_db(model.view_geom), xoff=1.5, yoff=1.5)
    camera = _twin(session, model, far)
    _event(session, camera, "active", AT - timedelta(days=30))
    return camera


def _inside(camera: Camera) -> shapely.Point:
    view = from_db(camera.view_geom)
    return view.representative_point()


def _incident(session: Session, camera: Camera, at: datetime = AT) -> Incident:
    row = Incident(
        case_code=f"VIEW-{next(_serial)}",
        type="property_theft",
        occurred_at=at,
        geom=to_db(_inside(camera)),
        commune_id=camera.commune_id,
        status="clarified",
    )
    session.add(row)
    session.flush()
    return row


def _event(session: Session, camera: Camera, status: str, at: datetime) -> CameraStatusEvent:
    event = CameraStatusEvent(camera_id=camera.id, status=status, effective_at=at)
    session.add(event)
    session.flush()
    return event


def _clip(session: Session, incident: Incident, camera: Camera, usefulness: str) -> None:
    token = hashlib.sha256(f"cam-clip-{next(_serial)}".encode()).hexdigest()
    session.add(
        FootageEvidence(
            incident_id=incident.id,
            camera_id=camera.id,
            clip_start=incident.occurred_at,
            clip_end=incident.occurred_at + timedelta(minutes=5),
            sha256=token,
            extracted_by="test",
            extracted_at=incident.occurred_at + timedelta(hours=1),
            usefulness=usefulness,
        )
    )
    session.flush()


def _in_view(session: Session, incident: Incident) -> bool:
    found = select(IncidentInView.incident_id).where(IncidentInView.incident_id == incident.id)
    return session.scalar(found) is not None


def _twin(session: Session, camera: Camera, view: shapely.Polygon | None = None) -> Camera:
    """A new camera at the same place, looking the same way (or with another ``view``)."""
    twin = Camera(
        code=f"TWIN-{next(_serial)}",
        geom=to_db(view.centroid) if view is not None else camera.geom,
        commune_id=camera.commune_id,
        direction_deg=camera.direction_deg,
        fov_deg=camera.fov_deg,
        range_m=camera.range_m,
        ownership="household",
        view_geom=to_db(view) if view is not None else camera.view_geom,
    )
    session.add(twin)
    session.flush()
    return twin


def test_status_history_writes(session: Session):
    camera = _camera(session)
    incident = _incident(session, camera)
    assert _in_view(session, incident)
    fault = _event(session, camera, "faulty", AT - timedelta(days=1))
    assert not _in_view(session, incident)
    assert_summaries(session)
    repair = _event(session, camera, "active", AT - timedelta(hours=1))
    assert _in_view(session, incident)
    assert_summaries(session)
    for change in (
        lambda: setattr(repair, "effective_at", AT + timedelta(hours=1)),
        lambda: setattr(repair, "status", "faulty"),
        lambda: setattr(fault, "effective_at", AT + timedelta(days=2)),
        lambda: setattr(repair, "effective_at", AT),
        lambda: setattr(repair, "status", "active"),
        lambda: session.delete(fault),
    ):
        change()
        assert_summaries(session)
    assert _in_view(session, incident)
    outage = _event(session, camera, "faulty", AT)  # same instant as the repair: the later wins
    assert not _in_view(session, incident)
    session.delete(outage)
    session.flush()
    assert _in_view(session, incident)
    assert_summaries(session)


def test_camera_and_incident_moves(session: Session):
    camera = _camera(session)
    incident = _incident(session, camera)
    view = from_db(camera.view_geom)
    away = to_db(affinity.translate(view, xoff=0.05))
    for change in (
        lambda: setattr(camera, "view_geom", away),
        lambda: setattr(camera, "view_geom", to_db(view)),
        lambda: setattr(incident, "geom", to_db(shapely.Point(view.centroid.x + 0.05, 20.0))),
        lambda: setattr(incident, "geom", to_db(_inside(camera))),
        lambda: setattr(incident, "occurred_at", datetime(2001, 1, 1, tzinfo=UTC)),
        lambda: setattr(incident, "occurred_at", AT),
        lambda: setattr(incident, "type", "robbery"),
        lambda: setattr(incident, "commune_id", None),
    ):
        change()
        session.flush()
        assert_summaries(session)


def test_a_second_camera_and_its_removal(session: Session):
    camera = _camera(session)
    incident = _incident(session, camera)
    _event(session, camera, "faulty", AT - timedelta(days=1))
    twin = _twin(session, camera)
    assert not _in_view(session, incident)  # a camera without history sees nothing
    rows = [  # one statement, as a bulk import writes them
        {"camera_id": twin.id, "status": "active", "effective_at": AT - timedelta(days=3)},
        {"camera_id": camera.id, "status": "active", "effective_at": AT + timedelta(days=1)},
    ]
    session.execute(insert(CameraStatusEvent), rows)
    assert _in_view(session, incident)
    assert_summaries(session)
    session.execute(delete(Camera).where(Camera.id == twin.id))
    session.expire_all()
    assert not _in_view(session, incident)
    assert_summaries(session)


def test_contributions_follow_clips_and_incidents(session: Session):
    camera = _camera(session)
    twin = _twin(session, camera)
    incident = _incident(session, camera)
    other = _incident(session, camera, AT + timedelta(days=45))
    _clip(session, incident, camera, "decisive")
    _clip(session, incident, camera, "supporting")
    _clip(session, incident, twin, "not_useful")
    assert_summaries(session)
    clips = list(
        session.scalars(select(FootageEvidence).where(FootageEvidence.incident_id == incident.id))
    )
    for change in (
        lambda: setattr(clips[2], "usefulness", "decisive"),
        lambda: setattr(clips[0], "camera_id", twin.id),
        lambda: setattr(clips[1], "incident_id", other.id),
        lambda: setattr(incident, "status", "investigating"),
        lambda: setattr(incident, "occurred_at", AT - timedelta(days=300)),
        lambda: setattr(clips[0], "usefulness", "not_useful"),
        lambda: session.delete(clips[2]),
    ):
        change()
        session.flush()
        assert_summaries(session)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["incident", "fault", "repair", "move", "back", "shift", "drop"]),
        st.integers(0, 5),
        st.integers(-40, 40),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_random_camera_writes_keep_the_summaries(session: Session, ops):
    camera = _camera(session)
    view = camera.view_geom
    with session.begin_nested() as savepoint:
        events: list[CameraStatusEvent] = []
        for op, pick, days in ops:
            at = AT + timedelta(days=days, hours=pick)
            if op == "incident":
                _incident(session, camera, at)
            elif op in ("fault", "repair"):
                events.append(_event(session, camera, "faulty" if op == "fault" else "active", at))
            elif op == "move":
                camera.view_geom = to_db(affinity.translate(from_db(view), yoff=0.0002 * pick))
            elif op == "back":
                camera.view_geom = view
            elif op == "shift" and events:
                events[pick % len(events)].effective_at = at
            elif op == "drop" and events:
                session.delete(events.pop(pick % len(events)))
            session.flush()
        assert_summaries(session)
        savepoint.rollback()


def test_the_month_of_an_incident_is_local(session: Session):
    camera = _camera(session)
    late = _incident(session, camera, datetime(2024, 5, 31, 17, 30, tzinfo=UTC))
    assert _in_view(session, late)
    assert_summaries(session)
    assert date(2024, 6, 1) in {m for (_, m, _) in _cells(session, late)}


def _cells(session: Session, incident: Incident) -> set[tuple[int, date, str]]:
    from camera_registry.reports import queries  # noqa: PLC0415

    rows = queries.tally_rows(session)
    return {k for k, v in rows.items() if k[0] == incident.commune_id and v[2] > 0}

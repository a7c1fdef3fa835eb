"""The trigger-kept report summaries equal their recounts after every incident or clip write.

Both engines; camera and status-history writes: ``test_tally_cameras.py``.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime, timedelta

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera
from camera_registry.geoconv import to_db
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.reports import queries
from tests.reports.summaries import assert_summaries, camera_tally, contributions, recount

_serial = itertools.count(1)


def _commune_ids(session: Session) -> list[int]:
    return list(session.scalars(select(AdminUnit.id).where(AdminUnit.level == "commune").limit(3)))


def _incident(session: Session, commune: int, at: datetime, status: str = "reported") -> Incident:
    row = Incident(
        case_code=f"TALLY-{next(_serial)}",
        type="robbery",
        occurred_at=at,
        geom=to_db(shapely.Point(105.5, 20.2)),
        commune_id=commune,
        status=status,
    )
    session.add(row)
    session.flush()
    return row


def _clip(session: Session, incident: Incident, usefulness: str) -> FootageEvidence:
    camera_id = session.scalars(select(Camera.id).limit(1)).one()
    token = f"clip-{next(_serial)}"
    clip = FootageEvidence(
        incident_id=incident.id,
        camera_id=camera_id,
        clip_start=incident.occurred_at,
        clip_end=incident.occurred_at + timedelta(minutes=5),
        sha256=hashlib.sha256(token.encode()).hexdigest(),
        extracted_by="test",
        extracted_at=incident.occurred_at + timedelta(hours=1),
        usefulness=usefulness,
    )
    session.add(clip)
    session.flush()
    return clip


def test_the_summaries_of_the_demo_are_the_recounts(session: Session):
    assert_summaries(session)
    counts = recount(session).values()
    assert sum(n for n, _, _ in counts) > 600
    assert sum(seen for _, _, seen in counts) > 0
    assert contributions(session)


def test_every_kind_of_write_keeps_the_tally(session: Session):
    a, b, _ = _commune_ids(session)
    at = datetime(2024, 5, 31, 17, 30, tzinfo=UTC)  # 00:30 on 01/06/2024 in Vietnam
    first = _incident(session, a, at)
    assert queries.tally_rows(session)[(a, date(2024, 6, 1), "robbery")][0] >= 1
    steps = [
        lambda: setattr(first, "status", "closed"),
        lambda: _clip(session, first, "decisive"),
        lambda: _clip(session, first, "supporting"),
        lambda: _clip(session, first, "not_useful"),
    ]
    for step in steps:
        step()
        session.flush()
        assert_summaries(session)
    clips = session.scalars(select(FootageEvidence).where(FootageEvidence.incident_id == first.id))
    useful = [c for c in clips if c.usefulness != "not_useful"]
    second = _incident(session, b, at + timedelta(days=40), status="clarified")
    for change in (
        lambda: setattr(useful[0], "usefulness", "not_useful"),
        lambda: setattr(useful[1], "incident_id", second.id),
        lambda: setattr(first, "type", "fraud"),
        lambda: setattr(second, "commune_id", a),
        lambda: setattr(second, "occurred_at", at - timedelta(days=400)),
        lambda: session.delete(useful[1]),
        lambda: setattr(second, "commune_id", None),
    ):
        change()
        session.flush()
        assert_summaries(session)
    for clip in session.scalars(
        select(FootageEvidence).where(FootageEvidence.incident_id == first.id)
    ):
        session.delete(clip)
    session.flush()
    session.delete(first)
    session.flush()
    assert_summaries(session)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["incident", "status", "clip", "useless", "move", "drop"]),
        st.integers(0, 5),
        st.integers(0, 900),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_random_writes_keep_the_tally(session: Session, ops):
    communes = _commune_ids(session)
    with session.begin_nested() as savepoint:
        made: list[Incident] = []
        for op, pick, days in ops:
            at = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(days=days, hours=pick * 5)
            if op == "incident" or not made:
                made.append(
                    _incident(session, communes[pick % 3], at, "closed" if pick % 2 else "reported")
                )
            target = made[pick % len(made)]
            if op == "status":
                target.status = "closed" if target.status != "closed" else "investigating"
            elif op in ("clip", "useless"):
                _clip(session, target, "decisive" if op == "clip" else "not_useful")
            elif op == "move":
                target.occurred_at = at
                target.commune_id = communes[(pick + 1) % 3]
            elif op == "drop":
                for clip in session.scalars(
                    select(FootageEvidence).where(FootageEvidence.incident_id == target.id)
                ):
                    session.delete(clip)
            session.flush()
        assert_summaries(session)
        savepoint.rollback()


def test_rebuilding_the_tally_gives_the_same_rows(session: Session):
    before = queries.tally_rows(session)
    cameras = camera_tally(session)
    assert queries.rebuild_tally(session) >= len(before)
    assert queries.tally_rows(session) == before
    assert camera_tally(session) == cameras
    assert_summaries(session)

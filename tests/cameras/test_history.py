"""Status at a moment equals a replay of the demo's own history records."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.history import status_at
from camera_registry.cameras.models import Camera
from camera_registry.demo.records import VN_TZ, DemoDataset


def _replay(history, at):
    current = None
    for change in history:
        if change.effective_at <= at:
            current = change.status
    return current


def test_status_at_matches_the_recorded_history(session: Session, demo_data: DemoDataset):
    ids = dict(session.execute(select(Camera.code, Camera.id)).all())
    changed = [c for c in demo_data.cameras if len(c.history) > 1][:40]
    assert changed
    for cam in changed:
        moments = [h.effective_at for h in cam.history]
        probes = [moments[0] - timedelta(seconds=1)]
        probes += [m + d for m in moments for d in (timedelta(0), timedelta(seconds=-1))]
        for at in probes:
            got = status_at(session, camera_ids=[ids[cam.code]], at=at)[ids[cam.code]]
            assert got == _replay(cam.history, at), (cam.code, at)


def test_many_cameras_at_once(session: Session, demo_data: DemoDataset):
    ids = dict(session.execute(select(Camera.code, Camera.id)).all())
    at = datetime(2024, 6, 1, 12, tzinfo=VN_TZ)
    got = status_at(session, camera_ids=ids.values(), at=at)
    for cam in demo_data.cameras:
        assert got[ids[cam.code]] == _replay(cam.history, at)

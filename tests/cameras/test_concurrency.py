"""Two writers at the same moment, on two real connections: one wins, none is lost.

Each engine gets its own fresh database (the shared test database is rolled
back per test, which a second connection could not see).  Both requests read
the camera at version 1; a ``before_flush`` hook holds each one at a barrier
until the other has read too, so both UPDATEs really race.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from camera_registry.db import make_engine
from camera_registry.demo.records import DemoDataset
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import MigratedDb, add_demo_unit, camera_payload, make_user_key


@dataclass
class World:
    """A fresh database with one commune, an admin key and a camera in it."""

    engine: Engine
    settings: Settings
    key: str
    code: str


@pytest.fixture
def world(
    migrated_db: MigratedDb,
    demo_data: DemoDataset,
    cam_thuy_commune: tuple[str, float, float],
) -> Iterator[World]:
    commune, lon, lat = cam_thuy_commune
    url = migrated_db("camreg_race")
    engine = make_engine(url)
    unit = next(u for u in demo_data.units if u.code == commune and u.level.value == "commune")
    with Session(engine) as session:
        add_demo_unit(session, unit)
        key = make_user_key(session, "admin")
        session.commit()
    settings = Settings(database_url=url)
    payload = camera_payload(lon, lat)
    with TestClient(create_app(settings, engine=engine)) as client:
        response = client.post("/cameras", json=payload, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 201, response.text
    yield World(engine, settings, key, payload["code"])
    engine.dispose()


def _race(world: World, bodies: list[dict[str, Any]], path: str, method: str) -> list[Any]:
    """Send one request per body at once, each from its own thread and connection."""
    app = create_app(world.settings, engine=world.engine)
    barrier = threading.Barrier(len(bodies), timeout=30)
    held = threading.local()

    def hold(session: Session, _context: Any, _instances: Any) -> None:
        if getattr(held, "done", False) or not any(isinstance(o, Camera) for o in session.dirty):
            return
        held.done = True
        barrier.wait()

    event.listen(app.state.sessionmaker, "before_flush", hold)
    results: list[Any] = [None] * len(bodies)

    def send(i: int) -> None:
        with TestClient(app) as client:
            results[i] = client.request(
                method,
                path,
                json=bodies[i],
                headers={"Authorization": f"Bearer {world.key}", "If-Match": '"1"'},
            )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_concurrent_patches_one_wins_and_is_not_overwritten(world: World):
    bodies = [{"direction_deg": 10.0, "address": "A"}, {"direction_deg": 250.0, "address": "B"}]
    responses = _race(world, bodies, f"/cameras/{world.code}", "PATCH")
    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 200 and codes[1] in (409, 412), [r.text for r in responses]
    loser = next(r for r in responses if r.status_code != 200)
    assert loser.headers["content-type"].startswith("application/problem+json")
    winner = bodies[next(i for i, r in enumerate(responses) if r.status_code == 200)]
    with Session(world.engine) as session:
        camera = session.scalars(select(Camera).where(Camera.code == world.code)).one()
        assert (camera.direction_deg, camera.address) == (
            winner["direction_deg"],
            winner["address"],
        )
        assert camera.version == 2
        updates = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "camera.update")
        ).all()
        assert len(updates) == 1


def test_a_later_patch_with_the_old_etag_is_412(world: World):
    app = create_app(world.settings, engine=world.engine)
    headers = {"Authorization": f"Bearer {world.key}", "If-Match": '"1"'}
    with TestClient(app) as first, TestClient(app) as second:
        assert (
            first.patch(f"/cameras/{world.code}", json={"height_m": 5}, headers=headers).status_code
            == 200
        )
        stale = second.patch(f"/cameras/{world.code}", json={"height_m": 9}, headers=headers)
        assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    with Session(world.engine) as session:
        assert session.scalars(select(Camera.height_m).where(Camera.code == world.code)).one() == 5

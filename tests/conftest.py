"""Fixtures: every database test runs once on SpatiaLite and once on PostGIS.

The PostGIS server is a throwaway cluster started for the session (see
``tests/pg_cluster.py``).  Locally, without the server binaries, PostGIS tests
skip with the reason; under CI (``CI`` set) they fail instead.

Isolation: each test runs inside a transaction on one connection, the session
joined with ``create_savepoint`` so code under test may commit; the outer
transaction is rolled back at the end.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from camera_registry import migrate
from camera_registry.db import make_engine
from camera_registry.demo.generate import generate
from camera_registry.demo.loader import load_demo
from camera_registry.demo.records import DemoDataset
from camera_registry.deps import get_session
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import MigratedDb, make_user_key
from tests.pg_cluster import ThrowawayPostgis, require_pg_bin

ENGINES = ("spatialite", "postgis")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Honour ``@pytest.mark.engines(...)`` by deselecting the other engines."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("engines")
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine_name") if callspec else None
        if marker and engine and engine not in marker.args:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayPostgis]:
    """A PostGIS server for the whole session."""
    with ThrowawayPostgis(require_pg_bin()) as cluster:
        yield cluster


@pytest.fixture(scope="session", params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """The engine under test: 'spatialite' or 'postgis'."""
    return str(request.param)


@pytest.fixture(scope="session")
def fresh_db_url(
    engine_name: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """A factory of new, empty databases (not migrated) on the engine under test."""
    serial = itertools.count(1)

    def make(name: str) -> str:
        if engine_name == "spatialite":
            return f"sqlite:///{tmp_path_factory.mktemp(name) / 'camreg.db'}"
        cluster: ThrowawayPostgis = request.getfixturevalue("pg_cluster")
        return cluster.create_database(f"{name}_{next(serial)}")

    return make


@pytest.fixture(scope="session")
def migrated_db(fresh_db_url: Callable[[str], str]) -> MigratedDb:
    """A factory of new databases migrated to head on the engine under test.

    ``migrated_db(name)`` gives the URL of a fresh database with the whole
    schema; ``migrated_db(name, seed=fill)`` also runs ``fill(session)`` in a
    session of its own and commits, for tests whose code under test opens its
    own connections (CLI, servers, races) and so cannot see the shared,
    rolled-back test database.
    """

    def make(name: str, *, seed: Callable[[Session], object] | None = None) -> str:
        url = fresh_db_url(name)
        migrate.upgrade(url)
        if seed is not None:
            seeded = make_engine(url)
            try:
                with Session(seeded) as session:
                    seed(session)
                    session.commit()
            finally:
                seeded.dispose()
        return url

    return make


@pytest.fixture(scope="session")
def db_url(migrated_db: MigratedDb) -> str:
    """The migrated, demo-loaded database of the session on the engine under test."""
    return migrated_db("camreg_test")


@pytest.fixture(scope="session")
def demo_data() -> DemoDataset:
    """The deterministic demo dataset (generated once)."""
    return generate()


@pytest.fixture(scope="session")
def engine(db_url: str, demo_data: DemoDataset) -> Iterator[Engine]:
    """An engine on the session database, with the demo loaded once."""
    eng = make_engine(db_url)
    with Session(eng) as session:
        load_demo(session, demo_data)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        db = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield db
        finally:
            db.close()
            outer.rollback()


@pytest.fixture
def cli_uses_session(session: Session, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Session]:
    """``cli_uses_session("camera_registry.reports.cli", …)``: the test's session, in the CLI.

    Each named module's ``open_session`` then yields the test's (rolled back)
    session, so a command's writes vanish with the test.
    """

    @contextmanager
    def use_test_session(_settings: object) -> Iterator[Session]:
        yield session

    def patch(*modules: str) -> Session:
        for module in modules:
            monkeypatch.setattr(f"{module}.open_session", use_test_session)
        return session

    return patch


@pytest.fixture
def settings(db_url: str) -> Settings:
    """Settings for an app under test."""
    return Settings(database_url=db_url)


@pytest.fixture
def client(settings: Settings, engine: Engine, session: Session) -> Iterator[TestClient]:
    """A TestClient on the app, sharing the test's session (no credentials)."""
    app = create_app(settings, engine=engine)

    def share_session(request: Request) -> Session:
        request.state.session = session
        return session

    app.dependency_overrides[get_session] = share_session
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def as_role(client: TestClient, session: Session) -> Callable[..., TestClient]:
    """``as_role("planner")`` → the client, sending a key of a new user of that role."""

    def login(role: str, communes: tuple[str, ...] = ()) -> TestClient:
        client.headers["Authorization"] = f"Bearer {make_user_key(session, role, communes)}"
        return client

    return login


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files worth looking at (screenshots, reports)."""
    path = Path(os.environ.get("CAMREG_TEST_ARTIFACTS", "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def cam_thuy_commune(demo_data: DemoDataset) -> tuple[str, float, float]:
    """A legacy Cẩm Thủy commune and a point well inside it: ``(code, lon, lat)``."""
    unit = min(
        (u for u in demo_data.units if u.parent_code == "390" and u.level.value == "commune"),
        key=lambda u: u.code,
    )
    inner = unit.geometry.buffer(-0.002)
    point = (inner if not inner.is_empty else unit.geometry).representative_point()
    return unit.code, point.x, point.y

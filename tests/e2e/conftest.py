"""Fixtures of the browser tests: a live demo server per engine and recorded Chromium pages."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.e2e.browser import require_chromium
from tests.e2e.server import LiveServer, copy_postgis, copy_spatialite


@pytest.fixture(scope="session")
def live_server(
    engine_name: str,
    db_url: str,
    engine: Engine,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """camreg with the demo loaded and demo sign-in on, on 127.0.0.1 (a copy of the session DB)."""
    require_chromium()
    if engine_name == "spatialite":
        url = copy_spatialite(db_url, tmp_path_factory.mktemp("e2e") / "camreg.db")
    else:
        url = copy_postgis(request.getfixturevalue("pg_cluster"), db_url, engine, "camreg_e2e")
    with LiveServer(url) as server:
        yield server


def call(server: LiveServer, path: str, *, key: str | None = None, body: Any = None) -> Any:
    """A JSON call to the live server (loopback only)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(server.url + path, data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 — 127.0.0.1 only
        return json.load(response)


@pytest.fixture
def demo_key(live_server: LiveServer) -> Callable[[str], str]:
    """``demo_key("planner")`` → an API key of the demo user of that role."""

    def issue(role: str) -> str:
        answer = call(live_server, "/auth/demo-login", body={"role": role})
        return str(answer["api_key"])

    return issue


@pytest.fixture
def shots(artifacts_dir: Path, engine_name: str) -> Callable[[str], Path]:
    """Where a test's screenshot goes: ``<artifacts>/e2e/<name>-<engine>.png``."""
    (artifacts_dir / "e2e").mkdir(parents=True, exist_ok=True)
    return lambda name: artifacts_dir / "e2e" / f"{name}-{engine_name}.png"

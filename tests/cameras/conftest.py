"""Helpers for camera tests: register a camera through the API and read its ETag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.demo.records import DemoDataset
from tests.factories import camera_payload


@pytest.fixture
def login(as_role: Callable[..., TestClient], session: Session) -> Callable[..., TestClient]:
    """Like ``as_role``, but the new user is committed (inside the test's transaction).

    A refused request (401/403) rolls the request's session back to record the
    refusal; users that were only flushed would vanish with it.
    """

    def make(role: str, communes: tuple[str, ...] = ()) -> TestClient:
        client = as_role(role, communes)
        session.commit()
        return client

    return make


@pytest.fixture
def admin(login: Callable[..., TestClient]) -> TestClient:
    """The client acting as an administrator."""
    return login("admin")


@pytest.fixture
def register(cam_thuy_commune: tuple[str, float, float]) -> Callable[..., dict[str, Any]]:
    """``register(client, **overrides)`` → the new camera's Feature (at a Cẩm Thủy point)."""
    _, lon, lat = cam_thuy_commune

    def make(client: TestClient, **overrides: Any) -> dict[str, Any]:
        where = {"lon": overrides.pop("lon", lon), "lat": overrides.pop("lat", lat)}
        response = client.post("/cameras", json=camera_payload(**where, **overrides))
        assert response.status_code == 201, response.text
        return dict(response.json())

    return make


def etag_of(client: TestClient, code: str) -> str:
    """The ETag of a camera as GET returns it."""
    response = client.get(f"/cameras/{code}")
    assert response.status_code == 200, response.text
    return str(response.headers["etag"])


def commune_by_shapely(demo_data: DemoDataset, lon: float, lat: float, on: date) -> str | None:
    """The commune containing a point on a date, over every demo unit (independent of the DB)."""
    hits = sorted(
        u.code
        for u in demo_data.units
        if u.level.value == "commune"
        and (u.valid_from is None or u.valid_from <= on)
        and (u.valid_to is None or u.valid_to >= on)
        and u.geometry.contains(Point(lon, lat))
    )
    return hits[0] if hits else None


def other_commune_point(demo_data: DemoDataset, not_code: str) -> tuple[str, float, float]:
    """Another legacy Cẩm Thủy commune and a point well inside it."""
    unit = next(
        u
        for u in sorted(demo_data.units, key=lambda u: u.code)
        if u.parent_code == "390" and u.level.value == "commune" and u.code != not_code
    )
    inner = unit.geometry.buffer(-0.002)
    point = (inner if not inner.is_empty else unit.geometry).representative_point()
    return unit.code, point.x, point.y

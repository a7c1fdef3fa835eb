"""A small scene for incident tests: cameras around a point and an incident they saw.

Built through the API (cameras as an admin, the incident as an investigator)
on top of the demo data, inside the test's rolled-back transaction.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras.schemas import CameraCreate
from camera_registry.cameras.service import create_camera
from camera_registry.demo.records import DemoDataset
from camera_registry.vocab import Role
from tests.factories import MigratedDb, add_demo_unit, camera_payload

_serial = itertools.count(1)


def east_of(lon: float, lat: float, metres: float) -> tuple[float, float]:
    """A point ``metres`` due east (small distances)."""
    return lon + metres / (111_320 * math.cos(math.radians(lat))), lat


def new_hash() -> str:
    """A fresh SHA-256 hex digest."""
    return hashlib.sha256(f"clip-{next(_serial)}-{datetime.now(UTC)}".encode()).hexdigest()


def iso(moment: datetime) -> str:
    """ISO 8601 of an aware time."""
    return moment.isoformat()


@dataclass
class Scene:
    """Cameras around ``(lon, lat)`` and an incident at that point two hours ago."""

    client: TestClient
    case_code: str
    commune_code: str
    lon: float
    lat: float
    occurred_at: datetime
    household: str  # sees the point; privately held
    state: str  # sees the point; state-owned
    facing_away: str  # stands next to the point, looks the other way

    def evidence(self, camera: str, **overrides: Any) -> dict[str, Any]:
        """A valid evidence payload for a camera."""
        body: dict[str, Any] = {
            "camera_code": camera,
            "clip_start": iso(self.occurred_at - timedelta(minutes=5)),
            "clip_end": iso(self.occurred_at + timedelta(minutes=5)),
            "sha256": new_hash(),
            "size_bytes": 1_000_000,
            "storage_uri": "evidence://test/clip.mp4",
            "usefulness": "decisive",
        }
        body.update(overrides)
        return body

    def add_evidence(self, camera: str, **overrides: Any) -> dict[str, Any]:
        """Link a clip (201 expected) and return it."""
        response = self.client.post(
            f"/incidents/{self.case_code}/evidence", json=self.evidence(camera, **overrides)
        )
        assert response.status_code == 201, response.text
        return response.json()

    def request_footage(self, camera: str) -> dict[str, Any]:
        """Create a footage request for a camera (201 expected)."""
        response = self.client.post(
            f"/incidents/{self.case_code}/footage-requests",
            json={"camera_code": camera, "holder_contacted": "Chủ hộ, gọi 0900 012 345"},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def approved_request(self, camera: str) -> int:
        """A request for the camera's footage that the holder approved."""
        request_id = self.request_footage(camera)["id"]
        answer = self.client.post(
            f"/footage-requests/{request_id}/status", json={"status": "approved"}
        )
        assert answer.status_code == 200, answer.text
        return int(request_id)


def _register(client: TestClient, lon: float, lat: float, **overrides: Any) -> str:
    payload = camera_payload(lon, lat, **overrides)
    response = client.post("/cameras", json=payload)
    assert response.status_code == 201, response.text
    return str(payload["code"])


@pytest.fixture
def scene(as_role: Callable[..., TestClient], cam_thuy_commune) -> Scene:
    """Three cameras at a Cẩm Thủy point and an incident 30 m east of them."""
    _, lon, lat = cam_thuy_commune
    admin = as_role("admin")
    household = _register(admin, lon, lat, direction_deg=90, ownership="household")
    state = _register(admin, lon, lat, direction_deg=90, ownership="state", retention_days=30)
    away = _register(admin, lon, lat, direction_deg=270, ownership="state")
    ilon, ilat = east_of(lon, lat, 30)
    occurred = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    client = as_role("investigator")
    case_code = f"VV-TEST-{next(_serial):05d}"
    response = client.post(
        "/incidents",
        json={
            "case_code": case_code,
            "type": "property_theft",
            "occurred_at": iso(occurred),
            "lon": ilon,
            "lat": ilat,
            "address": "Chợ thử nghiệm",
            "description": "Mất trộm xe máy trước cổng chợ (bí mật điều tra)",
            "status": "investigating",
        },
    )
    assert response.status_code == 201, response.text
    commune = response.json()["properties"]["commune_code"]
    return Scene(client, case_code, commune, ilon, ilat, occurred, household, state, away)


@pytest.fixture
def small_db(
    migrated_db: MigratedDb, demo_data: DemoDataset, cam_thuy_commune
) -> tuple[str, str, float, float]:
    """A fresh, committed database: one commune, one state camera looking east.

    Returns ``(url, camera code, lon, lat)`` of a point 25 m east of the camera.
    For tests whose work must be committed (CLI, concurrent writers).
    """
    code, lon, lat = cam_thuy_commune
    unit = next(u for u in demo_data.units if u.code == code and u.valid_to is not None)
    payload = camera_payload(lon, lat, ownership="state", installed_on="2023-03-01")
    admin = Principal(user_id=0, username="setup", role=Role.ADMIN)

    def one_commune_one_camera(session: Session) -> None:
        add_demo_unit(session, unit)
        create_camera(session, data=CameraCreate(**payload), actor=admin)

    url = migrated_db("camreg_incidents_small", seed=one_commune_one_camera)
    ilon, ilat = east_of(lon, lat, 25)
    return url, str(payload["code"]), ilon, ilat

"""Helpers for lookup tests: cameras inserted straight into the test's transaction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from tests.factories import make_camera

#: An area with no demo camera (central Vietnam coast), for random camera sets.
EMPTY_CENTRE = (106.60, 16.40)

_serial = itertools.count(1)


@dataclass(frozen=True)
class CameraSpec:
    """A camera to insert: position and view numbers."""

    lon: float
    lat: float
    direction_deg: float
    fov_deg: float
    range_m: float


def insert_camera(session: Session, spec: CameraSpec, **extra: Any) -> Camera:
    """Insert one camera (no commune: it stands outside the demo units) and flush."""
    return make_camera(
        session,
        f"LK-{next(_serial):06d}",
        Point(spec.lon, spec.lat),
        direction_deg=spec.direction_deg,
        fov_deg=spec.fov_deg,
        range_m=spec.range_m,
        outside_commune=True,
        **extra,
    )


def add_status(session: Session, camera: Camera, *changes: tuple[str, object]) -> None:
    """Append status events ``(status, effective_at)`` to a camera."""
    session.add_all(
        CameraStatusEvent(camera_id=camera.id, status=status, effective_at=at)
        for status, at in changes
    )
    session.flush()

"""Helpers for lookup tests: cameras inserted straight into the test's transaction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.geoconv import to_db
from geo import view_sector

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


def insert_camera(session: Session, spec: CameraSpec, **extra: object) -> Camera:
    """Insert one camera (no commune: it stands outside the demo units) and flush."""
    sector = view_sector(spec.lon, spec.lat, spec.direction_deg, spec.fov_deg, spec.range_m)
    camera = Camera(
        code=f"LK-{next(_serial):06d}",
        geom=to_db(Point(spec.lon, spec.lat)),
        direction_deg=spec.direction_deg,
        fov_deg=spec.fov_deg,
        range_m=spec.range_m,
        ownership="household",
        view_geom=to_db(sector),
        outside_commune=True,
        **extra,
    )
    session.add(camera)
    session.flush()
    return camera


def add_status(session: Session, camera: Camera, *changes: tuple[str, object]) -> None:
    """Append status events ``(status, effective_at)`` to a camera."""
    session.add_all(
        CameraStatusEvent(camera_id=camera.id, status=status, effective_at=at)
        for status, at in changes
    )
    session.flush()

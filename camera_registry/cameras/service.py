"""Camera writes: validation against geometry and units, view sector, history, audit.

Registering and updating share one set of rules (``placement``): the commune
comes from the point (or, where no boundary is loaded yet, from the commune the
request names), a given commune that disagrees is a 422, a commune
officer writes only inside their communes, and the view sector is recomputed
whenever position, direction, field of view or range change.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras import queries
from camera_registry.cameras.concurrency import guarded_write
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.cameras.placement import (
    Placement,
    place,
    position_for,
    sector_for,
    site_for,
)
from camera_registry.cameras.schemas import CameraCreate
from camera_registry.db import now_utc
from camera_registry.errors import Conflict
from camera_registry.timeutil import LOCAL_TZ, today_local
from camera_registry.vocab import CameraStatus


def audit_camera(session: Session, actor: Principal, action: str, code: str, detail: Any) -> None:
    """Append an audit row about one camera (``detail`` as JSON, when there is any)."""
    audit.record_for(
        session,
        actor,
        action,
        object_type="camera",
        object_id=code,
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
    )


def apply_placement(camera: Camera, spot: Placement) -> None:
    """Set a camera's position, commune (and its basis) and outside-commune flag."""
    camera.geom = spot.point()
    camera.commune_id = spot.commune.id if spot.commune else None
    camera.commune_basis = spot.basis.value
    camera.outside_commune = spot.outside_commune


def registration_time(installed_on: Any) -> datetime:
    """When a camera's history starts: midnight (local) of its installation, else now."""
    if installed_on is None:
        return now_utc()
    return datetime.combine(installed_on, time(), LOCAL_TZ)


def new_camera(data: CameraCreate, spot: Placement, site_id: int | None, source: str) -> Camera:
    """The row of a camera about to be registered (commune, view and provenance set)."""
    fields = data.model_dump(
        exclude={"code", "lon", "lat", "commune_code", "site_code", "allow_outside_commune"},
        mode="json",
    )
    camera = Camera(code=data.code, site_id=site_id, **fields)
    camera.installed_on, camera.last_verified_on = data.installed_on, data.last_verified_on
    camera.view_geom = sector_for(
        spot.lon, spot.lat, data.direction_deg, data.fov_deg, data.range_m
    )
    camera.source = source
    if data.status == CameraStatus.DECOMMISSIONED:
        camera.decommissioned_on = registration_time(data.installed_on).astimezone(LOCAL_TZ).date()
    apply_placement(camera, spot)
    return camera


def create_camera(
    session: Session, *, data: CameraCreate, actor: Principal, source: str | None = None
) -> Camera:
    """Register a camera; the commune comes from the point, checked against the unit table."""
    site = site_for(session, data.site_code) if data.site_code else None
    lon, lat = position_for(data.lon, data.lat, site)
    sector_for(lon, lat, data.direction_deg, data.fov_deg, data.range_m)  # 422 before any lookup
    spot = place(
        session,
        lon=lon,
        lat=lat,
        on=data.installed_on or today_local(),
        commune_code=data.commune_code,
        allow_outside=data.allow_outside_commune,
        actor=actor,
    )
    if queries.code_exists(session, code=data.code):
        raise Conflict(f"A camera with code {data.code!r} already exists.")
    camera = new_camera(data, spot, site.id if site else None, source or f"api:{actor.username}")
    with guarded_write(session, what=f"Camera {data.code}"):
        session.add(camera)
        session.flush()
        session.add(
            CameraStatusEvent(
                camera_id=camera.id,
                status=data.status.value,
                effective_at=registration_time(data.installed_on),
                reason="registered",
                recorded_by=actor.username,
            )
        )
        session.flush()
        audit_camera(session, actor, "camera.create", data.code, None)
    return camera

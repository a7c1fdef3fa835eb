"""Camera writes: validation against geometry and units, view sector, history, audit."""

from __future__ import annotations

from datetime import UTC, datetime, time

from geoalchemy2.elements import WKBElement
from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.admin_units import queries as units
from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras import queries
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.cameras.schemas import CameraCreate
from camera_registry.errors import Conflict, Forbidden, InvalidInput
from camera_registry.geoconv import to_db
from camera_registry.timeutil import LOCAL_TZ, today_local
from camera_registry.vocab import Role
from geo import GeometryInputError, view_sector


def sector_for(lon: float, lat: float, direction: float, fov: float, range_m: float) -> WKBElement:
    """The database value of a camera's view sector; bad numbers become 422s."""
    try:
        return to_db(view_sector(lon, lat, direction, fov, range_m))
    except GeometryInputError as exc:
        raise InvalidInput(exc.field, exc.reason) from None


def create_camera(session: Session, *, data: CameraCreate, actor: Principal) -> Camera:
    """Register a camera; the commune comes from the point, checked against the unit table."""
    view = sector_for(data.lon, data.lat, data.direction_deg, data.fov_deg, data.range_m)
    on = data.installed_on or today_local()
    commune = units.commune_containing(session, lon=data.lon, lat=data.lat, on=on)
    if commune is None:
        reason = f"({data.lon}, {data.lat}) lies outside every commune in force on {on:%d/%m/%Y}"
        raise InvalidInput("lon", reason).with_field("lat", reason)
    if data.commune_code is not None and data.commune_code != commune.code:
        raise InvalidInput(
            "commune_code",
            f"the point lies in commune {commune.code} ({commune.name}), not {data.commune_code}",
        )
    if actor.role == Role.COMMUNE_OFFICER and commune.code not in actor.commune_codes:
        raise Forbidden(f"You may register cameras only in your communes, not in {commune.code}.")
    if queries.code_exists(session, code=data.code):
        raise Conflict(f"A camera with code {data.code!r} already exists.")
    camera = Camera(
        code=data.code,
        geom=to_db(Point(data.lon, data.lat)),
        commune_id=commune.id,
        view_geom=view,
        **data.model_dump(exclude={"code", "lon", "lat", "commune_code"}, mode="json"),
    )
    camera.installed_on = data.installed_on
    session.add(camera)
    session.flush()
    since = (
        datetime.combine(data.installed_on, time(), LOCAL_TZ).astimezone(UTC)
        if data.installed_on
        else datetime.now(UTC)
    )
    session.add(
        CameraStatusEvent(
            camera_id=camera.id,
            status=data.status.value,
            effective_at=since,
            reason="registered",
            recorded_by=actor.username,
        )
    )
    audit.record(
        session,
        action="camera.create",
        actor=actor.username,
        role=actor.role.value,
        object_type="camera",
        object_id=data.code,
    )
    session.commit()
    return camera

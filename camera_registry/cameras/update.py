"""Updating a camera (PATCH): the same rules as registering, on the merged state.

The body is a JSON merge patch: fields sent change, null clears a nullable
field.  The new state is checked as a whole — position against communes and
the camera's site, dates against its history — and the view sector is
recomputed when position, direction, field of view or range change.  The
write is guarded by the camera's version (If-Match), so it never overwrites a
change it has not seen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.auth import Principal
from camera_registry.cameras import history, queries
from camera_registry.cameras.concurrency import guarded_write
from camera_registry.cameras.models import Camera, CameraSite, CameraStatusEvent
from camera_registry.cameras.placement import (
    Placement,
    check_near_site,
    place,
    position_for,
    sector_for,
    site_for,
    writable_camera,
)
from camera_registry.cameras.schemas import GEOMETRY_FIELDS, CameraUpdate
from camera_registry.cameras.service import apply_placement, audit_camera, registration_time
from camera_registry.errors import Conflict, InvalidInput
from camera_registry.geoconv import from_db
from camera_registry.timeutil import LOCAL_TZ, today_local
from camera_registry.vocab import CommuneBasis

#: Fields of the update body copied onto the camera as they are.
PLAIN_FIELDS = (
    "code",
    "direction_deg",
    "fov_deg",
    "range_m",
    "height_m",
    "kind",
    "ownership",
    "owner_name",
    "owner_contact",
    "programme",
    "address",
    "installed_on",
    "last_verified_on",
    "retention_days",
    "connected_to_centre",
)
#: Fields whose values the audit trail does not repeat (restricted data).
HOLDER_FIELDS = frozenset({"owner_name", "owner_contact"})
#: Fields whose change means the commune must be derived again.
PLACEMENT_FIELDS = frozenset(
    {"lon", "lat", "installed_on", "commune_code", "site_code", "allow_outside_commune"}
)


def _history_start(
    session: Session, camera: Camera, installed_on: date | None
) -> CameraStatusEvent | None:
    """Check a new ``installed_on`` against the history; return the registration event to move.

    The registration event follows the installation date; every other event
    must still come after it.
    """
    if installed_on is None:
        return None
    if camera.decommissioned_on is not None and installed_on > camera.decommissioned_on:
        raise InvalidInput(
            "installed_on",
            f"must not be after decommissioning ({camera.decommissioned_on:%d/%m/%Y})",
        )
    events = history.events_of(session, camera_id=camera.id)
    registered = events[0] if events and events[0].reason == "registered" else None
    later = events[1:] if registered is not None else events
    if any(e.effective_at < registration_time(installed_on) for e in later):
        first = min(e.effective_at for e in later).astimezone(LOCAL_TZ)
        raise InvalidInput(
            "installed_on",
            f"must not be after the first recorded status change ({first:%d/%m/%Y})",
        )
    return registered


def _new_site(session: Session, camera: Camera, changes: dict[str, Any]) -> CameraSite | None:
    if "site_code" in changes:
        code = changes["site_code"]
        return site_for(session, code) if code else None
    return session.get(CameraSite, camera.site_id) if camera.site_id else None


def _given_code(session: Session, camera: Camera) -> str | None:
    """The commune a camera was given (no boundary loaded): it stands until the patch says
    otherwise, so moving such a camera keeps its commune while none contains it."""
    if camera.commune_basis != CommuneBasis.GIVEN.value or camera.commune_id is None:
        return None
    unit = session.get(AdminUnit, camera.commune_id)
    return unit.code if unit is not None else None


def _placement(
    session: Session, camera: Camera, changes: dict[str, Any], actor: Principal
) -> tuple[Placement, CameraSite | None] | None:
    """The new placement and site, or None when nothing that places the camera changed."""
    if not PLACEMENT_FIELDS & changes.keys():
        return None
    site = _new_site(session, camera, changes)
    here = from_db(camera.geom)
    moved = "lon" in changes or "lat" in changes
    lon, lat = position_for(
        changes.get("lon", here.x), changes.get("lat", here.y), site if moved else None
    )
    if site is not None:
        if "site_code" in changes and not moved:
            check_near_site("site_code", camera.code, here.x, here.y, site)
        lon, lat = position_for(None, None, site)
    spot = place(
        session,
        lon=lon,
        lat=lat,
        on=changes.get("installed_on", camera.installed_on) or today_local(),
        commune_code=changes.get("commune_code"),
        allow_outside=changes.get("allow_outside_commune", camera.outside_commune),
        actor=actor,
        given_before=None if "commune_code" in changes else _given_code(session, camera),
    )
    return spot, site


def _diff(camera: Camera, changes: dict[str, Any]) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for name in PLAIN_FIELDS:
        if name in changes and changes[name] != getattr(camera, name):
            old, new = getattr(camera, name), changes[name]
            detail[name] = "changed" if name in HOLDER_FIELDS else [old, new]
    return detail


def _apply(
    session: Session, camera: Camera, changes: dict[str, Any], actor: Principal
) -> dict[str, Any]:
    """Check the merged state as a whole, then apply it to ``camera``; return the audit detail.

    Nothing is changed until every check has passed.
    """
    if "code" in changes and changes["code"] != camera.code:
        if queries.code_exists(session, code=changes["code"]):
            raise Conflict(f"A camera with code {changes['code']!r} already exists.")
    registered = _history_start(session, camera, changes.get("installed_on"))
    placed = _placement(session, camera, changes, actor)
    here = from_db(camera.geom)
    lon, lat = (placed[0].lon, placed[0].lat) if placed else (here.x, here.y)
    view = None
    if placed is not None or GEOMETRY_FIELDS & changes.keys():
        numbers = [
            changes.get(n, getattr(camera, n)) for n in ("direction_deg", "fov_deg", "range_m")
        ]
        view = sector_for(lon, lat, *numbers)
    detail = _diff(camera, changes)
    for name in PLAIN_FIELDS:
        if name in changes:
            setattr(camera, name, changes[name])
    if registered is not None:
        registered.effective_at = registration_time(changes["installed_on"])
    if placed is not None:
        apply_placement(camera, placed[0])
        camera.site_id = placed[1].id if placed[1] else None
        if (here.x, here.y) != (lon, lat):
            detail["position"] = [[here.x, here.y], [lon, lat]]
        if "site_code" in changes:
            detail["site_code"] = changes["site_code"]
    if view is not None:
        camera.view_geom = view
    return detail


def update_camera(
    session: Session,
    *,
    code: str,
    patch: CameraUpdate,
    actor: Principal,
    accepted: frozenset[int] | None,
) -> Camera:
    """Apply a merge patch to a camera whose version is one of ``accepted`` (else 412)."""
    camera = writable_camera(
        session, code=code, actor=actor, doing="edit cameras", accepted=accepted
    )
    changes = patch.model_dump(exclude_unset=True, exclude={"status", "decommissioned_on"})
    camera_id, start = camera.id, camera.version
    with guarded_write(
        session,
        what=f"Camera {code}",
        expected=start,
        reread=lambda: queries.current_version(session, camera_id=camera_id),
    ):
        detail = _apply(session, camera, changes, actor)
        session.flush()
        if detail or camera.version != start:
            audit_camera(session, actor, "camera.update", camera.code, detail or None)
    return camera

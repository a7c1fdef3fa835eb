"""Turning camera rows into GeoJSON, plain JSON and CSV rows for a given caller.

Every output goes through ``camera_properties``, the one place that decides
whether the holder's name and contact are included (admin, investigator, and a
commune officer of the camera's own commune).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from camera_registry.auth import Principal
from camera_registry.cameras.models import CameraStatusEvent
from camera_registry.cameras.queries import CameraRow
from camera_registry.cameras.schemas import CameraProperties, CameraPropertiesWithHolder, feature
from camera_registry.geoconv import from_db, geojson_geometry
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import CameraStatus, label

_DERIVED = frozenset({"commune_code", "commune_name", "site_code"})


def camera_properties(row: CameraRow, user: Principal) -> CameraProperties:
    """The properties of a camera this caller may read."""
    cam = row.camera
    fields = {
        name: getattr(cam, name) for name in CameraProperties.model_fields if name not in _DERIVED
    }
    fields.update(
        commune_code=row.commune_code, commune_name=row.commune_name, site_code=row.site_code
    )
    if user.may_see_holder(row.commune_code):
        return CameraPropertiesWithHolder(
            **fields, owner_name=cam.owner_name, owner_contact=cam.owner_contact
        )
    return CameraProperties(**fields)


def shows_holder(row: CameraRow, user: Principal) -> bool:
    """Whether this caller's view of the camera carries a recorded holder name or contact."""
    cam = row.camera
    return bool(cam.owner_name or cam.owner_contact) and user.may_see_holder(row.commune_code)


def camera_feature(row: CameraRow, user: Principal, geometry: str) -> dict[str, Any]:
    """A camera as a Feature: its point, or its view sector with ``geometry="view"``."""
    cam = row.camera
    geom = geojson_geometry(cam.view_geom if geometry == "view" else cam.geom)
    return feature(geom, camera_properties(row, user), cam.code)


def camera_record(row: CameraRow, user: Principal, mode: str = "json") -> dict[str, Any]:
    """A camera as a flat object: its properties with ``lon`` and ``lat``."""
    point = from_db(row.camera.geom)
    props = camera_properties(row, user).model_dump(mode=mode)
    return {"code": props.pop("code"), "lon": round(point.x, 7), "lat": round(point.y, 7), **props}


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def event_record(event: CameraStatusEvent) -> dict[str, Any]:
    """A status event as JSON, with Vietnamese/English labels and local time."""
    status = CameraStatus(event.status)
    return {
        "status": status.value,
        "status_label": label(status),
        "status_label_en": label(status, "en"),
        "effective_at": event.effective_at.isoformat(),
        "effective_at_local": _local(event.effective_at),
        "reason": event.reason,
        "recorded_by": event.recorded_by,
        "recorded_at": event.recorded_at.isoformat(),
    }


def status_answer(
    code: str, at: datetime, status: CameraStatus | None, event: CameraStatusEvent | None
) -> dict[str, Any]:
    """The answer to "was camera ``code`` working at ``at``?"."""
    return {
        "code": code,
        "at": at.isoformat(),
        "at_local": _local(at),
        "status": status.value if status else None,
        "status_label": label(status) if status else "Chưa đăng ký / not registered yet",
        "working": status == CameraStatus.ACTIVE,
        "since": event.effective_at.isoformat() if event else None,
        "since_local": _local(event.effective_at) if event else None,
        "reason": event.reason if event else None,
    }

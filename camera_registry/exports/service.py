"""Exporting the cameras a filter matches, in a format, for one caller (audited)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras.queries import CameraFilter
from camera_registry.errors import InvalidInput
from camera_registry.exports.records import camera_records, columns_for
from camera_registry.exports.writers import EXPORT_FORMATS, MEDIA_TYPES, WRITERS


@dataclass(frozen=True)
class Export:
    """An export file: its bytes, media type, suggested name and row count."""

    content: bytes
    media_type: str
    filename: str
    count: int


def export_cameras(session: Session, *, flt: CameraFilter, user: Principal, fmt: str) -> Export:
    """Write the matching cameras; holder columns only for roles that may see holders."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(EXPORT_FORMATS)}")
    columns = columns_for(user)
    records = list(camera_records(session, flt=flt, user=user))
    content = WRITERS[fmt](records, columns)
    audit.record_for(
        session,
        user,
        "camera.export",
        object_type="export",
        object_id=fmt,
        detail=json.dumps({"count": len(records), "holder_columns": "owner_name" in columns}),
    )
    session.commit()
    return Export(content, MEDIA_TYPES[fmt], f"cameras.{fmt}", len(records))

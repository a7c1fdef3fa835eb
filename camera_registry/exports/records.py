"""The rows of an export: every camera a filter matches, as flat records a caller may read.

Holder name and contact go through ``cameras.presenters.camera_properties`` —
the one place that decides who sees them (admin, investigator, a commune
officer in their own communes) — and their columns exist only for roles that
can ever see holders.  Positions are exact (not rounded), so that an export
imports back to the very same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import HOLDER_ROLES, Principal
from camera_registry.cameras import queries
from camera_registry.cameras.presenters import camera_properties
from camera_registry.cameras.queries import CameraFilter
from camera_registry.geoconv import from_db
from camera_registry.vocab import Role

#: Export columns in order; the holder pair follows ``ownership`` for roles that may see it.
COLUMNS: tuple[str, ...] = (
    "code", "lon", "lat", "commune_code", "commune_name", "commune_basis", "address",
    "direction_deg", "fov_deg",
    "range_m", "height_m", "kind", "ownership", "programme", "installed_on", "status",
    "retention_days", "connected_to_centre", "last_verified_on", "external_id", "attribution",
    "source", "imported_at", "version",
)  # fmt: skip
HOLDER = ("owner_name", "owner_contact")
PAGE = 5000


def columns_for(user: Principal) -> tuple[str, ...]:
    """The columns a caller gets: holder columns only for roles that may ever see holders."""
    if user.role in HOLDER_ROLES or user.role == Role.COMMUNE_OFFICER:
        at = COLUMNS.index("ownership") + 1
        return COLUMNS[:at] + HOLDER + COLUMNS[at:]
    return COLUMNS


def camera_records(
    session: Session, *, flt: CameraFilter, user: Principal
) -> Iterator[dict[str, Any]]:
    """Every matching camera as a record (python values), page by page, by code."""
    offset = 0
    while True:
        _, rows = queries.list_cameras(session, flt=flt, limit=PAGE, offset=offset)
        for row in rows:
            point = from_db(row.camera.geom)
            props = camera_properties(row, user).model_dump(mode="python")
            yield {**props, "lon": point.x, "lat": point.y}
        if len(rows) < PAGE:
            return
        offset += PAGE

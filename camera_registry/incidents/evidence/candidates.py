"""Evidence candidates: the cameras whose footage of an incident should exist.

A candidate saw the incident point (its view contains it), was working at the
incident's time, and its retention has not run out: the footage must be
requested before ``request_deadline``.  The work is the lookup's
(``camera_registry.lookup.service.cameras_for_point``), not a second
implementation; for a time window the start is used (working then, and the
earliest footage is overwritten first).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.geoconv import from_db
from camera_registry.incidents.models import Incident
from camera_registry.incidents.requests.vocab import PRIVATE_OWNERSHIPS
from camera_registry.lookup.service import CameraHit, cameras_for_point
from camera_registry.timeparse import local_iso, local_text


def candidates(
    session: Session, *, incident: Incident, now: datetime | None = None
) -> list[CameraHit]:
    """The cameras that saw the incident, were working, and should still hold footage."""
    point = from_db(incident.geom)
    hits = cameras_for_point(session, lon=point.x, lat=point.y, at=incident.occurred_at, now=now)
    return [h for h in hits if h.sees and h.working and h.footage_retained]


def candidate_body(hit: CameraHit, user: Principal, ownership: str | None) -> dict[str, Any]:
    """A candidate for the caller: the holder only for roles allowed to see it."""
    body: dict[str, Any] = {
        "camera_code": hit.code,
        "distance_m": hit.distance_m,
        "bearing_deg": hit.bearing_deg,
        "status_at": hit.status_at.value if hit.status_at else None,
        "retention_days": hit.retention_days,
        "request_deadline": local_iso(hit.request_deadline),
        "request_deadline_local": local_text(hit.request_deadline),
        "programme": hit.programme,
        "connected_to_centre": hit.connected_to_centre,
        "commune_code": hit.commune_code,
        "ownership": ownership,
        "needs_request": ownership in PRIVATE_OWNERSHIPS,
    }
    if user.may_see_holder(hit.commune_code):
        body.update(owner_name=hit.owner_name, owner_contact=hit.owner_contact)
    return body


def shows_holder(body: dict[str, Any]) -> bool:
    """Whether a candidate body carries its camera's holder name or contact."""
    return bool(body.get("owner_name") or body.get("owner_contact"))

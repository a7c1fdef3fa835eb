"""Which cameras see a point (or an area), and what they can tell about a moment.

This is the lookup's public API, shared with the incidents domain (evidence
candidates).  Neither function writes or commits: auditing is the caller's job
(see ``camera_registry.lookup.audited``).

For a point: cameras whose view contains the point ("sees it") come first, by
distance, then cameras standing within ``radius_m`` that do not see it, by
distance.  Distances and bearings are geodesic on WGS84, from the camera to the
point.  For an area (a commune polygon when that is all an address gives): every
camera whose view intersects it, by distance from the area's reference point.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

import numpy as np
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.db import now_utc
from camera_registry.errors import InvalidInput
from camera_registry.lookup import queries
from camera_registry.lookup.queries import CandidateRow
from camera_registry.vocab import CameraStatus
from geo import GeometryInputError
from geo.measure import distances_and_bearings, radius_bbox

DEFAULT_RADIUS_M = 300.0


class CameraHit(NamedTuple):
    """One camera near or at the point, and what it means for the moment asked.

    A named tuple: a lookup in a town centre builds hundreds of these per request.
    """

    camera_id: int
    code: str
    sees: bool
    distance_m: float  # from the camera to the point (or the area's reference point)
    bearing_deg: float  # from the camera to the point, degrees clockwise from north
    status_at: CameraStatus | None  # None when no time was asked or before installation
    working: bool | None  # None when no time was asked
    retention_days: int | None
    footage_retained: bool | None  # at + retention_days ≥ now; None without a time
    request_deadline: datetime | None  # at + retention_days: ask for the footage before this
    programme: str | None
    connected_to_centre: bool
    commune_code: str | None
    owner_name: str | None  # raw: callers filter by role (Principal.may_see_holder)
    owner_contact: str | None
    lon: float  # the camera's position (WGS84)
    lat: float


def _check_time(at: datetime | None, now: datetime | None) -> datetime:
    if at is not None and at.tzinfo is None:
        raise InvalidInput("at", "must carry a time zone")
    if now is not None and now.tzinfo is None:
        raise InvalidInput("now", "must carry a time zone")
    return now or now_utc()


#: A status as stored, as the enum (a dict lookup: far cheaper than calling the enum).
_STATUSES: dict[str | None, CameraStatus | None] = {s.value: s for s in CameraStatus}


#: A footage deadline and whether the footage is still kept then (``None``: nothing to tell).
_Deadline = tuple[datetime | None, bool | None]


class _Moment:
    """What a moment means for a camera: its status, and its footage's deadline by retention."""

    def __init__(self, at: datetime | None, now: datetime) -> None:
        self.at, self.now = at, now
        self._deadlines: dict[int | None, _Deadline] = {None: (None, None)}

    def deadline(self, retention_days: int | None) -> _Deadline:
        found = self._deadlines.get(retention_days)
        if found is None:
            if self.at is None:
                found = (None, None)
            else:
                deadline = self.at + timedelta(days=retention_days or 0)
                found = (deadline, deadline >= self.now)
            self._deadlines[retention_days] = found
        return found

    def hit(self, row: CandidateRow, distance: float, bearing: float) -> CameraHit:
        """The hit of one candidate, ``distance`` (m) and ``bearing`` (°) already rounded."""
        status = _STATUSES.get(row.status_at)
        deadline, retained = self.deadline(row.retention_days)
        # positional, in CameraHit's field order (a lookup builds hundreds per request)
        return CameraHit(
            row.camera_id,
            row.code,
            row.sees,
            distance,
            bearing,
            status,
            None if self.at is None else status is CameraStatus.ACTIVE,
            row.retention_days,
            retained,
            deadline,
            row.programme,
            row.connected_to_centre,
            row.commune_code,
            row.owner_name,
            row.owner_contact,
            row.lon,
            row.lat,
        )


def _hits(
    rows: Sequence[CandidateRow],
    ref: tuple[float, float],
    at: datetime | None,
    now: datetime,
    *,
    radius_m: float | None = None,
) -> list[CameraHit]:
    """Hits from candidate rows that carry their status at ``at`` (see ``queries``).

    With ``radius_m``, a row that does not see ``ref`` is kept only within that
    distance of it.
    """
    distances, bearings = distances_and_bearings(
        [r.lon for r in rows], [r.lat for r in rows], ref[0], ref[1]
    )
    moment = _Moment(at, now)
    metres, degrees = np.round(distances, 2).tolist(), np.round(bearings, 1).tolist()
    far = np.inf if radius_m is None else radius_m
    hits = [
        moment.hit(row, distance, bearing)
        for row, exact, distance, bearing in zip(
            rows, distances.tolist(), metres, degrees, strict=True
        )
        if row.sees or exact <= far
    ]
    hits.sort(key=lambda h: (not h.sees, h.distance_m, h.code))
    return hits


def cameras_for_point(
    session: Session,
    *,
    lon: float,
    lat: float,
    at: datetime | None = None,
    radius_m: float = DEFAULT_RADIUS_M,
    now: datetime | None = None,
) -> list[CameraHit]:
    """Cameras that see the point, then the others standing within ``radius_m``, by distance.

    Raises ``InvalidInput`` (field ``lon``, ``lat``, ``radius_m`` or ``at``) for
    values out of their domain.
    """
    moment = _check_time(at, now)
    try:
        bbox = radius_bbox(lon, lat, radius_m)
    except GeometryInputError as exc:
        raise InvalidInput(exc.field, exc.reason) from None
    rows = queries.point_candidates(session, lon=lon, lat=lat, bbox=bbox, at=at)
    return _hits(rows, (lon, lat), at, moment, radius_m=radius_m)


def cameras_for_area(
    session: Session,
    *,
    geometry: BaseGeometry,
    at: datetime | None = None,
    now: datetime | None = None,
) -> list[CameraHit]:
    """Every camera whose view intersects ``geometry`` (commune precision: imprecise).

    ``sees`` is True for all of them; distance and bearing are to the area's
    representative point (a point inside it, near its middle).
    """
    moment = _check_time(at, now)
    if geometry.is_empty or not geometry.is_valid:
        raise InvalidInput("geometry", "must be a valid, non-empty area")
    rows = queries.area_candidates(session, geometry=geometry, at=at)
    ref = geometry.representative_point()
    return _hits(rows, (ref.x, ref.y), at, moment)

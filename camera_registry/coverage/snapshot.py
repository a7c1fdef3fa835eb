"""What the registry knows about one area on one date, and the figures drawn from it.

A :class:`Snapshot` is loaded once per request (cameras with their status at
the end of the date, the union of the active views, the period's incidents
with their severity and whether a working camera saw them, the roads) and
then measured over the unit and over each child unit with ``geo/``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.coverage import queries, unions
from camera_registry.coverage.params import Period, end_of_day
from camera_registry.coverage.queries import CameraState, IncidentPoint
from camera_registry.vocab import CameraStatus
from geo.coverage import FloatArray, area_km2, clip, length_m, points_in, share


@dataclass(frozen=True)
class Snapshot:
    """Cameras, active views, incidents and roads around an area on a date."""

    cameras: list[CameraState]
    cam_lon: FloatArray
    cam_lat: FloatArray
    union: MultiPolygon
    incidents: list[IncidentPoint]
    inc_lon: FloatArray
    inc_lat: FloatArray
    inc_weight: FloatArray
    roads: list[BaseGeometry] | None

    def active_positions(self) -> tuple[FloatArray, FloatArray]:
        """Positions of the cameras active on the date."""
        mask = np.array([c.status == CameraStatus.ACTIVE.value for c in self.cameras], dtype=bool)
        return self.cam_lon[mask], self.cam_lat[mask]


@dataclass(frozen=True)
class Figures:
    """Coverage figures of one area (a unit or a child unit)."""

    area_km2: float
    population: int | None
    cameras_by_status: dict[str, int]
    cameras_total: int
    cameras_active: int
    covered_km2: float
    incidents_total: int
    incidents_in_view: int
    incident_weight_total: float
    incident_weight_in_view: float
    roads_km: float | None
    roads_in_view_km: float | None

    @property
    def covered_share(self) -> float | None:
        """Share of the area inside at least one active view."""
        return share(self.covered_km2, self.area_km2)

    @property
    def incidents_in_view_share(self) -> float | None:
        """Share of the period's incidents that a working camera saw."""
        return share(self.incidents_in_view, self.incidents_total)

    @property
    def roads_in_view_share(self) -> float | None:
        """Share of the road length inside an active view (None without roads)."""
        return None if self.roads_km is None else share(self.roads_in_view_km or 0.0, self.roads_km)

    def per_km2(self, count: int) -> float | None:
        """A camera count per km² of the area."""
        return share(count, self.area_km2)

    def per_1000(self, count: int) -> float | None:
        """A camera count per 1,000 residents, when the population is known."""
        if not self.population:
            return None
        return count * 1000.0 / self.population


def _xy(points: list[CameraState] | list[IncidentPoint]) -> tuple[FloatArray, FloatArray]:
    return (
        np.array([p.lon for p in points], dtype=float),
        np.array([p.lat for p in points], dtype=float),
    )


def load(
    session: Session,
    *,
    area: BaseGeometry,
    on: date,
    period: Period | None,
    weights: Mapping[str, float],
    roads: bool = True,
) -> Snapshot:
    """Load what is needed to measure ``area`` (and any part of it) on a date.

    Cameras are taken with their status at the end of ``on``; ``period`` (if
    given) selects incidents; roads are loaded when a roads layer exists.  An
    empty ``area`` (a unit none of whose boundaries is loaded) holds nothing.
    """
    bbox = area.bounds
    cameras: list[CameraState] = []
    if not area.is_empty:
        cameras = queries.camera_states(session, at=end_of_day(on), bbox=bbox)
    views = [c.view_wkb for c in cameras if c.status == CameraStatus.ACTIVE.value]
    union = unions.union_of(views)
    incidents: list[IncidentPoint] = []
    if period is not None and not area.is_empty:
        incidents = queries.incidents_between(
            session, start=period.start_utc, end=period.end_utc, bbox=bbox
        )
    weight = np.array([weights.get(i.type, 1.0) for i in incidents], dtype=float)
    lines = None
    if roads and not area.is_empty and queries.road_count(session):
        lines = list(shapely.from_wkb([w for _, _, w in queries.roads_in(session, bbox=bbox)]))
    cam_lon, cam_lat = _xy(cameras)
    inc_lon, inc_lat = _xy(incidents)
    return Snapshot(cameras, cam_lon, cam_lat, union, incidents, inc_lon, inc_lat, weight, lines)


def _road_lengths(snap: Snapshot, area: BaseGeometry, covered: BaseGeometry) -> tuple[float, float]:
    assert snap.roads is not None
    if not snap.roads:
        return 0.0, 0.0
    inside = shapely.intersection(np.asarray(snap.roads, dtype=object), area)
    seen = shapely.intersection(inside, covered) if not covered.is_empty else []
    total = sum(length_m(g) for g in inside)
    return total / 1000.0, sum(length_m(g) for g in seen) / 1000.0


def figures(snap: Snapshot, area: BaseGeometry, population: int | None) -> Figures:
    """Measure one area of the snapshot."""
    inside = points_in(area, snap.cam_lon, snap.cam_lat)
    by_status = Counter(c.status for c, ok in zip(snap.cameras, inside, strict=True) if ok)
    covered = clip(snap.union, area)
    hit = points_in(area, snap.inc_lon, snap.inc_lat)
    seen = hit & np.array([i.in_working_view for i in snap.incidents], dtype=bool)
    roads_km = roads_seen_km = None
    if snap.roads is not None:
        roads_km, roads_seen_km = _road_lengths(snap, area, covered)
    return Figures(
        area_km2=area_km2(area),
        population=population,
        cameras_by_status={s.value: by_status.get(s.value, 0) for s in CameraStatus},
        cameras_total=sum(by_status.values()) - by_status.get(CameraStatus.DECOMMISSIONED, 0),
        cameras_active=by_status.get(CameraStatus.ACTIVE.value, 0),
        covered_km2=area_km2(covered),
        incidents_total=int(hit.sum()),
        incidents_in_view=int(seen.sum()),
        incident_weight_total=float(snap.inc_weight[hit].sum()),
        incident_weight_in_view=float(snap.inc_weight[seen].sum()),
        roads_km=roads_km,
        roads_in_view_km=roads_seen_km,
    )

"""The independent truth coverage answers are checked against: every row, brute force.

Nothing here uses ``geo.coverage`` or the coverage queries: camera status is
replayed from all status-history rows, "inside a view" is shapely's
``intersects`` over every camera, unions are ``shapely.union_all`` and areas
come from ``pyproj.Geod.geometry_area_perimeter``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
import shapely
from geoalchemy2.shape import to_shape
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.incidents.models import Incident
from camera_registry.timeutil import LOCAL_TZ

GEOD = Geod(ellps="WGS84")
#: Metres per degree of the planner grid (camera_registry/incidents/grid.py), spelled out.
METRES_PER_DEGREE = 111_320.0
Bounds = tuple[float, float, float, float]


def planner_cell(lon: float, lat: float, size_m: float) -> tuple[str, Bounds]:
    """The id and ``(west, south, east, north)`` of the planner-grid cell holding a point.

    Recomputed from the grid's definition, not taken from the code under test: rows
    ``size_m`` tall in latitude, longitude step widened by 1 / cos(row-centre latitude).
    """
    dlat = size_m / METRES_PER_DEGREE
    row = math.floor(lat / dlat)
    dlon = size_m / (METRES_PER_DEGREE * math.cos(math.radians((row + 0.5) * dlat)))
    col = math.floor(lon / dlon)
    bounds = (col * dlon, row * dlat, (col + 1) * dlon, (row + 1) * dlat)
    return f"cell:{size_m:g}:{col}:{row}", bounds


def is_cell(geometry: dict, bounds: Bounds) -> bool:
    """Whether a GeoJSON geometry is exactly that cell: a counter-clockwise rectangle."""
    polygon = shape(geometry)
    if polygon.geom_type != "Polygon" or not polygon.exterior.is_ccw:
        return False
    west, south, east, north = bounds
    corners = {(west, south), (east, south), (east, north), (west, north)}
    ring = list(polygon.exterior.coords)[:-1]
    nearest = [min(corners, key=lambda c: math.dist(xy, c)) for xy in ring]
    return (
        len(ring) == 4
        and set(nearest) == corners
        and all(math.dist(xy, c) < 2e-7 for xy, c in zip(ring, nearest, strict=True))
    )


def geod_km2(geometry: BaseGeometry) -> float:
    area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(geometry, exterior_cw=False))
    return abs(area) / 1e6


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC) - timedelta(
        microseconds=1
    )


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)


@dataclass
class World:
    """Every camera, status event, incident and unit row, as shapely objects."""

    points: dict[int, BaseGeometry] = field(default_factory=dict)
    views: dict[int, BaseGeometry] = field(default_factory=dict)
    events: dict[int, list[tuple[datetime, int, str]]] = field(default_factory=dict)
    incidents: dict[int, tuple[str, datetime, BaseGeometry]] = field(default_factory=dict)
    units: list[AdminUnit] = field(default_factory=list)
    _unions: dict[datetime, BaseGeometry] = field(default_factory=dict)

    def status(self, camera_id: int, at: datetime) -> str | None:
        history = self.events.get(camera_id, [])
        keys = [(t, i) for t, i, _ in history]
        n = bisect_right(keys, (at, float("inf")))
        return history[n - 1][2] if n else None

    def active(self, at: datetime) -> set[int]:
        return {c for c in self.points if self.status(c, at) == "active"}

    def seen(self, incident_id: int) -> bool:
        _, when, point = self.incidents[incident_id]
        return any(
            view.intersects(point) and self.status(c, when) == "active"
            for c, view in self.views.items()
        )

    def unit(self, code: str, on: date | None = None) -> AdminUnit:
        versions = sorted((u for u in self.units if u.code == code), key=lambda u: u.valid_from)
        for u in versions:
            if on and u.valid_from <= on and (u.valid_to is None or on <= u.valid_to):
                return u
        return versions[-1]

    def children(self, unit: AdminUnit) -> list[AdminUnit]:
        return sorted((u for u in self.units if u.parent_id == unit.id), key=lambda u: u.code)

    def communes_under(self, unit: AdminUnit) -> list[AdminUnit]:
        found, layer = [], self.children(unit)
        while layer:
            found += [u for u in layer if u.level == "commune"]
            layer = [c for u in layer if u.level != "commune" for c in self.children(u)]
        return sorted(found, key=lambda u: u.code)

    def union(self, at: datetime) -> BaseGeometry:
        if at not in self._unions:
            self._unions[at] = shapely.union_all([self.views[c] for c in self.active(at)])
        return self._unions[at]

    def covered(self, unit: AdminUnit, at: datetime) -> BaseGeometry:
        return shapely.intersection(self.union(at), to_shape(unit.geom))


def load_world(session: Session) -> World:
    world = World()
    for cid, geom, view in session.execute(select(Camera.id, Camera.geom, Camera.view_geom)):
        world.points[cid], world.views[cid] = to_shape(geom), to_shape(view)
    rows = session.execute(
        select(
            CameraStatusEvent.camera_id,
            CameraStatusEvent.effective_at,
            CameraStatusEvent.id,
            CameraStatusEvent.status,
        )
    )
    for cid, at, eid, status in rows:
        world.events.setdefault(cid, []).append((at, eid, status))
    for history in world.events.values():
        history.sort()
    for iid, kind, when, geom in session.execute(
        select(Incident.id, Incident.type, Incident.occurred_at, Incident.geom)
    ):
        world.incidents[iid] = (kind, when, to_shape(geom))
    world.units = list(session.scalars(select(AdminUnit)))
    return world


@pytest.fixture
def world(session: Session) -> World:
    """All rows of the test's database (demo plus whatever the test added)."""
    return load_world(session)

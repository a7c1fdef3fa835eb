"""A point in no loaded boundary: the commune it names, if that has no boundary yet,
else the communes nearest it as a suggestion for the user.

While a province's boundaries are not loaded yet, a camera (or incident) point
falls in no polygon; the error then names the nearest communes in force, so the
user can fill in the commune (``commune_code`` / the commune column) or see a
typo in the coordinates.

Two kinds of distance, and the suggestion says which it used:

* communes with a boundary: the geodesic distance from the point to the
  boundary, measured in an azimuthal equidistant projection centred on the
  point (distances from its centre are true geodesic ones).  Candidates come
  through the spatial index, by a box that widens until it holds some, then
  once more to the box every nearer commune must meet — on both engines.
* communes without one: the geodesic distance to the national list's centre
  point.  That list is at most a few thousand points per date (3,321 communes
  after 1 July 2025), so they are read once per date and measured in one
  vectorised pyproj call rather than through an index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.cameras import queries
from geo.fov import WGS84

#: Half-widths (degrees) of the successive search boxes around the point.
SEARCH_RADII_DEG = (0.05, 0.2, 0.8, 3.2, 12.8)
#: Metres per degree of latitude, rounded down so that boxes err on the large side.
M_PER_DEG = 110_000.0
#: How many communes a suggestion names.
SUGGESTED = 3


@dataclass(frozen=True)
class NearbyCommune:
    """A commune near a point: by its boundary, or by its centre when it has none."""

    id: int
    code: str
    name: str
    distance_m: float
    by: Literal["boundary", "centre"]

    def label(self) -> str:
        """``Xã X (code), 1.2 km (ranh giới / boundary)``."""
        how = "ranh giới / boundary" if self.by == "boundary" else "tâm xã / centre"
        far = (
            f"{self.distance_m / 1000:.1f} km"
            if self.distance_m >= 1000
            else f"{self.distance_m:.0f} m"
        )
        return f"{self.name} ({self.code}), {far} ({how})"


@lru_cache(maxsize=16)
def _aeqd(lon: float, lat: float) -> Transformer:
    """WGS84 → azimuthal equidistant metres around the point (built once per point: ~6 ms)."""
    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +datum=WGS84 +units=m",
        always_xy=True,
    )


def boundary_distance_m(geometry: BaseGeometry, lon: float, lat: float) -> float:
    """Geodesic distance in metres from a point to a polygon (0 inside it)."""
    aeqd = _aeqd(lon, lat)
    local = shapely.transform(geometry, lambda xy: np.column_stack(aeqd.transform(*xy.T)))
    return float(local.distance(Point(0.0, 0.0)))


def _box(lon: float, lat: float, metres: float) -> tuple[float, float, float, float]:
    """A lon/lat box holding every point within ``metres`` of (lon, lat)."""
    dlat = metres / M_PER_DEG
    dlon = dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.01)
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


class NearestFinder:
    """Nearest communes in force, with the centres of boundary-less ones cached per date.

    One finder serves one request or one import (many points, few dates).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._centres: dict[date, tuple[list[tuple[int, str, str]], np.ndarray]] = {}
        self._shapes: dict[int, BaseGeometry] = {}

    def _by_centre(self, lon: float, lat: float, on: date) -> list[NearbyCommune]:
        if on not in self._centres:
            rows = queries.boundaryless_centres(self.session, on=on)
            xy = np.array([(r[3], r[4]) for r in rows], dtype=np.float64).reshape(-1, 2)
            self._centres[on] = ([(r[0], r[1], r[2]) for r in rows], xy)
        units, xy = self._centres[on]
        if not units:
            return []
        count = len(units)
        _, _, dist = WGS84.inv(np.full(count, lon), np.full(count, lat), xy[:, 0], xy[:, 1])
        best = np.argsort(dist)[:SUGGESTED]
        return [
            NearbyCommune(units[i][0], units[i][1], units[i][2], float(dist[i]), "centre")
            for i in best
        ]

    def _measure(
        self, rows: list[tuple[int, str, str, bytes]], lon: float, lat: float
    ) -> list[NearbyCommune]:
        found = []
        for unit_id, code, name, geom in rows:
            if unit_id not in self._shapes:
                self._shapes[unit_id] = shapely.from_wkb(geom)
            far = boundary_distance_m(self._shapes[unit_id], lon, lat)
            found.append(NearbyCommune(unit_id, code, name, far, "boundary"))
        return sorted(found, key=lambda n: (n.distance_m, n.code))[:SUGGESTED]

    def _by_boundary(self, lon: float, lat: float, on: date) -> list[NearbyCommune]:
        rows: list[tuple[int, str, str, bytes]] = []
        radius = 0.0
        for radius in SEARCH_RADII_DEG:
            box = (lon - radius, lat - radius, lon + radius, lat + radius)
            rows = list(queries.bounded_communes_in(self.session, bbox=box, on=on))
            if len(rows) >= SUGGESTED:
                break
        if not rows:
            return []
        nearest = self._measure(rows, lon, lat)
        wide = _box(lon, lat, nearest[-1].distance_m)  # every nearer commune meets this box
        if wide[2] - lon > radius or wide[3] - lat > radius:
            rows = list(queries.bounded_communes_in(self.session, bbox=wide, on=on))
            nearest = self._measure(rows, lon, lat)
        return nearest

    def nearest(self, lon: float, lat: float, on: date) -> list[NearbyCommune]:
        """The communes in force on ``on`` nearest the point, nearest first."""
        both = self._by_boundary(lon, lat, on) + self._by_centre(lon, lat, on)
        return sorted(both, key=lambda n: (n.distance_m, n.code))[:SUGGESTED]

    def hint(self, lon: float, lat: float, on: date) -> str:
        """``; gần nhất / nearest: …`` for an error reason, or "" when no commune is known."""
        found = self.nearest(lon, lat, on)
        if not found:
            return ""
        return "; gần nhất / nearest: " + "; ".join(n.label() for n in found)


def named_without_boundary(
    session: Session, commune_code: str | None, on: date
) -> tuple[queries.CommuneRef | None, str]:
    """The named commune when it is in force on ``on`` and has no boundary loaded yet
    (it may then be taken as given); else why the name does not help, for the error."""
    if commune_code is None:
        return None, ""
    named = queries.commune_in_force(session, code=commune_code, on=on)
    if named is None:
        return None, f"; no commune {commune_code} is in force on {on:%d/%m/%Y}"
    if named.has_boundary:
        return None, f"; commune {commune_code} has a boundary and it does not contain the point"
    return named, ""


def outside_reason(lon: float, lat: float, on: date, hint: str) -> str:
    """Why a point with no commune is refused, with the nearest communes when known."""
    return (
        f"({lon}, {lat}) lies outside every commune boundary loaded and in force on "
        f"{on:%d/%m/%Y}; name its commune (commune_code) if that commune has no boundary "
        f"yet{hint}"
    )

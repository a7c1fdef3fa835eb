"""Synthetic cameras and incidents for the coverage benchmarks (deterministic, seeded).

Cameras cluster the way programmes place them: around a few hot spots per
commune (markets, schools, crossroads), 25 % fisheye/PTZ (360°), the rest fixed
with 60–120° fields of view and 20–120 m ranges.  Incidents fall half near a
camera (within ~80 m) and half around the same hot spots (~1 km spread).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import shapely
from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.incidents.models import Incident
from camera_registry.vocab import IncidentType
from geo import view_sector

M_PER_DEG = 111_320.0
TYPES = [t.value for t in IncidentType]


@dataclass(frozen=True)
class Spots:
    """Hot spots (lon, lat) inside the area, and the area itself."""

    lon: np.ndarray
    lat: np.ndarray
    area: BaseGeometry


def hot_spots(areas: Sequence[BaseGeometry], per_area: int, rng: np.random.Generator) -> Spots:
    lons, lats = [], []
    for area in areas:
        minx, miny, maxx, maxy = area.bounds
        found = 0
        while found < per_area:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if shapely.contains_xy(area, x, y):
                lons.append(x)
                lats.append(y)
                found += 1
    return Spots(np.array(lons), np.array(lats), shapely.union_all(list(areas)))


def around(spots: Spots, n: int, sigma_m: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` points scattered around random hot spots, kept inside the area."""
    out = np.zeros((0, 2))
    while len(out) < n:
        pick = rng.integers(0, len(spots.lon), 2 * n)
        lat = spots.lat[pick] + rng.normal(0, sigma_m / M_PER_DEG, 2 * n)
        lon = spots.lon[pick] + rng.normal(0, sigma_m / M_PER_DEG, 2 * n) / np.cos(np.radians(lat))
        keep = shapely.contains_xy(spots.area, lon, lat)
        out = np.vstack([out, np.column_stack([lon, lat])[keep]])
    return out[:n]


def add_cameras(session: Session, spots: Spots, n: int, seed: int) -> list[int]:
    """Insert ``n`` cameras (with status histories); their ids."""
    rng = np.random.default_rng(seed)
    xy = around(spots, n, 600.0, rng)
    fisheye = rng.random(n) < 0.25
    fov = np.where(fisheye, 360.0, rng.choice([60.0, 75.0, 90.0, 120.0], n))
    rng_m = np.where(fisheye, 50.0, rng.uniform(20, 120, n)).round(1)
    direction = rng.uniform(0, 359.9, n).round(1)
    installed = [date(2021, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 1400, n)]
    rows = [
        {
            "code": f"SYN-{seed}-{i:06d}",
            "geom": from_shape(Point(lon, lat), srid=4326),
            "view_geom": from_shape(view_sector(lon, lat, d, f, r), srid=4326),
            "direction_deg": float(d),
            "fov_deg": float(f),
            "range_m": float(r),
            "kind": "fisheye" if f == 360.0 else "fixed",
            "ownership": "household",
            "installed_on": inst,
            "status": "active",
            "version": 1,
            "source": "synthetic",
        }
        for i, ((lon, lat), d, f, r, inst) in enumerate(
            zip(xy, direction, fov, rng_m, installed, strict=True)
        )
    ]
    for start in range(0, n, 2000):
        session.execute(insert(Camera), rows[start : start + 2000])
    codes = [r["code"] for r in rows]
    found = session.execute(select(Camera.code, Camera.id).where(Camera.source == "synthetic"))
    ids: dict[str, int] = {row[0]: row[1] for row in found.all()}
    events = []
    for code, inst in zip(codes, installed, strict=True):
        since = datetime(inst.year, inst.month, inst.day, 2, tzinfo=UTC)
        events.append({"camera_id": ids[code], "status": "active", "effective_at": since})
        if rng.random() < 0.06:  # some break for a while, a few for good
            later = since + timedelta(days=int(rng.integers(30, 600)))
            events.append({"camera_id": ids[code], "status": "faulty", "effective_at": later})
            if rng.random() < 0.7:
                fixed = later + timedelta(days=int(rng.integers(3, 60)))
                events.append({"camera_id": ids[code], "status": "active", "effective_at": fixed})
    for start in range(0, len(events), 5000):
        session.execute(insert(CameraStatusEvent), events[start : start + 5000])
    session.commit()
    return [ids[c] for c in codes]


def add_incidents(session: Session, spots: Spots, cameras: np.ndarray, n: int, seed: int) -> None:
    """Insert ``n`` incidents over 2023–2025: half near cameras, half around hot spots."""
    rng = np.random.default_rng(seed)
    half = n // 2
    near = cameras[rng.integers(0, len(cameras), half)] + rng.normal(0, 40 / M_PER_DEG, (half, 2))
    xy = np.vstack([near, around(spots, n - half, 1000.0, rng)])
    start = datetime(2023, 1, 1, tzinfo=UTC)
    rows = [
        {
            "case_code": f"SYN-{seed}-{i:07d}",
            "type": TYPES[int(rng.integers(0, len(TYPES)))],
            "occurred_at": start + timedelta(minutes=int(rng.integers(0, 3 * 525_600))),
            "geom": from_shape(Point(lon, lat), srid=4326),
            "status": "reported",
        }
        for i, (lon, lat) in enumerate(xy)
    ]
    for first in range(0, n, 5000):
        session.execute(insert(Incident), rows[first : first + 5000])
    session.commit()

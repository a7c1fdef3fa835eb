"""A synthetic national camera registry for the lookup benchmark.

3,321 commune areas (Voronoi cells of random seeds inside a coarse outline of
Vietnam, about the size of real post-2025 communes), 1-3 towns per commune, and
cameras clustered around the towns (lognormal weights per commune: most cameras
sit in a minority of urban communes, as in the real programmes).  View sectors
are built exactly like ``geo.view_sector`` (same azimuths, same geodesic
vertices), vectorised per field-of-view group; a sample is checked against it.

Everything is returned as numpy arrays and WKB, ready for bulk loading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import MultiPoint, Polygon

from geo import view_sector
from geo.fov import MAX_ARC_STEP_DEG

GEOD = Geod(ellps="WGS84")

#: A coarse outline of mainland Vietnam (lon, lat), enough to place communes and towns.
OUTLINE = Polygon(
    [
        (102.14, 22.40), (103.00, 22.75), (104.00, 22.80), (105.30, 23.35), (106.70, 22.85),
        (107.35, 21.60), (108.00, 21.50), (106.60, 20.50), (105.80, 19.00), (106.40, 18.00),
        (107.10, 16.80), (108.20, 16.10), (108.90, 15.30), (109.30, 13.80), (109.40, 12.30),
        (109.20, 11.60), (108.40, 10.80), (107.00, 10.40), (106.80, 10.00), (106.30, 9.50),
        (105.30, 8.60), (104.70, 8.60), (104.80, 9.80), (104.50, 10.40), (105.10, 10.90),
        (106.20, 11.20), (106.40, 11.70), (107.40, 12.30), (107.60, 13.30), (107.40, 14.50),
        (107.60, 15.00), (107.20, 15.90), (106.50, 16.50), (105.80, 17.60), (104.80, 18.60),
        (104.00, 19.30), (104.30, 19.80), (103.90, 20.20), (103.10, 20.80), (102.90, 21.70),
    ]
).buffer(0)  # fmt: skip

FOV_CHOICES = np.array([60.0, 90.0, 110.0, 360.0])
FOV_WEIGHTS = np.array([0.25, 0.35, 0.20, 0.20])


@dataclass
class Dataset:
    """The synthetic registry."""

    communes: list[Polygon]
    lon: np.ndarray
    lat: np.ndarray
    direction: np.ndarray
    fov: np.ndarray
    range_m: np.ndarray
    commune: np.ndarray  # index into ``communes``
    retention: np.ndarray
    views: np.ndarray  # shapely polygons


def _inside(rng: np.random.Generator, n: int, area: Polygon) -> np.ndarray:
    minx, miny, maxx, maxy = area.bounds
    shapely.prepare(area)
    out: list[np.ndarray] = []
    while sum(len(o) for o in out) < n:
        xy = rng.uniform((minx, miny), (maxx, maxy), size=(n, 2))
        out.append(xy[shapely.contains_xy(area, xy[:, 0], xy[:, 1])])
    return np.concatenate(out)[:n]


def synthetic_communes(rng: np.random.Generator, n: int = 3321) -> list[Polygon]:
    """``n`` commune areas tiling the outline (Voronoi cells, clipped)."""
    seeds = _inside(rng, n, OUTLINE)
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=OUTLINE.envelope, ordered=True)
    clipped = [cell.intersection(OUTLINE) for cell in cells.geoms]
    return [c if isinstance(c, Polygon) else max(c.geoms, key=lambda g: g.area) for c in clipped]


def _towns(rng: np.random.Generator, communes: list[Polygon]) -> tuple[np.ndarray, np.ndarray]:
    """Town centres ``(k, 2)`` and the commune index of each."""
    centres, owner = [], []
    for i, area in enumerate(communes):
        count = int(rng.integers(1, 4))
        centres.append(_inside(rng, count, area))
        owner += [i] * count
    return np.concatenate(centres), np.array(owner)


def sector_polygons(
    lon: np.ndarray, lat: np.ndarray, direction: np.ndarray, fov: np.ndarray, rng_m: np.ndarray
) -> np.ndarray:
    """View sectors exactly as ``geo.view_sector`` builds them, for arrays of cameras."""
    out = np.empty(lon.size, dtype=object)
    for value in np.unique(fov):
        idx = np.flatnonzero(fov == value)
        full = value >= 360.0 - 1e-3
        steps = max(2, math.ceil(value / MAX_ARC_STEP_DEG))
        k = steps + (0 if full else 1)
        start = direction[idx] - value / 2.0
        az = start[:, None] + np.arange(k)[None, :] * (value / steps)
        x, y, _ = GEOD.fwd(
            np.repeat(lon[idx], k), np.repeat(lat[idx], k), az.ravel(), np.repeat(rng_m[idx], k)
        )
        arc = np.stack([x.reshape(-1, k), y.reshape(-1, k)], axis=2)[:, ::-1, :]
        if not full:
            apex = np.stack([lon[idx], lat[idx]], axis=1)[:, None, :]
            arc = np.concatenate([apex, arc], axis=1)
        out[idx] = shapely.polygons(arc)
    return out


def generate(n_cameras: int = 1_000_000, n_communes: int = 3321, seed: int = 20261122) -> Dataset:
    """The whole synthetic registry (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    communes = synthetic_communes(rng, n_communes)
    towns, town_commune = _towns(rng, communes)
    weight = rng.lognormal(0.0, 1.2, size=len(towns))
    which = rng.choice(len(towns), size=n_cameras, p=weight / weight.sum())
    sigma_m = rng.uniform(150, 700, size=len(towns))[which]
    dist = np.abs(rng.normal(0, 1, n_cameras)) * sigma_m
    lon, lat, _ = GEOD.fwd(towns[which, 0], towns[which, 1], rng.uniform(0, 360, n_cameras), dist)
    fov = rng.choice(FOV_CHOICES, size=n_cameras, p=FOV_WEIGHTS)
    range_m = np.where(fov >= 360, rng.uniform(30, 80, n_cameras), rng.uniform(40, 120, n_cameras))
    direction = np.floor(rng.uniform(0, 360, n_cameras) * 10) / 10
    views = sector_polygons(lon, lat, direction, fov, range_m)
    return Dataset(
        communes=communes,
        lon=lon,
        lat=lat,
        direction=direction,
        fov=fov,
        range_m=range_m,
        commune=town_commune[which],
        retention=rng.choice(np.array([7, 14, 15, 30, 60]), size=n_cameras),
        views=views,
    )


def check_sample(data: Dataset, count: int = 200) -> None:
    """Assert that a sample of sectors equals ``geo.view_sector``'s, vertex for vertex."""
    for i in np.linspace(0, data.lon.size - 1, count).astype(int):
        ref = view_sector(
            float(data.lon[i]),
            float(data.lat[i]),
            float(data.direction[i]),
            float(data.fov[i]),
            float(data.range_m[i]),
        )
        assert data.views[i].equals_exact(ref, 1e-12), i


def query_points(
    data: Dataset, n: int = 1000, seed: int = 7, in_town: float = 0.7
) -> list[tuple[float, float]]:
    """Lookup points: most near registered cameras (within 80 m), the rest anywhere."""
    rng = np.random.default_rng(seed)
    near = int(n * in_town)
    pick = rng.integers(0, data.lon.size, near)
    x, y, _ = GEOD.fwd(
        data.lon[pick], data.lat[pick], rng.uniform(0, 360, near), rng.uniform(0, 80, near)
    )
    anywhere = _inside(rng, n - near, OUTLINE)
    points = [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
    points += [(float(a), float(b)) for a, b in anywhere]
    order = rng.permutation(n)
    return [points[i] for i in order]

"""View sectors for many cameras at once, identical to ``geo.view_sector`` row by row.

An import of 100 000 cameras cannot afford 100 000 separate calls; this builds
the same rings with one geodesic call per group of cameras that share a vertex
count, using exactly the arithmetic of :func:`geo.fov.view_sector`, so every
polygon is bit-for-bit the one the API would store (a test holds it to that).
Inputs must already be valid (the importer validates them first).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

from geo.fov import FULL_CIRCLE_TOLERANCE_DEG, MAX_ARC_STEP_DEG, WGS84

FloatArray = npt.NDArray[np.float64]


def view_sectors(
    lon: FloatArray, lat: FloatArray, direction: FloatArray, fov: FloatArray, range_m: FloatArray
) -> npt.NDArray[np.object_]:
    """Return an array of shapely polygons, the view sector of each camera."""
    lon, lat, direction, range_m = (
        np.asarray(a, dtype=np.float64) for a in (lon, lat, direction, range_m)
    )
    fov = np.asarray(fov, dtype=np.float64).copy()
    full = fov >= 360.0 - FULL_CIRCLE_TOLERANCE_DEG
    fov[full] = 360.0
    steps = np.maximum(2, np.ceil(fov / MAX_ARC_STEP_DEG)).astype(np.int64)
    vertices = steps + np.where(full, 0, 1)
    out = np.empty(lon.shape[0], dtype=object)
    for count in np.unique(vertices):
        for is_full in (False, True):
            pick = np.flatnonzero((vertices == count) & (full == is_full))
            if pick.size:
                out[pick] = _group(
                    lon[pick],
                    lat[pick],
                    direction[pick],
                    fov[pick],
                    range_m[pick],
                    steps[pick],
                    int(count),
                    is_full,
                )
    return out


def _group(
    lon: FloatArray,
    lat: FloatArray,
    direction: FloatArray,
    fov: FloatArray,
    range_m: FloatArray,
    steps: npt.NDArray[np.int64],
    count: int,
    full: bool,
) -> npt.NDArray[np.object_]:
    """Sectors of cameras whose arcs have the same number of vertices."""
    n = lon.shape[0]
    start = direction - fov / 2.0
    azimuths = start[:, None] + np.arange(count)[None, :] * (fov / steps)[:, None]
    arc_lon, arc_lat, _ = WGS84.fwd(
        np.repeat(lon, count), np.repeat(lat, count), azimuths.ravel(), np.repeat(range_m, count)
    )
    arc = np.stack([np.asarray(arc_lon), np.asarray(arc_lat)], axis=-1).reshape(n, count, 2)
    arc = arc[:, ::-1, :]
    if not full:
        apex = np.stack([lon, lat], axis=-1)[:, None, :]
        arc = np.concatenate([apex, arc], axis=1)
    result: npt.NDArray[np.object_] = shapely.polygons(arc)
    return result


#: Below this many cameras a worker process costs more than it saves.
PARALLEL_FROM = 20_000


def _chunk_wkb(args: tuple[FloatArray, ...], srid: bool) -> list[bytes]:
    lon, lat, direction, fov, range_m = args
    sectors = view_sectors(lon, lat, direction, fov, range_m)
    if srid:
        sectors = shapely.set_srid(sectors, 4326)
    return list(shapely.to_wkb(sectors, include_srid=srid))


def sector_wkb(
    lon: FloatArray,
    lat: FloatArray,
    direction: FloatArray,
    fov: FloatArray,
    range_m: FloatArray,
    *,
    srid: bool,
    workers: int = 1,
) -> list[bytes]:
    """WKB (EWKB with ``srid``) of every view sector, split over worker processes if asked.

    The geodesic arithmetic holds Python's lock, so a second core helps only as a
    second process.  Workers are forked (a spawned one would first re-import the
    whole command line program); they only compute and leave by ``os._exit``, so
    the parent's database connections are never touched.  Only the CLI asks for
    workers; the web server, with its threads, does not.
    """
    columns = (lon, lat, direction, fov, range_m)
    count = int(np.asarray(lon).shape[0])
    if workers <= 1 or count < PARALLEL_FROM:
        return _chunk_wkb(columns, srid)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from multiprocessing import get_context  # noqa: PLC0415

    bounds = np.linspace(0, count, workers * 2 + 1).astype(int)
    parts = [tuple(c[a:b] for c in columns) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        done = pool.map(_chunk_wkb, parts, [srid] * len(parts))
        return [wkb for part in done for wkb in part]

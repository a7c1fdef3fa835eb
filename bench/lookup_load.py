"""Bulk-load the synthetic registry into a migrated database (PostGIS COPY, SpatiaLite batches).

Rows go straight into the tables the migrations create (not through the API):
3,321 commune units, the cameras with their points and view sectors, and one
status event per camera (plus a fault for 5 % of them), so that a lookup at a
time exercises the status history too.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from bench.lookup_dataset import Dataset
from camera_registry import migrate
from camera_registry.db import make_engine

PROGRAMMES = ("Camera với ANTT", "Camera giám sát an ninh, trật tự", "Camera đô thị thông minh")
OWNERSHIPS = ("state", "community", "household", "business")
CHUNK = 50_000
Say = Callable[[str], None]


def _hex(geoms: np.ndarray) -> np.ndarray:
    return shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True)


def _camera_rows(data: Dataset, start: int, stop: int) -> Iterator[tuple[object, ...]]:
    idx = np.arange(start, stop)
    points = shapely.points(data.lon[idx], data.lat[idx])
    rng = np.random.default_rng(start)
    own = rng.integers(0, 4, idx.size)
    prog = rng.integers(0, 3, idx.size)
    centre = rng.random(idx.size) < 0.3
    year = rng.integers(2021, 2026, idx.size)
    for j, i in enumerate(idx):
        yield (
            int(i) + 1,
            f"SYN-{i + 1:07d}",
            points[j],
            int(data.commune[i]) + 1,
            float(data.direction[i]),
            float(data.fov[i]),
            float(data.range_m[i]),
            "ptz" if data.fov[i] >= 360 else "fixed",
            OWNERSHIPS[own[j]],
            f"Chủ hộ {i + 1}",
            f"0900 {i % 1000:03d} {i % 997:03d}",
            PROGRAMMES[prog[j]],
            f"{year[j]}-03-01",
            "active",
            int(data.retention[i]),
            bool(centre[j]),
            data.views[i],
        )


CAMERA_COLUMNS = (
    "id, code, geom, commune_id, direction_deg, fov_deg, range_m, kind, ownership, owner_name, "
    "owner_contact, programme, installed_on, status, retention_days, connected_to_centre, "
    "view_geom, created_at, updated_at, version, outside_commune"
)
STAMP = "2025-01-01 00:00:00"


def _unit_rows(data: Dataset) -> Iterator[tuple[object, ...]]:
    for i, area in enumerate(data.communes):
        yield (
            i + 1,
            f"S{i + 1:05d}",
            f"Xã Tổng hợp {i + 1}",
            f"xa tong hop {i + 1}",
            MultiPolygon([area]),
        )


def _copy_text(rows: Iterator[tuple[object, ...]]) -> str:
    out = io.StringIO()
    for row in rows:
        out.write("\t".join(_pg(v) for v in row))
        out.write("\n")
    return out.getvalue()


def _pg(value: object) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, shapely.Geometry):
        return str(_hex(np.array([value]))[0])
    return str(value)


def load_postgis(url: str, conninfo: str, data: Dataset, say: Say = print) -> float:
    """Migrate and fill a PostGIS database; return the seconds it took."""
    import psycopg  # noqa: PLC0415

    started = time.perf_counter()
    migrate.upgrade(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        with conn.cursor().copy(
            "COPY admin_unit (id, code, name, name_folded, geom, level, unit_type, "
            "boundary_quality, valid_from) FROM STDIN"
        ) as copy:
            rows = (r + ("commune", "Xã", "synthetic", "2025-07-01") for r in _unit_rows(data))
            copy.write(_copy_text(rows))
        conn.execute("DROP INDEX idx_camera_geom")
        conn.execute("DROP INDEX idx_camera_view_geom")
        with conn.cursor().copy(f"COPY camera ({CAMERA_COLUMNS}) FROM STDIN") as copy:
            for start in range(0, data.lon.size, CHUNK):
                stop = min(start + CHUNK, data.lon.size)
                rows = (r + (STAMP, STAMP, 1, False) for r in _camera_rows(data, start, stop))
                copy.write(_copy_text(rows))
                say(f"  PostGIS: {stop:,} cameras copied")
        # The report tallies' row triggers re-test incidents near each new status event; this
        # dataset has no incidents, so skipping them (superuser, throwaway cluster) changes nothing.
        conn.execute("SET session_replication_role = replica")
        _pg_events(conn, data)
        conn.execute("SET session_replication_role = origin")
        say("  PostGIS: building GiST indexes")
        conn.execute("CREATE INDEX idx_camera_geom ON camera USING gist (geom)")
        conn.execute("CREATE INDEX idx_camera_view_geom ON camera USING gist (view_geom)")
        conn.execute("SELECT setval('camera_id_seq', (SELECT max(id) FROM camera))")
        conn.execute("SELECT setval('admin_unit_id_seq', (SELECT max(id) FROM admin_unit))")
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _event_rows(data: Dataset) -> Iterator[tuple[object, ...]]:
    rng = np.random.default_rng(99)
    year = np.random.default_rng(0).integers(2021, 2026, data.lon.size)
    for i in range(data.lon.size):
        yield (i + 1, "active", f"{year[i]}-03-01 00:00:00", STAMP)
        if rng.random() < 0.05:
            yield (i + 1, "faulty", f"{year[i] + 1}-06-01 00:00:00", STAMP)


def _pg_events(conn: object, data: Dataset) -> None:
    cursor = conn.cursor()  # type: ignore[attr-defined]
    with cursor.copy(
        "COPY camera_status_event (camera_id, status, effective_at, recorded_at) FROM STDIN"
    ) as copy:
        batch: list[tuple[object, ...]] = []
        for row in _event_rows(data):
            batch.append((row[0], row[1], row[2] + "+00", row[3] + "+00"))
            if len(batch) >= CHUNK:
                copy.write(_copy_text(iter(batch)))
                batch = []
        copy.write(_copy_text(iter(batch)))


def _sqlite_value(value: object) -> object:
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkb(value)
    if isinstance(value, bool):
        return int(value)
    return value


def load_spatialite(url: str, data: Dataset, say: Say = print) -> float:
    """Migrate and fill a SpatiaLite file; return the seconds it took."""
    started = time.perf_counter()
    migrate.upgrade(url)
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO admin_unit (id, code, name, name_folded, geom, level, unit_type, "
            "boundary_quality, valid_from) VALUES (?, ?, ?, ?, GeomFromWKB(?, 4326), "
            "'commune', 'Xã', 'synthetic', '2025-07-01')",
            [tuple(_sqlite_value(v) for v in r) for r in _unit_rows(data)],
        )
        marks = "?, ?, GeomFromWKB(?, 4326), " + ", ".join(["?"] * 13)
        marks += ", GeomFromWKB(?, 4326), ?, ?, ?, ?"
        sql = f"INSERT INTO camera ({CAMERA_COLUMNS}) VALUES ({marks})"
        for start in range(0, data.lon.size, CHUNK):
            stop = min(start + CHUNK, data.lon.size)
            rows = [
                tuple(_sqlite_value(v) for v in r) + (STAMP, STAMP, 1, 0)
                for r in _camera_rows(data, start, stop)
            ]
            con.executemany(sql, rows)
            say(f"  SpatiaLite: {stop:,} cameras inserted")
        con.executemany(
            "INSERT INTO camera_status_event (camera_id, status, effective_at, recorded_at) "
            "VALUES (?, ?, ?, ?)",
            _event_rows(data),
        )
        con.execute("COMMIT")
        con.execute("ANALYZE")
    finally:
        raw.close()
        engine.dispose()
    return time.perf_counter() - started

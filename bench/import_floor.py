"""The import's database writes alone: a lower bound for ``camreg import cameras``.

After ``camreg import`` has loaded the benchmark's file, the rows it wrote (the
cameras with their points and view sectors, and their first status events) are
read back and written again into a fresh copy of the same database, the way
the importer writes them but with nothing else: no reading, parsing,
validation, commune assignment, sectors or duplicate check, and the geometries
already in the engine's own format.  Only the writes and the commit are timed.

Each step is timed too (cameras, R*Trees, status events, commit).

* SpatiaLite: one driver ``executemany`` of the stored rows (ids kept), with
  the importer's own suspension of the per-row spatial-index triggers and its
  own set-wise fill of the two R*Trees, the status events, the commit.
* PostGIS: binary COPY of the same rows (geometries as EWKB) and of the
  events, the commit.

What remains between this and the whole import is the importer's own work.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg
from geoalchemy2.admin.dialects.sqlite import load_spatialite_driver

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.db import sqlite_module
from camera_registry.imports.bulk import (
    BULK_CACHE_KIB,
    EVENT_COLUMNS,
    fill_rtrees,
    index_triggers_suspended,
)
from camera_registry.imports.queries import pg_copy_type

MINE = "code LIKE 'BENCH-%'"
CAMERA_COLUMNS = [c.name for c in Camera.__table__.c]
EVENTS = (
    f"SELECT {', '.join(EVENT_COLUMNS)} FROM camera_status_event"
    f" WHERE camera_id IN (SELECT id FROM camera WHERE {MINE})"
)


def _sqlite(path: str) -> Any:
    conn = sqlite_module().connect(path, isolation_level=None)
    load_spatialite_driver(conn)  # type: ignore[no-untyped-call]
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def spatialite(source: str, target: str) -> dict[str, float]:
    """Seconds to write ``source``'s imported rows into ``target`` (a fresh copy), by step."""
    src = _sqlite(source)
    names = ", ".join(CAMERA_COLUMNS)
    cameras = src.execute(f"SELECT {names} FROM camera WHERE {MINE} ORDER BY id").fetchall()
    events = src.execute(EVENTS).fetchall()
    src.close()
    dst = _sqlite(target)
    dst.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    started = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    marks = ", ".join("?" * len(CAMERA_COLUMNS))
    with index_triggers_suspended(dst, "camera", ("geom", "view_geom")):  # as the importer
        dst.executemany(f"INSERT INTO camera ({names}) VALUES ({marks})", cameras)
        inserted = time.perf_counter()
        fill_rtrees(dst, after_id=cameras[0][CAMERA_COLUMNS.index("id")] - 1)
    indexed = time.perf_counter()
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    dst.executemany(
        f"INSERT INTO camera_status_event ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", events
    )
    evented = time.perf_counter()
    dst.execute("COMMIT")
    done = time.perf_counter()
    dst.close()
    return _steps(started, inserted, indexed, evented, done)


def _steps(
    started: float, cameras: float, indexes: float, events: float, done: float
) -> dict[str, float]:
    return {
        "seconds": done - started,
        "cameras_s": cameras - started,
        "rtrees_s": indexes - cameras,
        "events_s": events - indexes,
        "commit_s": done - events,
    }


def postgis(source: str, target: str) -> dict[str, float]:
    """Seconds to COPY ``source``'s imported rows into ``target`` (libpq conninfos), by step."""
    table = Camera.__table__
    selected = ", ".join(
        f"ST_AsEWKB({c})" if c in ("geom", "view_geom") else c for c in CAMERA_COLUMNS
    )
    with psycopg.connect(source) as src:
        cameras = src.execute(f"SELECT {selected} FROM camera WHERE {MINE} ORDER BY id").fetchall()
        events = src.execute(EVENTS).fetchall()
    with psycopg.connect(target) as dst:
        marks = [time.perf_counter()]
        with dst.cursor() as cursor:
            for target_table, columns, rows in (
                (table, CAMERA_COLUMNS, cameras),
                (CameraStatusEvent.__table__, EVENT_COLUMNS, events),
            ):
                sql = f"COPY {target_table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(sql) as copy:
                    copy.set_types([pg_copy_type(target_table.c[c]) for c in columns])
                    for row in rows:
                        copy.write_row(row)
                marks.append(time.perf_counter())
        dst.commit()
        # PostGIS maintains its GiST indexes row by row within the COPY: no separate step
        return _steps(marks[0], marks[1], marks[1], marks[2], time.perf_counter())

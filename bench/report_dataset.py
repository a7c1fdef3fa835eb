"""A synthetic province for the monthly-report benchmark, bulk-loaded into PostGIS.

* one province (code 99) of 12 districts (901–912) of 20 communes each
  (rectangles of a 16 × 15 grid over ~1.3° × 1.2°, i.e. ~14,000 km²);
* 10,000 cameras clustered around the commune centres, installed 2019–2025,
  with status histories (installation; a fault and its repair for a fifth;
  decommissioning for 3 %);
* N incidents (default 10,000,000) spread over five years
  (01/07/2020–30/06/2025) and stored in time order, as they are recorded:
  85 % around the commune centres, 15 % inside a
  camera's view sector; the commune follows from the point (exact for the
  grid); a little over half clarified or closed;
* footage evidence for one near-camera incident in eight, from that camera
  (50 % decisive, 30 % supporting, 20 % not useful).

Units and cameras are written with COPY; incidents and evidence are generated
inside PostgreSQL with ``generate_series`` (secondary indexes dropped during
the load and rebuilt after).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, box

from geo.fov import view_sector

Say = Callable[[str], None]
LON0, LAT0, COLS, ROWS = 104.6, 19.3, 16, 15
DX, DY = 1.3 / COLS, 1.2 / ROWS
CAMERAS = 10_000
START, YEARS = "2020-07-01 00:00:00+07", 5
TYPES = ("traffic_accident", "traffic_violation", "property_theft", "robbery", "assault",
         "drug_offence", "neighbourhood_dispute", "fraud", "fire", "public_disorder",
         "other")  # fmt: skip
OWNERSHIPS = ("state", "community", "household", "business")
PROGRAMMES = ("Camera với ANTT", "Camera giám sát an ninh, trật tự", "Camera đô thị thông minh")
PROVINCE_ID, DISTRICT_ID0, COMMUNE_ID0 = 1, 2, 100


@dataclass(frozen=True)
class Cell:
    """A commune of the grid."""

    id: int
    code: str
    district: int
    col: int
    row: int


def cells() -> list[Cell]:
    """The 240 communes, district by district (4 × 5 communes per district)."""
    found = []
    for row in range(ROWS):
        for col in range(COLS):
            district = (row // 5) * 4 + col // 4
            index = row * COLS + col
            found.append(Cell(COMMUNE_ID0 + index, f"9{index:04d}", district, col, row))
    return found


def _hex(geom: shapely.Geometry) -> str:
    return str(shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True))


def _copy(conn: object, sql: str, rows: list[tuple[object, ...]]) -> None:
    out = io.StringIO()
    for row in rows:
        out.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    with conn.cursor().copy(sql) as copy:  # type: ignore[attr-defined]
        copy.write(out.getvalue())


def _unit_rows() -> list[tuple[object, ...]]:
    grid = cells()
    whole = MultiPolygon([box(LON0, LAT0, LON0 + COLS * DX, LAT0 + ROWS * DY)])
    rows: list[tuple[object, ...]] = [
        (PROVINCE_ID, "99", "Tỉnh Thử Nghiệm", "tinh thu nghiem", "province", "Tỉnh", None,
         _hex(whole), "1900-01-01")
    ]  # fmt: skip
    for d in range(12):
        parts = [box(LON0 + c.col * DX, LAT0 + c.row * DY, LON0 + (c.col + 1) * DX,
                     LAT0 + (c.row + 1) * DY) for c in grid if c.district == d]  # fmt: skip
        shape = MultiPolygon([shapely.union_all(parts)])
        rows.append((DISTRICT_ID0 + d, f"{901 + d}", f"Huyện Thử {d + 1}", f"huyen thu {d + 1}",
                     "district", "Huyện", PROVINCE_ID, _hex(shape), "1900-01-01"))  # fmt: skip
    for c in grid:
        shape = MultiPolygon([box(LON0 + c.col * DX, LAT0 + c.row * DY,
                                  LON0 + (c.col + 1) * DX, LAT0 + (c.row + 1) * DY)])  # fmt: skip
        rows.append((c.id, c.code, f"Xã Thử {c.code}", f"xa thu {c.code}", "commune", "Xã",
                     DISTRICT_ID0 + c.district, _hex(shape), "1900-01-01"))  # fmt: skip
    return rows


def _cameras(rng: np.random.Generator) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    grid = cells()
    cams, events = [], []
    for i in range(CAMERAS):
        c = grid[int(rng.integers(len(grid)))]
        cx, cy = LON0 + (c.col + 0.5) * DX, LAT0 + (c.row + 0.5) * DY
        lon = float(np.clip(cx + rng.normal(0, 0.012), cx - DX * 0.45, cx + DX * 0.45))
        lat = float(np.clip(cy + rng.normal(0, 0.012), cy - DY * 0.45, cy + DY * 0.45))
        fov = 360.0 if rng.random() < 0.1 else 90.0
        direction, reach = float(rng.uniform(0, 360)), float(rng.uniform(30, 80))
        view = view_sector(lon, lat, direction, fov, reach)
        day = np.datetime64("2019-01-01") + int(rng.integers(0, 6 * 365))
        cams.append((i + 1, f"BM-{i + 1:06d}", _hex(shapely.Point(lon, lat)), c.id, direction,
                     fov, reach, OWNERSHIPS[int(rng.integers(4))], PROGRAMMES[int(rng.integers(3))],
                     str(day), _hex(view), fov > 90))  # fmt: skip
        status, last = "active", day
        events.append((i + 1, "active", f"{day} 08:00:00+07"))
        if rng.random() < 0.2:
            fault = day + int(rng.integers(30, 900))
            last = fault + int(rng.integers(2, 40))
            events.append((i + 1, "faulty", f"{fault} 10:00:00+07"))
            events.append((i + 1, "active", f"{last} 09:00:00+07"))
        gone = None
        if rng.random() < 0.03:
            gone, status = last + int(rng.integers(60, 700)), "decommissioned"
            events.append((i + 1, "decommissioned", f"{gone} 12:00:00+07"))
        cams[-1] += (status, gone)
    return cams, events


CAMERA_COLUMNS = (
    "id, code, geom, commune_id, direction_deg, fov_deg, range_m, ownership, programme, "
    "installed_on, view_geom, connected_to_centre, status, decommissioned_on, kind, "
    "retention_days, created_at, updated_at, version, outside_commune"
)
_CLAMP = "greatest(0, least({n} - 1, floor(({v} - {o}) / {d})::int))"
COMMUNE_OF = (
    f"{COMMUNE_ID0} + {_CLAMP.format(n=ROWS, v='y', o=LAT0, d=DY)} * {COLS} "
    f"+ {_CLAMP.format(n=COLS, v='x', o=LON0, d=DX)}"
)
TYPE_PICK = "(ARRAY[" + ", ".join(f"'{t}'" for t in TYPES) + "])[1 + floor(random() * 11)::int]"
STATUS_PICK = (
    "CASE WHEN u < 0.30 THEN 'closed' WHEN u < 0.55 THEN 'clarified' "
    "WHEN u < 0.80 THEN 'investigating' ELSE 'reported' END"
)


def when(n: int) -> str:
    """SQL: the g-th of ``n`` moments, in time order (as incidents are recorded), jittered."""
    span = f"interval '{YEARS * 365 + 1} days'"
    return f"timestamptz '{START}' + ((g - 1 + random()) / {n}) * {span}"


def _insert_incidents(prefix: str, source: str) -> str:
    return f"""
        INSERT INTO incident (case_code, type, occurred_at, geom, commune_id, status,
                              created_at, updated_at)
        SELECT '{prefix}' || g, {TYPE_PICK}, t, ST_SetSRID(ST_MakePoint(x, y), 4326),
               {COMMUNE_OF}, {STATUS_PICK}, t, t
        FROM ({source}) AS s
    """


def centre_incidents(n: int) -> str:
    """SQL: ``n`` incidents around commune centres (normal spread, kept inside the commune)."""
    source = f"""
        SELECT g, {when(n)} AS t, random() AS u,
               least(greatest(cx + 0.014 * sqrt(-2 * ln(1 - r1)) * cos(2 * pi() * r2),
                              cx - {DX * 0.49}), cx + {DX * 0.49}) AS x,
               least(greatest(cy + 0.014 * sqrt(-2 * ln(1 - r1)) * sin(2 * pi() * r2),
                              cy - {DY * 0.49}), cy + {DY * 0.49}) AS y
        FROM (SELECT g, random() AS r1, random() AS r2,
                     {LON0} + ((k % {COLS}) + 0.5) * {DX} AS cx,
                     {LAT0} + ((k / {COLS}) + 0.5) * {DY} AS cy
              FROM (SELECT g, floor(random() * {COLS * ROWS})::int AS k
                    FROM generate_series(1, {n}) AS g) AS a) AS b
    """
    return _insert_incidents("BC", source)


def near_camera_incidents(n: int) -> str:
    """SQL: ``n`` incidents inside (or at the edge of) a camera's view sector."""
    source = f"""
        SELECT g, {when(n)} AS t, random() AS u,
               c.lon + d * sin(a) / (111320 * cos(radians(c.lat))) AS x,
               c.lat + d * cos(a) / 110574 AS y
        FROM (SELECT g, random() AS rd, random() AS ra FROM generate_series(1, {n}) AS g) AS q
        JOIN bench_cam AS c ON c.idx = (g::bigint * 7919) % {CAMERAS},
        LATERAL (SELECT q.rd * c.range_m * 0.9 AS d,
                        radians(c.direction_deg + (q.ra - 0.5) * c.fov_deg * 0.9) AS a) AS p
    """
    return _insert_incidents("BN", source)


EVIDENCE = f"""
    INSERT INTO footage_evidence (incident_id, camera_id, clip_start, clip_end, clock_offset_s,
        sha256, extracted_by, extracted_at, usefulness, created_at, flagged)
    SELECT i.id, c.id, i.occurred_at - interval '5 minutes',
           i.occurred_at + interval '10 minutes', 0, md5(i.case_code) || md5(i.case_code || '#'),
           'bench', i.occurred_at + interval '1 day',
           CASE WHEN h < 512 THEN 'decisive' WHEN h < 820 THEN 'supporting' ELSE 'not_useful' END,
           i.occurred_at + interval '1 day', false
    FROM (SELECT id, case_code, occurred_at, substr(case_code, 3)::bigint AS g,
                 hashtext(case_code) & 1023 AS h
          FROM incident WHERE case_code LIKE 'BN%') AS i
    JOIN bench_cam AS c ON c.idx = (i.g * 7919) % {CAMERAS}
    WHERE i.g % 8 = 0
"""
INCIDENT_INDEXES = (
    "CREATE INDEX idx_incident_geom ON incident USING gist (geom)",
    "CREATE INDEX ix_incident_commune_id ON incident (commune_id)",
    "CREATE INDEX ix_incident_occurred_at ON incident (occurred_at)",
    "CREATE INDEX ix_incident_type ON incident (type)",
    "ALTER TABLE incident ADD CONSTRAINT uq_incident_case_code UNIQUE (case_code)",
)


def load(conn: object, incidents: int, say: Say = print) -> dict[str, float]:
    """Fill a migrated, empty PostGIS database; the seconds each step took."""
    timings: dict[str, float] = {}
    execute = conn.execute  # type: ignore[attr-defined]

    def step(name: str, *sql: str) -> None:
        started = time.perf_counter()
        for statement in sql:
            execute(statement)
        timings[name] = time.perf_counter() - started
        say(f"  {name}: {timings[name]:.1f} s")

    started = time.perf_counter()
    _copy(conn, "COPY admin_unit (id, code, name, name_folded, level, unit_type, parent_id, geom, "
          "valid_from, boundary_quality) FROM STDIN",
          [(*u, "synthetic") for u in _unit_rows()])  # fmt: skip
    cams, events = _cameras(np.random.default_rng(20250630))
    stamp = "2025-01-01 00:00:00+00"
    rows = [(*c, "ptz" if c[5] >= 360 else "fixed", 30, stamp, stamp, 1, "f") for c in cams]
    _copy(conn, f"COPY camera ({CAMERA_COLUMNS}) FROM STDIN", rows)
    _copy(conn, "COPY camera_status_event (camera_id, status, effective_at, recorded_at) FROM "
          "STDIN", [(*e, stamp) for e in events])  # fmt: skip
    timings["units, cameras, events"] = time.perf_counter() - started
    execute("SELECT setval('camera_id_seq', (SELECT max(id) FROM camera))")
    execute("SELECT setval('admin_unit_id_seq', (SELECT max(id) FROM admin_unit))")
    execute("CREATE TEMP TABLE bench_cam AS SELECT id - 1 AS idx, id, ST_X(geom) AS lon, "
            "ST_Y(geom) AS lat, direction_deg, fov_deg, range_m FROM camera")  # fmt: skip
    execute("CREATE UNIQUE INDEX ON bench_cam (idx)")
    execute("SET session_replication_role = replica")  # no FK triggers during the bulk load
    step("drop incident indexes", "DROP INDEX idx_incident_geom",
         "DROP INDEX ix_incident_commune_id", "DROP INDEX ix_incident_occurred_at",
         "DROP INDEX ix_incident_type",
         "ALTER TABLE incident DROP CONSTRAINT uq_incident_case_code")  # fmt: skip
    near = incidents * 15 // 100
    step(f"{incidents - near:,} incidents around centres", centre_incidents(incidents - near))
    step(f"{near:,} incidents in camera views", near_camera_incidents(near))
    step("incident indexes", *INCIDENT_INDEXES)
    step("footage evidence", EVIDENCE)
    execute("SET session_replication_role = origin")
    step("VACUUM ANALYZE", "VACUUM ANALYZE")
    return timings

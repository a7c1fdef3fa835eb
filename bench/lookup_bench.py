"""Lookup benchmark: "which cameras cover this point?" at national scale, on both engines.

    .venv/bin/python -m bench.lookup_bench [--cameras 1000000] [--queries 1000] [--load-seconds 30]

For PostGIS (a throwaway cluster) and SpatiaLite (a file), in the same run:

* raw SQL of the same spatial predicate (driver only, prepared statement);
* ``cameras_for_point`` in process (SQL + geodesic filter + status at T);
* the audited lookup in process (plus the audit row and its commit);
* ``GET /lookup`` end to end through uvicorn on 127.0.0.1 (and ``/healthz`` as the HTTP floor);
* an open-loop load test at ``--rate`` lookups a second (and at ``--also-rates``);

and an in-memory shapely STRtree over the same views and points.  Every method
is checked against the others on a sample of points before it is timed.
Results: a markdown table on stdout and JSON in ``var/bench/lookup.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box

from bench import lookup_http
from bench.lookup_dataset import Dataset, check_sample, generate, query_points
from bench.lookup_load import load_postgis, load_spatialite
from camera_registry import migrate
from camera_registry.accounts import queries as accounts
from camera_registry.auth import issue_key
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.lookup.audited import Actor, lookup_point
from camera_registry.lookup.service import cameras_for_point
from camera_registry.timeutil import LOCAL_TZ
from geo.measure import distances_and_bearings, radius_bbox

RADIUS = 300.0
AT = datetime(2025, 9, 1, 10, 0, tzinfo=LOCAL_TZ)
Point = tuple[float, float]


def pct(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "n": len(ordered),
    }


def timed(fn: Any, points: list[Point]) -> dict[str, float]:
    """Wall-clock p50/p99 and this process's CPU time per call."""
    for lon, lat in points[:50]:  # warm caches and prepared statements
        fn(lon, lat)
    out = []
    cpu = time.process_time()
    for lon, lat in points:
        started = time.perf_counter()
        fn(lon, lat)
        out.append(time.perf_counter() - started)
    return {**pct(out), "cpu_ms": (time.process_time() - cpu) / len(points) * 1000}


class StrTreeLookup:
    """The same question answered by shapely STRtrees in memory."""

    def __init__(self, data: Dataset) -> None:
        self.codes = np.array([f"SYN-{i + 1:07d}" for i in range(data.lon.size)])
        self.views = shapely.STRtree(data.views)
        self.points = shapely.STRtree(shapely.points(data.lon, data.lat))
        self.lon, self.lat = data.lon, data.lat

    def __call__(self, lon: float, lat: float) -> tuple[set[str], set[str]]:
        sees = self.views.query(shapely.Point(lon, lat), predicate="intersects")
        near = self.points.query(box(*radius_bbox(lon, lat, RADIUS)))
        dist, _ = distances_and_bearings(self.lon[near], self.lat[near], lon, lat)
        close = set(self.codes[near[dist <= RADIUS]]) - set(self.codes[sees])
        return set(self.codes[sees]), close


def raw_postgis(conninfo: str) -> Any:
    import psycopg  # noqa: PLC0415

    conn = psycopg.connect(conninfo, autocommit=True)
    sql = (
        "SELECT id, ST_Intersects(view_geom, ST_SetSRID(ST_MakePoint(%(x)s, %(y)s), 4326)) "
        "FROM camera WHERE view_geom && ST_SetSRID(ST_MakePoint(%(x)s, %(y)s), 4326) "
        "OR geom && ST_MakeEnvelope(%(a)s, %(b)s, %(c)s, %(d)s, 4326)"
    )

    def run(lon: float, lat: float) -> list[tuple[int, bool]]:
        a, b, c, d = radius_bbox(lon, lat, RADIUS)
        args = {"x": lon, "y": lat, "a": a, "b": b, "c": c, "d": d}
        return conn.execute(sql, args, prepare=True).fetchall()

    return run


def raw_spatialite(url: str) -> Any:
    raw = make_engine(url).raw_connection()
    con = raw.driver_connection
    rtree = (
        "SELECT pkid FROM idx_camera_{} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?"
    )
    sql = (
        "SELECT id, ST_Intersects(view_geom, MakePoint(?, ?, 4326)) FROM camera "
        f"WHERE id IN ({rtree.format('view_geom')}) OR id IN ({rtree.format('geom')})"
    )

    def run(lon: float, lat: float) -> list[tuple[int, int]]:
        a, b, c, d = radius_bbox(lon, lat, RADIUS)
        return con.execute(sql, (lon, lat, lon, lon, lat, lat, c, a, d, b)).fetchall()

    return run


def _cross_check(session: Any, tree: StrTreeLookup, raw: Any, points: list[Point]) -> None:
    for lon, lat in points[:100]:
        hits = cameras_for_point(session, lon=lon, lat=lat, radius_m=RADIUS)
        sees, near = tree(lon, lat)
        assert {h.code for h in hits if h.sees} == sees, (lon, lat)
        assert {h.code for h in hits if not h.sees} == near, (lon, lat)
        raw_sees = {f"SYN-{i:07d}" for i, s in raw(lon, lat) if s == 1 or s is True}
        assert raw_sees == sees, (lon, lat)


def _key(session: Any) -> str:
    user = accounts.get_user(session, username="bench-investigator")  # a kept file has one
    if user is None:
        user = accounts.add_user(session, username="bench-investigator", role="investigator")
    key = issue_key(session, user)
    session.commit()
    return key


def measure_engine(
    name: str, url: str, raw: Any, tree: StrTreeLookup, points: list[Point], args: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        _cross_check(session, tree, raw, points)
        out["raw_sql"] = timed(raw, points)
        out["service"] = timed(lambda x, y: cameras_for_point(session, lon=x, lat=y), points)
        out["service_at"] = timed(
            lambda x, y: cameras_for_point(session, lon=x, lat=y, at=AT), points
        )
        actor = Actor("bench", "investigator", lambda _c: True)
        out["audited"] = timed(
            lambda x, y: lookup_point(session, lon=x, lat=y, at=AT, radius_m=RADIUS, actor=actor),
            points,
        )
        key = _key(session)
    engine.dispose()
    database = url.rsplit("/", 1)[1] if url.startswith("postgresql") else None
    with lookup_http.server(url, args.workers) as (base, pid):

        def http(label: str, sample: list[Point], **kw: Any) -> None:
            cpu = lookup_http.server_cpu(pid, database)
            times = lookup_http.sequential(base, key, sample, **kw)
            used = lookup_http.server_cpu(pid, database) - cpu
            out[label] = {**pct(times), "server_cpu_ms": used / len(sample) * 1000}

        http("healthz", points[:300], path="/healthz")
        http("http", points)
        http("http_at", points, at=lookup_http.AT)
        out["load"] = lookup_http.load_test(base, key, points, args.rate, args.load_seconds)
        out["load_at"] = {  # lower rates too: the highest one sustained without errors
            str(rate): lookup_http.load_test(base, key, points, rate, args.load_seconds)
            for rate in (float(r) for r in args.also_rates.split(",") if r)
        }
    print(f"{name}: {json.dumps(out, indent=1)}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--also-rates", default="150,100,50", help="load tests at these rates too")
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", default="postgis,spatialite")
    parser.add_argument("--keep", action="store_true", help="keep/reuse the SpatiaLite file")
    args = parser.parse_args()
    results: dict[str, Any] = {"args": vars(args), "started": datetime.now().isoformat()}
    results["load_average_before"] = Path("/proc/loadavg").read_text().split()[:3]
    started = time.perf_counter()
    data = generate(args.cameras)
    check_sample(data)
    results["generate_s"] = time.perf_counter() - started
    points = query_points(data, args.queries)
    print(f"dataset: {args.cameras:,} cameras in {len(data.communes)} communes", flush=True)
    started = time.perf_counter()
    tree = StrTreeLookup(data)
    results["strtree_build_s"] = time.perf_counter() - started
    results["strtree"] = timed(tree, points)
    with tempfile.TemporaryDirectory(prefix="camreg-bench-") as tmp:
        if "postgis" in args.engines:
            results["postgis"] = run_postgis(data, tree, points, args)
        if "spatialite" in args.engines:
            url, load_s = spatialite_db(Path(tmp), data, args.keep)
            res = measure_engine("spatialite", url, raw_spatialite(url), tree, points, args)
            results["spatialite"] = {"load_s": load_s, **res}
    results["load_average_after"] = Path("/proc/loadavg").read_text().split()[:3]
    out = Path("var/bench/lookup.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(report(results))


def spatialite_db(tmp: Path, data: Dataset, keep: bool) -> tuple[str, float]:
    """A loaded SpatiaLite file: kept in var/bench with ``--keep`` and reused when complete."""
    path = Path(f"var/bench/lookup-{data.lon.size}.db") if keep else tmp / "bench.db"
    url = f"sqlite:///{path}"
    if keep and path.exists():
        migrate.upgrade(url)  # a file kept from an older schema gets the new revisions
        engine = make_engine(url)
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM camera").scalar()
        engine.dispose()
        if count == data.lon.size:
            return url, 0.0
        path.unlink()
    return url, load_spatialite(url, data)


def run_postgis(data: Dataset, tree: StrTreeLookup, points: list[Point], args: Any) -> Any:
    from tests.pg_cluster import ThrowawayPostgis  # noqa: PLC0415

    with ThrowawayPostgis() as pg:
        url = pg.create_database("lookup_bench")
        load_s = load_postgis(url, pg.conninfo("lookup_bench"), data)
        raw = raw_postgis(pg.conninfo("lookup_bench"))
        return {"load_s": load_s, **measure_engine("postgis", url, raw, tree, points, args)}


def report(results: dict[str, Any]) -> str:
    rows = [
        "| method | engine | p50 ms | p99 ms | ×raw p50 | CPU ms |",
        "|---|---|---|---|---|---|",
    ]
    for engine in ("postgis", "spatialite"):
        res = results.get(engine)
        if not res:
            continue
        base = res["raw_sql"]["p50_ms"]
        for key in ("raw_sql", "service", "service_at", "audited", "healthz", "http", "http_at"):
            r = res[key]
            ratio = r["p50_ms"] / base
            rows.append(
                f"| {key} | {engine} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {ratio:.1f} |"
            )
    r = results["strtree"]
    rows.append(
        f"| strtree | memory | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | | {r['cpu_ms']:.2f} |"
    )
    for engine in ("postgis", "spatialite"):
        if results.get(engine):
            rows.append(f"\n{engine} load test: {json.dumps(results[engine]['load'])}")
            for rate, res in results[engine].get("load_at", {}).items():
                rows.append(f"{engine} load test at {rate}/s: {json.dumps(res)}")
            rows.append(f"{engine} bulk load: {results[engine]['load_s']:.0f} s (0: reused)")
    return "\n".join(rows)


if __name__ == "__main__":
    main()

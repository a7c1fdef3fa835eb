"""Incident map queries at scale: the API against raw SQL of the same predicate, both engines.

    .venv/bin/python -m bench.incidents_map [--incidents 100000] [--queries 100]

Loads the demo (units, cameras, its 661 incidents), adds ``--incidents``
synthetic incidents around the demo's incidents and cameras (5 % with a
useful clip, so the derived "clarified with footage" tag has work to do),
then times, for random ~2 km boxes (a street-level map view) around real incidents:

* raw SQL: the rows of the same bbox + time predicate through the spatial
  index (R*Tree on SpatiaLite, GiST on PostGIS), driver only;
* ``GET /incidents?bbox=…&from=2022-01-01`` as an investigator (one Feature per
  incident, derived tag included) and as a planner (500 m grid cells);
* ``GET /incidents/stats?bbox=…`` over ~20 km boxes (counts by commune and type);
* ``listing.list_for`` in process, and ``/healthz`` and an authenticated 404 as the
  HTTP and authentication floors.

Every API answer is checked against the raw SQL count before timing.
Results: a markdown table on stdout and JSON in ``var/bench/incidents_map.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from camera_registry import migrate
from camera_registry.accounts import queries as accounts
from camera_registry.auth import Principal, issue_key
from camera_registry.cameras.models import Camera
from camera_registry.db import make_engine
from camera_registry.demo.generate import generate
from camera_registry.demo.loader import load_demo
from camera_registry.incidents.listing import list_for
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.main import create_app
from camera_registry.settings import Settings
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import IncidentStatus, IncidentType, Role

FROM = datetime(2022, 1, 1, tzinfo=LOCAL_TZ).astimezone(UTC)  # what "from=2022-01-01" means
Box = tuple[float, float, float, float]


def pct(times: list[float]) -> dict[str, float]:
    """Median and 99th percentile in milliseconds."""
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
        "n": len(ordered),
    }


def synthetic(session: Session, n: int, seed: int = 7) -> None:
    """``n`` incidents jittered around demo incidents and cameras, 5 % with a useful clip."""
    rng = random.Random(seed)
    anchors = [
        (float(x), float(y))
        for x, y in session.execute(
            select(text("ST_X(geom)"), text("ST_Y(geom)")).select_from(Incident.__table__)
        )
    ]
    anchors += [(float(x), float(y)) for x, y in session.execute(
        select(text("ST_X(geom)"), text("ST_Y(geom)")).select_from(Camera.__table__))]  # fmt: skip
    camera_ids = list(session.scalars(select(Camera.id)))
    types, statuses = list(IncidentType), list(IncidentStatus)
    start = datetime(2021, 6, 1, tzinfo=UTC)
    for chunk in range(0, n, 20_000):
        rows = []
        for i in range(chunk, min(n, chunk + 20_000)):
            lon, lat = rng.choice(anchors)
            lon, lat = lon + rng.gauss(0, 0.01), lat + rng.gauss(0, 0.01)
            rows.append({
                "case_code": f"SYN-{i:08d}", "type": rng.choice(types).value,
                "occurred_at": start + timedelta(minutes=rng.randrange(5 * 365 * 1440)),
                "geom": f"SRID=4326;POINT({lon:.6f} {lat:.6f})",
                "status": rng.choice(statuses).value, "description": f"Vụ việc tổng hợp số {i}",
            })  # fmt: skip
        session.execute(insert(Incident), rows)
        ids = session.execute(
            text("SELECT id, occurred_at FROM incident WHERE case_code >= :a AND case_code < :b"),
            {"a": f"SYN-{chunk:08d}", "b": f"SYN-{chunk + 20_000:08d}"},
        ).all()
        clips = []
        for incident_id, _ in rng.sample(ids, len(ids) // 20):
            t0 = datetime(2023, 1, 1, tzinfo=UTC)
            clips.append({
                "incident_id": incident_id, "camera_id": rng.choice(camera_ids),
                "clip_start": t0, "clip_end": t0 + timedelta(minutes=5), "clock_offset_s": 0.0,
                "sha256": f"{incident_id:064x}", "extracted_by": "bench", "extracted_at": t0,
                "usefulness": rng.choice(("decisive", "supporting")), "flagged": False,
            })  # fmt: skip
        if clips:
            session.execute(insert(FootageEvidence), clips)
    session.commit()


def raw_rows(session: Session) -> Callable[[Box], int]:
    """The same bbox + time predicate in hand-written SQL through the spatial index."""
    if session.get_bind().dialect.name == "postgresql":
        sql = text(
            "SELECT id, case_code, ST_X(geom), ST_Y(geom), type, status, description FROM incident"
            " WHERE geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)"
            " AND ST_Intersects(geom, ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326))"
            " AND COALESCE(occurred_until, occurred_at) >= :t"
            " ORDER BY occurred_at DESC LIMIT 5000"
        )
    else:
        sql = text(
            "SELECT id, case_code, ST_X(geom), ST_Y(geom), type, status, description FROM incident"
            " WHERE id IN (SELECT pkid FROM idx_incident_geom WHERE xmax >= :x0 AND xmin <= :x1"
            " AND ymax >= :y0 AND ymin <= :y1)"
            " AND ST_Intersects(geom, BuildMbr(:x0, :y0, :x1, :y1, 4326))"
            " AND COALESCE(occurred_until, occurred_at) >= :t"
            " ORDER BY occurred_at DESC LIMIT 5000"
        )
    t = FROM if session.get_bind().dialect.name == "postgresql" else FROM.replace(tzinfo=None)

    def run(b: Box) -> int:
        params = {"x0": b[0], "y0": b[1], "x1": b[2], "y1": b[3], "t": t}
        return len(session.execute(sql, params).all())

    return run


def _boxes(session: Session, count: int, half: float, seed: int) -> list[Box]:
    rng = random.Random(seed)
    points = session.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM incident LIMIT 20000")).all()
    return [(x - half, y - half, x + half, y + half) for x, y in rng.sample(points, count)]


def _client(session: Session, settings: Settings, engine: Any, role: str) -> TestClient:
    user = accounts.add_user(session, username=f"bench-{role}", role=role)
    key = issue_key(session, user)
    session.commit()
    client = TestClient(create_app(settings, engine=engine))
    client.headers["Authorization"] = f"Bearer {key}"
    return client


def _timed(fn: Callable[[Box], Any], boxes: list[Box]) -> list[float]:
    for b in boxes[:20]:
        fn(b)
    out = []
    for b in boxes:
        started = time.perf_counter()
        fn(b)
        out.append(time.perf_counter() - started)
    return out


def _in_process(session: Session) -> Callable[[Box], Any]:
    """``listing.list_for`` called directly: the incidents code without HTTP and auth."""
    user = Principal(user_id=0, username="bench", role=Role.INVESTIGATOR)

    def run(b: Box) -> Any:
        flt = IncidentFilter(bbox=b, start=FROM)
        return list_for(session, flt=flt, user=user, grid_m=500.0, limit=5000)

    return run


def measure(url: str, n: int, queries: int) -> dict[str, Any]:
    """Load, cross-check and time one engine."""
    migrate.upgrade(url)
    engine = make_engine(url)
    settings = Settings(database_url=url, max_page_size=5000)
    with Session(engine) as session:
        started = time.perf_counter()
        load_demo(session, generate())
        synthetic(session, n)
        loaded = time.perf_counter() - started
        raw = raw_rows(session)
        small, large = _boxes(session, queries, 0.01, 1), _boxes(session, queries, 0.1, 2)
        investigator = _client(session, settings, engine, "investigator")
        planner = _client(session, settings, engine, "planner")

    def api(client: TestClient, path: str = "/incidents") -> Callable[[Box], Any]:
        def run(b: Box) -> Any:
            params = {"bbox": ",".join(f"{v:.6f}" for v in b), "from": "2022-01-01",
                      "limit": 5000}  # fmt: skip
            response = client.get(path, params=params)
            assert response.status_code == 200, response.text
            return response.json()

        return run

    with Session(engine) as session:
        raw = raw_rows(session)
        for b in small[:25]:
            body = api(investigator)(b)
            assert len(body["features"]) == min(body["numberMatched"], 5000) == raw(b), b
        results = {
            "load_s": round(loaded, 1),
            "rows_per_box_p50": statistics.median(raw(b) for b in small),
            "raw_sql": pct(_timed(raw, small)),
            "http_floor_healthz": pct(_timed(lambda _b: planner.get("/healthz"), small)),
            "auth_floor_404": pct(_timed(lambda _b: investigator.get("/incidents/NO-SUCH"), small)),
            "service_list_for": pct(_timed(_in_process(session), small)),
            "api_investigator": pct(_timed(api(investigator), small)),
            "api_planner_cells": pct(_timed(api(planner), small)),
            "api_stats_20km": pct(_timed(api(planner, "/incidents/stats"), large)),
        }
    engine.dispose()
    return results


def main() -> None:
    """Run both engines and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    out: dict[str, Any] = {"incidents": args.incidents + 661, "queries": args.queries}
    with tempfile.TemporaryDirectory() as tmp:
        out["spatialite"] = measure(f"sqlite:///{tmp}/bench.db", args.incidents, args.queries)
    from tests.pg_cluster import ThrowawayPostgis  # noqa: PLC0415

    with ThrowawayPostgis() as pg:
        out["postgis"] = measure(
            pg.create_database("incidents_bench"), args.incidents, args.queries
        )
    Path("var/bench").mkdir(parents=True, exist_ok=True)
    Path("var/bench/incidents_map.json").write_text(json.dumps(out, indent=2))
    print(report(out))


def report(out: dict[str, Any]) -> str:
    """A markdown table of medians, p99s and ratios to raw SQL."""
    lines = ["| engine | query | p50 ms | p99 ms | p50 ÷ raw SQL |", "|---|---|---|---|---|"]
    for engine in ("postgis", "spatialite"):
        r = out[engine]
        base = r["raw_sql"]["p50_ms"]
        names = ("raw_sql", "service_list_for", "http_floor_healthz", "auth_floor_404",
                 "api_investigator", "api_planner_cells", "api_stats_20km")  # fmt: skip
        for name in names:
            m = r[name]
            lines.append(f"| {engine} | {name} | {m['p50_ms']} | {m['p99_ms']} | "
                         f"{m['p50_ms'] / base:.1f}× |")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    main()

"""Monthly-report benchmark: one report (JSON) against a hand-written SQL GROUP BY of its counts.

    .venv/bin/python -m bench.report_bench [--incidents 10000000] [--runs 5]
    .venv/bin/python -m bench.report_bench --url postgresql+psycopg://… --skip-load

A throwaway PostGIS cluster (or ``--url``) is migrated and filled with the
synthetic province of :mod:`bench.report_dataset`; the report summaries (the
monthly tally, the incidents with footage available, the camera contributions)
are rebuilt once (the bulk load bypasses their triggers, as a restore would).
Then, for the province (99, 12 districts, 240 communes) and one district (901,
20 communes), report month 06/2025, cumulative since 07/2020 (all incidents):

* the report as the API builds it: ``service.build`` + the JSON renderer, in
  process, with the time spent in SQL measured by cursor hooks;
* the hand-written SQL of the same counts (:mod:`bench.report_sql`) over the
  raw tables, through psycopg.

Both answers are compared before timing.  Runs alternate between the two; the
first run of each is a warm-up.  Results: a table on stdout and JSON in
``var/bench/report.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from bench import report_sql
from bench.report_dataset import load
from camera_registry import migrate
from camera_registry.admin_units.models import AdminUnit
from camera_registry.db import make_engine
from camera_registry.reports import queries, service
from camera_registry.reports.figures import MonthlyReport
from camera_registry.reports.formats import render
from camera_registry.reports.params import make_request

MONTH, SINCE = date(2025, 6, 1), date(2020, 7, 1)
UNITS = (("99", "province"), ("901", "district"))


@contextlib.contextmanager
def database(args: argparse.Namespace) -> Iterator[str]:
    """The URL of the benchmark database (a throwaway cluster unless ``--url``)."""
    if args.url:
        yield args.url
        return
    from tests.pg_cluster import ThrowawayPostgis  # noqa: PLC0415

    with ThrowawayPostgis() as cluster:
        yield cluster.create_database("report_bench")


def prepare(url: str, incidents: int) -> dict[str, float]:
    """Migrate, bulk-load, rebuild the report summaries, analyse; the seconds of each step."""
    migrate.upgrade(url)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        timings = load(conn, incidents)
    engine = make_engine(url)
    with Session(engine) as session:
        started = time.perf_counter()
        rows = queries.rebuild_tally(session)
        session.commit()
        timings["tally rebuild"] = time.perf_counter() - started
        print(f"  summaries rebuild: {rows:,} tally rows in {timings['tally rebuild']:.1f} s")
        for table in ("incident_month_tally", "incident_in_view", "camera_month_tally"):
            session.execute(text(f"ANALYZE {table}"))
        session.commit()
    engine.dispose()
    return timings


class SqlClock:
    """Seconds spent in cursor executions on an engine (the report's SQL time)."""

    def __init__(self, engine: Any) -> None:
        self.total = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn: Any, *_: Any) -> None:
        self.total += time.perf_counter() - conn.info.pop("bench_started")


def build_json(session: Session, unit: str) -> tuple[MonthlyReport, bytes]:
    """One report of ``unit``, as the API would return it."""
    req = make_request(unit=unit, month=f"{MONTH:%Y-%m}", since=f"{SINCE:%Y-%m}")
    report = service.build(session, req=req)
    content, _ = render(report)
    session.rollback()
    return report, content


def check(report: MonthlyReport, hand: dict[str, Any]) -> None:
    """The report and the hand-written SQL give the same counts."""
    t = report.total
    seen = (t.month.footage_available or 0) + (t.same_month_last_year.footage_available or 0)
    ours = {
        "cumulative": t.cumulative.incidents,
        "cumulative_clarified": t.cumulative.clarified,
        "month": t.month.incidents,
        "month_clarified": t.month.clarified,
        "previous": t.previous_month.incidents,
        "last_year": t.same_month_last_year.incidents,
        "footage": seen,
        "trend": [p.incidents for p in report.trend],
        "in_service": t.cameras.in_service,
        "active": t.cameras.active_at_end,
    }
    theirs = {k: hand[k] for k in ours}
    assert ours == theirs, f"report {ours} ≠ hand-written SQL {theirs}"


def measure(url: str, runs: int) -> dict[str, Any]:
    """Time both ways for each unit."""
    engine = make_engine(url)
    clock = SqlClock(engine)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    results: dict[str, Any] = {}
    with Session(engine) as session, psycopg.connect(conninfo, autocommit=True) as conn:
        for unit, kind in UNITS:
            communes = _communes(session, unit)
            b = report_sql.bounds(MONTH, SINCE, communes)
            report, content = build_json(session, unit)  # warm-up
            check(report, report_sql.run(conn, b))
            ours, sql_share, hand = [], [], []
            for _ in range(runs):
                clock.total, started = 0.0, time.perf_counter()
                build_json(session, unit)
                ours.append(time.perf_counter() - started)
                sql_share.append(clock.total)
                started = time.perf_counter()
                report_sql.run(conn, b)
                hand.append(time.perf_counter() - started)
            results[kind] = _summary(unit, len(communes), ours, sql_share, hand, len(content))
            print(json.dumps({kind: results[kind]}, indent=1))
    engine.dispose()
    return results


def _communes(session: Session, unit: str) -> list[int]:
    parent = select(AdminUnit.id).where(AdminUnit.code == unit).scalar_subquery()
    ids = list(session.scalars(select(AdminUnit.id).where(AdminUnit.parent_id == parent)))
    below = list(session.scalars(select(AdminUnit.id).where(AdminUnit.parent_id.in_(ids))))
    return sorted(below or ids)


def _summary(unit: str, communes: int, ours: list[float], sql: list[float], hand: list[float],
             size: int) -> dict[str, Any]:  # fmt: skip
    med = statistics.median
    return {
        "unit": unit,
        "communes": communes,
        "runs": len(ours),
        "report_json_s": {"median": med(ours), "min": min(ours), "max": max(ours)},
        "report_sql_s_median": med(sql),
        "hand_sql_s": {"median": med(hand), "min": min(hand), "max": max(hand)},
        "ratio_report_to_hand": med(ours) / med(hand),
        "json_bytes": size,
    }


def machine() -> dict[str, Any]:
    """Where the numbers were taken."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?"
    )  # fmt: skip
    return {"nproc": os.cpu_count(), "cpu": cpu, "loadavg": os.getloadavg()}


def main() -> None:
    """Parse arguments, prepare the data, measure, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="an existing PostGIS database (default: a throwaway one)")
    parser.add_argument("--skip-load", action="store_true", help="the database is already loaded")
    args = parser.parse_args()
    out = {"machine_before": machine(), "incidents": args.incidents}
    with database(args) as url:
        if not args.skip_load:
            out["load_s"] = prepare(url, args.incidents)
        out["results"] = measure(url, args.runs)
    out["machine_after"] = machine()
    path = Path("var/bench/report.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=str))
    print(f"written {path}")


if __name__ == "__main__":
    main()

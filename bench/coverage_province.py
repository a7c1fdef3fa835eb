"""Coverage benchmark 2: a synthetic province of 20,000 cameras, both engines.

    .venv/bin/python -m bench.coverage_province [--cameras 20000] [--incidents 20000] [--runs 3]

The Đắk Nông demo province (6,504 km², 8 districts, 71 communes, 642 cameras)
gets synthetic cameras until 20,000 stand inside it, and synthetic incidents
(2023–2025).  Timed, each run cold (the union cache emptied first):

* full statistics + gaps of province 67 (the work of ``GET /coverage/units/67``
  and ``GET /coverage/gaps/67``, JSON included) — target ≤ 10 s;
* the union step alone (``coverage.unions.union_of`` on the active views' WKB:
  parse, hash, union, prepare) against a bare ``shapely.union_all`` over the
  same, already parsed sectors — target ratio ≤ 1.5;
* the two big queries (cameras with status at the date, incidents with
  "seen by a working camera"), the children table and hot spots, for context.

Results: markdown on stdout, JSON in var/bench/coverage_province.json.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import numpy as np
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from bench.coverage_common import RESULTS, demo_engines, machine, markdown_table, timed
from bench.coverage_synthetic import add_cameras, add_incidents, hot_spots
from camera_registry.coverage import presenters, queries, service, unions
from camera_registry.coverage.params import end_of_day, make_period, resolve_unit
from camera_registry.coverage.severity import DEFAULT_SEVERITY_WEIGHTS
from geo.coverage import points_in

ON = date(2025, 6, 30)
PERIOD = make_period(ON, date(2024, 7, 1), ON)
W = DEFAULT_SEVERITY_WEIGHTS


def populate(session: Session, cameras: int, incidents: int) -> int:
    """Top the province up to ``cameras`` cameras; the number added."""
    at = resolve_unit(session, code="67", on=ON)
    communes = queries.communes_under(session, unit=at.unit)
    spots = hot_spots([to_shape(c.geom) for c in communes], 5, np.random.default_rng(7))
    states = queries.camera_states(session, at=end_of_day(ON), bbox=at.geometry.bounds)
    lon = np.array([c.lon for c in states])
    lat = np.array([c.lat for c in states])
    present = int(points_in(at.geometry, lon, lat).sum())
    ids = add_cameras(session, spots, cameras - present, seed=67)
    xy = np.array(
        [
            (c.lon, c.lat)
            for c in queries.camera_states(session, at=end_of_day(ON), bbox=at.geometry.bounds)
        ]
    )
    add_incidents(session, spots, xy, incidents, seed=68)
    return len(ids)


def stats_and_gaps(session: Session) -> dict[str, Any]:
    unions.clear()
    unit = service.unit_report(session, code="67", on=ON, period=PERIOD, weights=W)
    gaps = service.gap_report(session, code="67", on=ON, tolerance_m=5.0)
    presenters.gaps_json(gaps)
    return presenters.unit_report_json(unit)


def union_cases(session: Session) -> dict[str, Any]:
    at = resolve_unit(session, code="67", on=ON)
    views = [
        c.view_wkb
        for c in queries.camera_states(
            session, at=end_of_day(ON), bbox=at.geometry.bounds, active_only=True
        )
    ]
    parsed = list(shapely.from_wkb(views))

    def ours() -> Any:
        unions.clear()
        return unions.union_of(views)

    return {"views": len(views), "ours": ours, "bare": lambda: shapely.union_all(parsed)}


def engine_run(session: Session, runs: int) -> dict[str, Any]:
    body = stats_and_gaps(session)
    out: dict[str, Any] = {
        "cameras_in_province": body["cameras"]["registered"],
        "active": body["cameras"]["active"],
        "incidents_in_period": body["incidents"]["total"],
        "communes": body["communes"]["ratio"],
    }
    out["stats + gaps"] = timed(lambda: stats_and_gaps(session), runs)[0]
    u = union_cases(session)
    out["union views"] = u["views"]
    out["union step (ours)"] = timed(u["ours"], runs)[0]
    out["bare shapely.union_all"] = timed(u["bare"], runs)[0]
    out["union ratio"] = (
        out["union step (ours)"]["median_ms"] / out["bare shapely.union_all"]["median_ms"]
    )
    at = resolve_unit(session, code="67", on=ON)
    bbox = at.geometry.bounds
    out["query: cameras + status"] = timed(
        lambda: queries.camera_states(session, at=end_of_day(ON), bbox=bbox), runs
    )[0]
    out["query: incidents + seen"] = timed(
        lambda: queries.incidents_between(
            session, start=PERIOD.start_utc, end=PERIOD.end_utc, bbox=bbox
        ),
        runs,
    )[0]
    out["children (8 districts)"] = timed(
        lambda: (
            unions.clear(),
            service.children_report(session, code="67", on=ON, period=PERIOD, weights=W),
        ),
        runs,
    )[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=20_000)
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="spatialite,postgis")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "args": vars(args), "engines": {}}
    with demo_engines(tuple(args.engines.split(","))) as engines:
        for name, engine in engines:
            with Session(engine) as session:
                results["engines"][name] = {
                    "added": populate(session, args.cameras, args.incidents)
                }
                session.expire_all()
                results["engines"][name].update(engine_run(session, args.runs))
            print(name, json.dumps(results["engines"][name], default=str)[:400], flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "coverage_province.json").write_text(json.dumps(results, indent=2))
    engines_ = list(results["engines"])
    timed_rows = [
        "stats + gaps",
        "union step (ours)",
        "bare shapely.union_all",
        "query: cameras + status",
        "query: incidents + seen",
        "children (8 districts)",
    ]
    table = [
        [label]
        + [
            f"{results['engines'][e][label]['median_ms']:.0f} / "
            f"{results['engines'][e][label]['cpu_median_ms']:.0f}"
            for e in engines_
        ]
        for label in timed_rows
    ]
    table.append(
        ["union ratio (ours / bare)"]
        + [f"{results['engines'][e]['union ratio']:.3f}" for e in engines_]
    )
    print(json.dumps(results["machine"]))
    print(
        markdown_table(
            ["case (province 67, synthetic)"] + [f"{e} wall / CPU median ms" for e in engines_],
            table,
        )
    )


if __name__ == "__main__":
    main()

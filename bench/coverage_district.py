"""Coverage benchmark 1: a district of 515 cameras (the Cẩm Thủy demo), both engines.

    .venv/bin/python -m bench.coverage_district [--runs 9] [--engines spatialite,postgis]

Target (issue 6): full coverage statistics + gaps ≤ 300 ms.  "Full statistics"
is ``GET /coverage/units/390``'s work (cameras and their status on the date,
union of active views, covered area, the period's incidents with "seen by a
camera working at that moment", the 17 communes tallied) and "gaps" is
``GET /coverage/gaps/390``'s (unit minus union, simplified at 5 m), each
including its JSON rendering.  Also timed: the same through the HTTP app
(in-process TestClient), the children table, hot spots and a k = 10
recommendation.  Results: markdown on stdout, JSON in var/bench/coverage_district.json.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bench.coverage_common import RESULTS, demo_engines, machine, markdown_table, timed
from camera_registry.accounts import queries as accounts
from camera_registry.auth import issue_key
from camera_registry.coverage import planning, presenters, service, unions
from camera_registry.coverage.params import make_period
from camera_registry.coverage.severity import DEFAULT_SEVERITY_WEIGHTS
from camera_registry.main import create_app
from camera_registry.settings import Settings

ON = date(2025, 6, 30)
PERIOD = make_period(ON, date(2022, 1, 1), ON)
W = DEFAULT_SEVERITY_WEIGHTS


def stats_and_gaps(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
    unions.clear()  # cold: each run computes the union once (the gaps reuse it)
    unit = service.unit_report(session, code="390", on=ON, period=PERIOD, weights=W)
    gaps = service.gap_report(session, code="390", on=ON, tolerance_m=5.0)
    return presenters.unit_report_json(unit), presenters.gaps_json(gaps)


def cold(fn: Any) -> Any:
    def run() -> Any:
        unions.clear()
        return fn()

    return run


def cases(session: Session) -> dict[str, Any]:
    opts = planning.PlanOptions(10, 90.0, 60.0, 8, 0.0, 2500)
    plain = {
        "stats + gaps": lambda: stats_and_gaps(session),
        "stats only": lambda: presenters.unit_report_json(
            service.unit_report(session, code="390", on=ON, period=PERIOD, weights=W)
        ),
        "gaps only": lambda: presenters.gaps_json(
            service.gap_report(session, code="390", on=ON, tolerance_m=5.0)
        ),
        "children (17 communes)": lambda: service.children_report(
            session, code="390", on=ON, period=PERIOD, weights=W
        ),
        "hot spots (500 m)": lambda: service.hotspot_report(
            session, code="390", on=ON, period=PERIOD, weights=W, cell_m=500, limit=50
        ),
        "recommend k=10": lambda: planning.recommend(
            session, code="390", on=ON, period=PERIOD, weights=W, options=opts
        ),
    }
    return {label: cold(fn) for label, fn in plain.items()}


def http_case(engine: Any, session: Session) -> Any:
    user = accounts.add_user(session, username="bench-planner", role="planner")
    key = issue_key(session, user)
    session.commit()
    app = create_app(Settings(database_url=str(engine.url)), engine=engine)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    params = {"on": ON.isoformat(), "from": "2022-01-01"}

    def call() -> None:
        unions.clear()
        assert client.get("/coverage/units/390", params=params).status_code == 200
        gaps = client.get("/coverage/gaps/390", params={"on": ON.isoformat()})
        assert gaps.status_code == 200

    return call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--engines", default="spatialite,postgis")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs, "engines": {}}
    with demo_engines(tuple(args.engines.split(","))) as engines:
        for name, engine in engines:
            with Session(engine) as session:
                body, _ = stats_and_gaps(session)
                assert body["communes"]["ratio"] == "17/17", body["communes"]
                rows = {label: timed(fn, args.runs)[0] for label, fn in cases(session).items()}
                rows["HTTP: units + gaps"] = timed(http_case(engine, session), args.runs)[0]
            results["engines"][name] = rows
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "coverage_district.json").write_text(json.dumps(results, indent=2))
    labels = list(next(iter(results["engines"].values())))
    engines = list(results["engines"])
    header = ["case (Cẩm Thủy, 515 cameras)"]
    header += [f"{e} wall / CPU median ms" for e in engines]
    table = [
        [label]
        + [
            f"{results['engines'][e][label]['median_ms']:.0f} / "
            f"{results['engines'][e][label]['cpu_median_ms']:.0f}"
            for e in engines
        ]
        for label in labels
    ]
    print(json.dumps(results["machine"]))
    print(markdown_table(header, table))


if __name__ == "__main__":
    main()

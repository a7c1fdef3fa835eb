"""Import benchmark: ``camreg import cameras`` against GDAL's ``ogr2ogr`` on the same CSV.

    .venv/bin/python -m bench.import_bench [--rows 100000] [--runs 3] [--engines spatialite,postgis]

A CSV of ``--rows`` cameras (Vietnamese headers, dd/mm/yyyy dates, labels, inside
the demo's Cẩm Thủy and Đắk Nông communes) is generated once.  For each engine —
a SpatiaLite file and a throwaway PostGIS cluster, both holding the migrated
schema and the demo — every run gets a fresh copy of that database and times,
as separate processes under ``/usr/bin/time``:

* ``camreg import cameras FILE``: reading, mapping, validation (the API's rules),
  commune assignment, view sectors, duplicate check, bulk write with status
  events and the audit row, and the commit;
* ``ogr2ogr`` (Debian's ``gdal-bin``: ``apt-get install gdal-bin``) loading the
  same file into a new point table of the same database (its plain load, with
  its spatial index).

* the writes alone (:mod:`bench.import_floor`): the rows ``camreg`` wrote,
  written again into a fresh copy with nothing but the importer's bulk writes
  and the commit — the floor of our write path (timed in process, no start-up).

The two tools alternate within each run.  Reported: median wall time and peak
resident memory (``/usr/bin/time`` %M) of each, and their ratio.  Results: a
markdown table on stdout and JSON in ``var/bench/import.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

import camera_registry.imports  # noqa: F401 — loads GDAL before SpatiaLite (see its docstring)
from bench import import_floor
from camera_registry import migrate
from camera_registry.cameras.models import Camera
from camera_registry.db import make_engine
from camera_registry.demo.generate import generate
from camera_registry.demo.loader import load_demo
from tests.imports.filegen import cameras, csv_bytes, legacy_communes, vi_row
from tests.pg_cluster import ThrowawayPostgis

REPO = Path(__file__).resolve().parents[1]
CAMREG = REPO / ".venv" / "bin" / "camreg"
TIME = "/usr/bin/time"
#: Steps of the writes alone (see :mod:`bench.import_floor`).
STEPS = ("cameras", "rtrees", "events", "commit")


def make_csv(path: Path, rows: int) -> None:
    data = generate()
    cams = cameras(legacy_communes(data), rows, seed=7, prefix="BENCH")
    path.write_bytes(csv_bytes([vi_row(c, i) for i, c in enumerate(cams)]))


def prepare(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        load_demo(session, generate())
    engine.dispose()


def timed(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        full = [TIME, "-f", "%e %M", "-o", out.name, *cmd]
        proc = subprocess.run(full, env=env, capture_output=True, text=True, check=False)
        if proc.returncode not in (0,):
            raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
        wall, rss = out.read().split()[-2:]
    return {"seconds": float(wall), "peak_mb": int(rss) / 1024}


def ogr_args(csv: Path) -> list[str]:
    return [
        str(csv), "-nln", "ogr_cameras", "-a_srs", "EPSG:4326",
        "-oo", "X_POSSIBLE_NAMES=Kinh độ", "-oo", "Y_POSSIBLE_NAMES=Vĩ độ",
    ]  # fmt: skip


def count(url: str, table: str | None) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        if table is None:
            stmt = select(func.count()).select_from(Camera).where(Camera.code.like("BENCH-%"))
            found = session.scalar(stmt) or 0
        else:
            found = session.scalar(text(f"SELECT count(*) FROM {table}")) or 0
    engine.dispose()
    return int(found)


class SpatiaLite:
    name = "spatialite"

    def __init__(self, work: Path) -> None:
        self.work = work
        self.template = work / "template.db"
        prepare(f"sqlite:///{self.template}")

    def fresh(self, tag: str) -> tuple[str, Path]:
        path = self.work / f"{tag}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}", path

    def ogr(self, tag: str, csv: Path) -> tuple[list[str], str]:
        url, path = self.fresh(tag)
        return ["ogr2ogr", "-f", "SQLite", "-update", str(path), *ogr_args(csv)], url

    def writes(self, source: str, target: str) -> dict[str, float]:
        return import_floor.spatialite(source.removeprefix("sqlite:///"),
                                       target.removeprefix("sqlite:///"))  # fmt: skip

    def drop(self, url: str) -> None:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class Postgis:
    name = "postgis"

    def __init__(self, cluster: ThrowawayPostgis) -> None:
        self.cluster = cluster
        prepare(cluster.create_database("bench_template"))

    def fresh(self, tag: str) -> tuple[str, str]:
        with psycopg.connect(self.cluster.conninfo("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{tag}" TEMPLATE "bench_template"')
        return self.cluster.url_for(tag), tag

    def ogr(self, tag: str, csv: Path) -> tuple[list[str], str]:
        url, name = self.fresh(tag)
        return ["ogr2ogr", "-f", "PostgreSQL", f"PG:{self.cluster.conninfo(name)}",
                *ogr_args(csv)], url  # fmt: skip

    def writes(self, source: str, target: str) -> dict[str, float]:
        return import_floor.postgis(*(self.cluster.conninfo(u.rsplit("/", 1)[1])
                                      for u in (source, target)))  # fmt: skip

    def drop(self, url: str) -> None:
        self.cluster.drop_database(url.rsplit("/", 1)[1])


def one_run(engine: Any, csv: Path, run: int, rows: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    order = ("camreg", "ogr2ogr") if run % 2 == 0 else ("ogr2ogr", "camreg")
    for tool in order:
        tag = f"run{run}_{tool.replace('2', '_')}"
        if tool == "camreg":
            url, _ = engine.fresh(tag)
            env = {**os.environ, "CAMREG_DATABASE_URL": url, "COLUMNS": "100"}
            results[tool] = timed([str(CAMREG), "import", "cameras", str(csv)], env)
            assert count(url, None) == rows, "camreg did not load every row"
            floor_url, _ = engine.fresh(f"{tag}_writes")
            results["writes"] = engine.writes(url, floor_url)
            assert count(floor_url, None) == rows, "the writes alone did not load every row"
            engine.drop(floor_url)
        else:
            cmd, url = engine.ogr(tag, csv)
            results[tool] = timed(cmd)
            assert count(url, "ogr_cameras") == rows, "ogr2ogr did not load every row"
        engine.drop(url)
        print(f"  {engine.name} run {run + 1} {tool}: {results[tool]}", file=sys.stderr)
    return results


def summarise(runs: list[dict[str, dict[str, float]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tool in ("camreg", "ogr2ogr", "writes"):
        out[tool] = {
            "median_s": statistics.median(r[tool]["seconds"] for r in runs),
            "runs_s": [r[tool]["seconds"] for r in runs],
        }
        if tool != "writes":
            out[tool]["max_peak_mb"] = max(r[tool]["peak_mb"] for r in runs)
    for step in STEPS:
        out["writes"][f"{step}_s"] = statistics.median(r["writes"][f"{step}_s"] for r in runs)
    out["camera_rows_ratio"] = out["writes"]["cameras_s"] / out["ogr2ogr"]["median_s"]
    out["ratio"] = out["camreg"]["median_s"] / out["ogr2ogr"]["median_s"]
    out["writes_ratio"] = out["writes"]["median_s"] / out["ogr2ogr"]["median_s"]
    return out


def machine() -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?",
    )  # fmt: skip
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {"cpu": cpu, "nproc": str(os.cpu_count()), "memory": " ".join(mem.split()[:2]),
            "loadavg_at_start": " ".join(load)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="spatialite,postgis")
    args = parser.parse_args()
    if shutil.which("ogr2ogr") is None:
        sys.exit("ogr2ogr is missing: apt-get install gdal-bin")
    report: dict[str, Any] = {"date": datetime.now().isoformat(timespec="seconds"),
                              "rows": args.rows, "machine": machine(), "engines": {}}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="camreg-import-bench-") as tmp:
        work = Path(tmp)
        csv = work / "cameras.csv"
        make_csv(csv, args.rows)
        report["csv_mb"] = round(csv.stat().st_size / 1024**2, 1)
        startup = [timed([str(CAMREG), "--help"])["seconds"] for _ in range(3)]
        report["camreg_startup_s"] = statistics.median(startup)
        for name in args.engines.split(","):
            cluster = ThrowawayPostgis().start() if name == "postgis" else None
            try:
                engine = Postgis(cluster) if cluster else SpatiaLite(work)
                runs = [one_run(engine, csv, i, args.rows) for i in range(args.runs)]
                report["engines"][name] = summarise(runs)
            finally:
                if cluster is not None:
                    cluster.stop()
    out = REPO / "var" / "bench" / "import.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print("| engine | camreg import (s) | ogr2ogr (s) | ratio | writes alone (s) | writes ÷ ogr2ogr"
          " | camreg peak MB | ogr2ogr peak MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, res in report["engines"].items():
        print(f"| {name} | {res['camreg']['median_s']:.1f} | {res['ogr2ogr']['median_s']:.1f} | "
              f"{res['ratio']:.2f}× | {res['writes']['median_s']:.1f} | "
              f"{res['writes_ratio']:.2f}× | {res['camreg']['max_peak_mb']:.0f} | "
              f"{res['ogr2ogr']['max_peak_mb']:.0f} |")  # fmt: skip
    for name, res in report["engines"].items():
        steps = ", ".join(f"{step} {res['writes'][step + '_s']:.2f} s" for step in STEPS)
        print(
            f"{name} writes alone by step (medians): {steps}; the camera rows alone are "
            f"{res['camera_rows_ratio']:.2f}× ogr2ogr's whole load"
        )
    print(f"camreg start-up alone (camreg --help): {report['camreg_startup_s']:.1f} s")
    print(json.dumps(report["machine"]))


if __name__ == "__main__":
    main()

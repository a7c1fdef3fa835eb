"""Boundary-import benchmark: ``camreg import units`` against ``ogr2ogr`` + one ``MakeValid`` pass.

    .venv/bin/python -m bench.units_bench [--runs 3] [--engines spatialite,postgis]
                                          [--vertices 2000] [--parts] [--camreg-args ARGS]

The file (:mod:`bench.units_dataset`): all 3,321 post-2025 communes, ~2,000 vertices
each, ~3 % self-intersecting rings, ~2 % MultiPolygons with islands, one GeoPackage
in EPSG:4326.  For each engine — a SpatiaLite file and a throwaway PostGIS cluster
(:mod:`tests.pg_cluster`) — a template database is made once by ``camreg init`` (the
schema and the national unit list without polygons), and every run gets fresh
copies of it.  Timed as separate processes under ``/usr/bin/time`` (wall seconds,
peak resident memory), alternating which goes first in each run:

* ``camreg import units FILE``: reading, field mapping, validation, repair,
  parents, the write, the topology report and the re-derivation of the (empty)
  camera registry, and the commit;
* the peer pipeline a GIS analyst would run instead: ``ogr2ogr`` (Debian's
  ``gdal-bin``: ``apt-get install gdal-bin``) loading the same file into a new
  table ``ogr_units`` of the same kind of database (``-nlt PROMOTE_TO_MULTI``),
  then one SQL pass through the database's own client (``psql`` /
  ``sqlite3 -cmd '.load mod_spatialite'``) repairing the rows that are not valid:
  ``UPDATE ogr_units SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  WHERE NOT ST_IsValid(geom)`` (SpatiaLite: ``CastToMulti(CollectionExtract(
  MakeValid(geom), 3))``).  Its time is the sum of the two processes; its peak
  memory the larger.  The PostgreSQL server's own memory is in neither figure.

``--parts`` also times the parts of our import in process, once per engine
(:mod:`bench.units_parts`).  Results: a markdown table on stdout and JSON in
``var/bench/units.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import shapely

from bench.units_dataset import dataset, summarise
from tests.pg_cluster import ThrowawayPostgis

REPO = Path(__file__).resolve().parents[1]
CAMREG = REPO / ".venv" / "bin" / "camreg"
TIME = "/usr/bin/time"
TABLE = "ogr_units"
REPAIR = {
    "postgis": f"UPDATE {TABLE} SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) "
    "WHERE NOT ST_IsValid(geom)",
    "spatialite": f"UPDATE {TABLE} SET geom = CastToMulti(CollectionExtract(MakeValid(geom), 3)) "
    "WHERE NOT ST_IsValid(geom)",
}
CHECK = f"SELECT count(*), sum(CASE WHEN ST_IsValid(geom) THEN 0 ELSE 1 END) FROM {TABLE}"
UNITS = "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND geom IS NOT NULL"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``cmd`` under ``/usr/bin/time``; return its wall seconds and peak RSS (MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        full = [TIME, "-f", "%e %M", "-o", out.name, *cmd]
        proc = subprocess.run(full, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr[-3000:]}")
        wall, rss = out.read().split()[-2:]
    return {"seconds": float(wall), "peak_mb": int(rss) / 1024}


def loadavg() -> float:
    """Return the one-minute load average now."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def camreg_env(url: str) -> dict[str, str]:
    """Return the environment that points ``camreg`` at ``url``."""
    return {**os.environ, "CAMREG_DATABASE_URL": url, "COLUMNS": "100"}


class SpatiaLite:
    """Fresh copies of a SpatiaLite file that ``camreg init`` prepared."""

    name = "spatialite"

    def __init__(self, work: Path) -> None:
        self.work = work
        self.template = work / "template.db"
        self.init_s = timed([str(CAMREG), "init"], camreg_env(self.url(self.template)))

    @staticmethod
    def url(path: Path) -> str:
        return f"sqlite:///{path}"

    def fresh(self, tag: str) -> str:
        path = self.work / f"{tag}.db"
        shutil.copyfile(self.template, path)
        return self.url(path)

    def ogr2ogr(self, url: str) -> list[str]:
        return ["ogr2ogr", "-f", "SQLite", "-update", url.removeprefix("sqlite:///")]

    def sql(self, url: str, statement: str) -> list[str]:
        return ["sqlite3", "-cmd", ".load mod_spatialite", url.removeprefix("sqlite:///"),
                statement]  # fmt: skip

    def query(self, url: str, statement: str) -> list[str]:
        out = subprocess.run(self.sql(url, statement), capture_output=True, text=True, check=True)
        return out.stdout.strip().splitlines()[-1].split("|")

    def versions(self, url: str) -> str:
        sqlite, spatialite, geos, rttopo = self.query(
            url, "SELECT sqlite_version(), spatialite_version(), geos_version(), rttopo_version()"
        )
        return f"SQLite {sqlite}, SpatiaLite {spatialite} (GEOS {geos}, RTTOPO {rttopo})"

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)


class Postgis:
    """Fresh databases of a throwaway cluster, copied from one ``camreg init`` prepared."""

    name = "postgis"

    def __init__(self, cluster: ThrowawayPostgis) -> None:
        self.cluster = cluster
        url = cluster.create_database("units_template")
        self.init_s = timed([str(CAMREG), "init"], camreg_env(url))

    def fresh(self, tag: str) -> str:
        with psycopg.connect(self.cluster.conninfo("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{tag}" TEMPLATE "units_template"')
        return self.cluster.url_for(tag)

    def conninfo(self, url: str) -> str:
        return self.cluster.conninfo(url.rsplit("/", 1)[1])

    def ogr2ogr(self, url: str) -> list[str]:
        return ["ogr2ogr", "-f", "PostgreSQL", f"PG:{self.conninfo(url)}"]

    def sql(self, url: str, statement: str) -> list[str]:
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.conninfo(url), "-c", statement]

    def query(self, url: str, statement: str) -> list[str]:
        cmd = [*self.sql(url, statement), "-A", "-t"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        return out.stdout.strip().splitlines()[-1].split("|")

    def versions(self, url: str) -> str:
        (pg,) = self.query(url, "SHOW server_version")
        (postgis,) = self.query(url, "SELECT postgis_full_version()")
        return f"PostgreSQL {pg}, {postgis}"

    def drop(self, url: str) -> None:
        self.cluster.drop_database(url.rsplit("/", 1)[1])


Engine = SpatiaLite | Postgis


def run_camreg(engine: Engine, gpkg: Path, tag: str, extra: list[str]) -> dict[str, float]:
    """Time ``camreg import units`` into a fresh copy; check every commune got its boundary."""
    url = engine.fresh(tag)
    try:
        cmd = [str(CAMREG), "import", "units", str(gpkg), *extra]
        result = timed(cmd, camreg_env(url))
        result["units_with_boundary"] = int(engine.query(url, UNITS)[0])
    finally:
        engine.drop(url)
    return result


def run_peer(engine: Engine, gpkg: Path, tag: str) -> dict[str, float]:
    """Time ``ogr2ogr`` and then the repair pass into a fresh copy; check the result."""
    url = engine.fresh(tag)
    try:
        load = [*engine.ogr2ogr(url), str(gpkg), "-nln", TABLE, "-nlt", "PROMOTE_TO_MULTI",
                "-lco", "GEOMETRY_NAME=geom"]  # fmt: skip
        ogr = timed(load)
        repair = timed(engine.sql(url, REPAIR[engine.name]))
        rows, invalid = engine.query(url, CHECK)
        if int(invalid or 0):
            raise RuntimeError(f"{invalid} rows still invalid after the repair pass")
    finally:
        engine.drop(url)
    return {
        "seconds": ogr["seconds"] + repair["seconds"],
        "peak_mb": max(ogr["peak_mb"], repair["peak_mb"]),
        "ogr2ogr_s": ogr["seconds"],
        "makevalid_s": repair["seconds"],
        "rows": int(rows),
    }


def one_run(engine: Engine, gpkg: Path, run: int, extra: list[str]) -> dict[str, Any]:
    """One run: both tools, in alternating order, each on its own fresh database."""
    results: dict[str, Any] = {"loadavg_at_start": loadavg()}
    order = ("camreg", "peer") if run % 2 == 0 else ("peer", "camreg")
    for tool in order:
        tag = f"units_run{run}_{tool}"
        if tool == "camreg":
            results[tool] = run_camreg(engine, gpkg, tag, extra)
        else:
            results[tool] = run_peer(engine, gpkg, tag)
        print(f"  {engine.name} run {run + 1} {tool}: {results[tool]}", file=sys.stderr)
    return results


def summarise_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians, every run's seconds, peak memory and the ratio of the medians."""
    out: dict[str, Any] = {"loadavg_at_start": [r["loadavg_at_start"] for r in runs]}
    for tool in ("camreg", "peer"):
        out[tool] = {
            "median_s": statistics.median(r[tool]["seconds"] for r in runs),
            "runs_s": [r[tool]["seconds"] for r in runs],
            "max_peak_mb": max(r[tool]["peak_mb"] for r in runs),
        }
    for part in ("ogr2ogr_s", "makevalid_s"):
        out["peer"][part] = statistics.median(r["peer"][part] for r in runs)
    out["camreg"]["units_with_boundary"] = min(r["camreg"]["units_with_boundary"] for r in runs)
    out["ratio"] = out["camreg"]["median_s"] / out["peer"]["median_s"]
    return out


def machine() -> dict[str, str]:
    """The machine facts the result needs beside it."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?",
    )  # fmt: skip
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    gdal = subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True).stdout
    return {"cpu": cpu, "nproc": str(os.cpu_count()), "memory": " ".join(mem.split()[:2]),
            "loadavg_at_start": Path("/proc/loadavg").read_text().strip(),
            "gdal_ogr2ogr": gdal.strip(), "shapely_geos": shapely.geos_version_string}  # fmt: skip


def bench_engine(name: str, work: Path, gpkg: Path, args: argparse.Namespace) -> dict[str, Any]:
    """All runs (and, with ``--parts``, the in-process parts) on one engine."""
    cluster = ThrowawayPostgis().start() if name == "postgis" else None
    try:
        engine: Engine = Postgis(cluster) if cluster else SpatiaLite(work)
        extra = shlex.split(args.camreg_args)
        runs = [one_run(engine, gpkg, i, extra) for i in range(args.runs)]
        result = summarise_runs(runs)
        result["camreg_init_s"] = engine.init_s["seconds"]
        probe = engine.fresh("units_versions")
        result["versions"] = engine.versions(probe)
        if args.parts:
            from bench.units_parts import measure  # noqa: PLC0415 — loads the application

            floor = engine.fresh("units_floor")
            result["parts"] = measure(probe, gpkg, floor)
            engine.drop(floor)
        engine.drop(probe)
        return result
    finally:
        if cluster is not None:
            cluster.stop()


def print_report(report: dict[str, Any]) -> None:
    """The markdown table and the per-engine details."""
    print("| engine | camreg import units (s) | ogr2ogr + MakeValid (s) | ratio | ogr2ogr (s) "
          "| MakeValid pass (s) | camreg peak MB | peer peak MB | load avg at runs |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for name, res in report["engines"].items():
        cam, peer = res["camreg"], res["peer"]
        runs = " / ".join(f"{s:.1f}" for s in cam["runs_s"])
        peers = " / ".join(f"{s:.1f}" for s in peer["runs_s"])
        loads = ", ".join(f"{x:.1f}" for x in res["loadavg_at_start"])
        print(f"| {name} | {cam['median_s']:.1f} ({runs}) | {peer['median_s']:.1f} ({peers}) | "
              f"{res['ratio']:.2f}× | {peer['ogr2ogr_s']:.1f} | {peer['makevalid_s']:.1f} | "
              f"{cam['max_peak_mb']:.0f} | {peer['max_peak_mb']:.0f} | {loads} |")  # fmt: skip
    for name, res in report["engines"].items():
        print(
            f"{name}: {res['versions']}; camreg init {res['camreg_init_s']:.1f} s; "
            f"communes with a boundary after camreg: {res['camreg']['units_with_boundary']}"
        )
        if "parts" in res:
            print(f"{name} parts (in process): {json.dumps(res['parts'])}")
    print(f"camreg start-up alone (camreg --help): {report['camreg_startup_s']:.1f} s")
    print(json.dumps(report["machine"]))


def main() -> None:
    """Generate (or reuse) the file, run every engine, write the JSON and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="spatialite,postgis")
    parser.add_argument("--vertices", type=int, default=2000)
    parser.add_argument("--parts", action="store_true", help="also time our parts in process")
    parser.add_argument("--camreg-args", default="", help="extra options for camreg import units")
    args = parser.parse_args()
    for tool in ("ogr2ogr", "psql", "sqlite3"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (ogr2ogr: apt-get install gdal-bin)")
    gpkg = dataset(args.vertices)
    data = summarise(gpkg)
    report: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"), "machine": machine(),
        "file": {"path": str(gpkg.relative_to(REPO)), "mb": round(gpkg.stat().st_size / 1024**2, 1),
                 "features": data.features, "vertices": data.vertices, "invalid": data.invalid,
                 "multipolygons": data.multipolygons},
        "repair_sql": REPAIR, "engines": {},
    }  # fmt: skip
    startup = [timed([str(CAMREG), "--help"])["seconds"] for _ in range(3)]
    report["camreg_startup_s"] = statistics.median(startup)
    with tempfile.TemporaryDirectory(prefix="camreg-units-bench-") as tmp:
        for name in args.engines.split(","):
            report["engines"][name] = bench_engine(name, Path(tmp), gpkg, args)
    out = REPO / "var" / "bench" / "units.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_report(report)


if __name__ == "__main__":
    main()

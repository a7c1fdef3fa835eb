"""Shared plumbing of the coverage benchmarks: machine facts, timing, demo databases."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from camera_registry import migrate
from camera_registry.db import make_engine
from camera_registry.demo.generate import generate
from camera_registry.demo.loader import load_demo
from tests.pg_cluster import ThrowawayPostgis, find_pg_bin, why_unavailable

RESULTS = Path("var/bench")


def machine() -> dict[str, Any]:
    """nproc, memory, CPU model, Python and date of this run."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    return {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
        "memory": " ".join(memory.split()[:2]),
        "cpu": cpu,
        "python": platform.python_version(),
        "date": date.today().isoformat(),
    }


def timed(fn: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[dict[str, float], Any]:
    """Wall-clock median/min/max and this process's CPU median of ``runs`` calls.

    CPU time shows what the work costs when other processes crowd the machine
    (it leaves out the PostgreSQL server's own CPU).
    """
    result = None
    for _ in range(warmup):
        result = fn()
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    stats = {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "max_ms": max(times) * 1000,
        "cpu_median_ms": statistics.median(cpu) * 1000,
        "runs": runs,
    }
    return stats, result


@contextmanager
def demo_engines(engines: tuple[str, ...]) -> Iterator[Iterator[tuple[str, Engine]]]:
    """Fresh, migrated, demo-loaded databases on the chosen engines (thrown away after)."""
    data = generate()
    with tempfile.TemporaryDirectory() as tmp, contextlib_pg("postgis" in engines) as pg:

        def each() -> Iterator[tuple[str, Engine]]:
            for name in engines:
                url = (
                    f"sqlite:///{Path(tmp) / 'coverage.db'}"
                    if name == "spatialite"
                    else pg.create_database("coverage_bench")
                )
                migrate.upgrade(url)
                engine = make_engine(url)
                with Session(engine) as session:
                    load_demo(session, data)
                try:
                    yield name, engine
                finally:
                    engine.dispose()

        yield each()


@contextmanager
def contextlib_pg(wanted: bool) -> Iterator[Any]:
    """A throwaway PostGIS server when one is wanted (and installed)."""
    if not wanted:
        yield None
        return
    bindir = find_pg_bin()
    if bindir is None:
        raise SystemExit(f"PostGIS unavailable: {why_unavailable()}")
    with ThrowawayPostgis(bindir) as cluster:
        yield cluster


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

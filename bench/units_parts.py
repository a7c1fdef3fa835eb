"""Where the boundary import's time goes: its stages in process, and floors measured beside them.

    .venv/bin/python -m bench.units_parts DATABASE_URL [FILE [FLOOR_DATABASE_URL]]

:func:`measure` copies nothing: give it a fresh database that ``camreg init``
prepared.  It runs :func:`~camera_registry.admin_units.importing.service.run_unit_import`
in this process with a progress callback that stamps the time each stage starts
(read, validate, write, history, topology, cameras, then the audit and commit up
to "done"), so the stages add up to the import without the CLI's start-up.

Beside it, the floors: the same file's work done the shortest way we know,
without the application — GDAL's read (pyogrio), WKB to shapely, ``is_valid`` of
every geometry and ``make_valid`` of the invalid ones (GEOS, vectorised), the
geodesic area of every boundary (pyproj's Karney algorithm, as ``geo.area``
does), the same area through an equal-area projection (one vectorised PROJ
call, then planar areas), and the overlap areas of every pair of intersecting
sibling communes (STRtree, then GEOS intersections).
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import pyproj
import shapely
from sqlalchemy import LargeBinary, Table, bindparam, update
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit
from camera_registry.auth import Principal
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.imports.queries import from_wkb
from camera_registry.imports.table import ImportSource
from camera_registry.settings import Settings
from camera_registry.vocab import Role
from geo.area import geodesic_area_m2

#: Albers equal-area conic for Vietnam's latitudes (areas on the ellipsoid, unscaled).
EQUAL_AREA = "+proj=aea +lat_1=10 +lat_2=22 +lat_0=16 +lon_0=106 +ellps=WGS84"


#: Stage names of the progress callback, as reported (the last one includes the commit).
SHOWN = {"cameras": "cameras_audit_commit"}


def peak_mb() -> float:
    """This process's peak resident memory so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stages(url: str, gpkg: Path) -> dict[str, float]:
    """Run our import in process; return each stage's seconds and the peak memory after it.

    A stage runs from its first progress call to the next stage's; "cameras" runs
    until the import returns, so it also holds the last flush, the audit row and
    the commit.
    """
    marks: list[tuple[str, float, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage != "done" and (not marks or marks[-1][0] != stage):
            marks.append((stage, time.perf_counter(), peak_mb()))

    settings = Settings(database_url=url)
    engine = make_engine(url)
    actor = Principal(user_id=0, username="cli:bench", role=Role.ADMIN)
    options = UnitImportOptions(max_vertices=settings.max_geometry_vertices)
    start, before = time.perf_counter(), peak_mb()
    with make_sessionmaker(engine)() as session:
        report = run_unit_import(
            session, source=ImportSource.from_path(gpkg), options=options, actor=actor,
            progress=progress,
        )  # fmt: skip
    end = time.perf_counter()
    engine.dispose()
    out: dict[str, float] = {"peak_mb_before": round(before)}
    for (stage, at, _), (_, nxt, peak) in zip(
        marks, [*marks[1:], ("end", end, peak_mb())], strict=True
    ):
        name = SHOWN.get(stage, stage)
        out[name] = round(out.get(name, 0.0) + nxt - at, 2)
        out[f"{name}_peak_mb"] = round(peak)
    out["total"] = round(end - start, 2)
    out["topology_findings"] = len(report.topology or [])
    out["rows_written"] = report.created + report.updated
    return out


@contextmanager
def clock(out: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds of the ``with`` body to ``out[name]``."""
    start = time.perf_counter()
    yield
    out[name] = round(time.perf_counter() - start, 2)


def overlaps(geoms: np.ndarray, groups: np.ndarray) -> tuple[int, float]:
    """Intersect every pair of same-group geometries whose interiors meet; count and sum area."""
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = (left < right) & (groups[left] == groups[right])
    left, right = left[keep], right[keep]
    meet = shapely.intersects(geoms[left], geoms[right])
    inter = shapely.intersection(geoms[left[meet]], geoms[right[meet]])
    return int(meet.sum()), float(shapely.area(inter).sum())


def floors(gpkg: Path) -> dict[str, float]:
    """The same file's read, validation, repair, areas and overlaps done the shortest way."""
    out: dict[str, float] = {}
    with clock(out, "read_gdal"):
        _meta, _fids, wkb, fields = pyogrio.raw.read(gpkg)
    with clock(out, "from_wkb"):
        geoms = shapely.from_wkb(wkb)
    with clock(out, "is_valid_all"):
        valid = shapely.is_valid(geoms)
    with clock(out, "make_valid_invalid"):
        geoms[~valid] = shapely.make_valid(geoms[~valid])
    with clock(out, "geodesic_area_all"):
        geodesic = np.array([geodesic_area_m2(g) for g in geoms])
    transformer = pyproj.Transformer.from_crs(4326, EQUAL_AREA, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    with clock(out, "equal_area_all"):
        planar = shapely.area(shapely.transform(geoms, project))
    out["equal_area_max_rel_diff"] = float(np.max(np.abs(planar / geodesic - 1)))
    with clock(out, "sibling_overlaps"):
        pairs, _area = overlaps(geoms, np.asarray(fields[3]))
    out["overlapping_sibling_pairs"] = pairs
    return out


def write_floor(url: str, gpkg: Path) -> dict[str, float]:
    """Store the file's boundaries into the national list's rows with one plain UPDATE.

    The geometries go as WKB through ``ST_GeomFromWKB`` in one ``executemany``
    (the spatial index kept up row by row), then the commit: no reading back, no
    checks — the floor of writing 3,321 boundaries into ``admin_unit``.
    """
    _meta, _fids, wkb, fields = pyogrio.raw.read(gpkg)
    geoms = shapely.from_wkb(wkb)
    multi = shapely.to_wkb(
        [g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]) for g in geoms]
    )
    rows = [{"c": code, "g": blob} for code, blob in zip(fields[0], multi, strict=True)]
    table = AdminUnit.__table__
    assert isinstance(table, Table)
    new = (table.c.code == bindparam("c"), table.c.level == "commune", table.c.valid_to.is_(None))
    stmt = update(table).where(*new).values(geom=from_wkb(bindparam("g", type_=LargeBinary)))
    engine = make_engine(url)
    out: dict[str, float] = {}
    with Session(engine) as session:
        with clock(out, "update_geoms"):
            session.connection().execute(stmt, rows)
        with clock(out, "commit"):
            session.commit()
    engine.dispose()
    return out


def measure(url: str, gpkg: Path, floor_url: str | None = None) -> dict[str, Any]:
    """Our import's stages on a fresh ``camreg init`` database, and the floors beside them."""
    out = {"stages": stages(url, gpkg), "floors": floors(gpkg)}
    if floor_url is not None:
        out["write_floor"] = write_floor(floor_url, gpkg)
    return out


def main(argv: list[str] = sys.argv[1:], echo: Callable[[str], None] = print) -> None:
    """Measure on the given database (and file, by default the benchmark's)."""
    from bench.units_dataset import dataset  # noqa: PLC0415

    gpkg = Path(argv[1]) if len(argv) > 1 else dataset()
    echo(str(measure(argv[0], gpkg, argv[2] if len(argv) > 2 else None)))


if __name__ == "__main__":
    main()

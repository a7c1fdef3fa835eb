"""The boundary file of the units benchmark: all 3,321 post-2025 communes as synthetic polygons.

    .venv/bin/python -m bench.units_dataset [--vertices 2000] [--seed 17]

No province publishes its ward boundaries under an open licence we could ship, so the
benchmark draws them: every commune of the installed ``vietnamadminunits`` package
(``data/dataset.db``, table ``admin_units``) with its real code, name, type and
province code, as one GeoPackage layer with the field names provinces publish
(``ma_xa``, ``ten_xa``, ``loai``, ``ma_tinh``, ``dan_so``, ``dtich_km2``).  Each
boundary is a noisy star-shaped ring of about ``--vertices`` vertices around the
package's centre point, scaled so that its area is the package's ``wardAreaKm2``
(10 km² where the package has none).  Neighbouring stars overlap, as poorly
digitised real files do, so the topology report has work.  About 3 % of the rings
are self-intersecting (a run of vertices traversed backwards: two crossing edges, a
bow-tie lobe) so the repair has work; about 2 % of the communes, and every special
zone (đặc khu), are MultiPolygons with two or three islands.  Population is drawn
from a density per unit type.  Coordinates are EPSG:4326 (lon/lat).

The file depends only on the package data, the seed and the vertex count, and is
cached as ``var/bench/units_<vertices>v_s<seed>.gpkg``.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

from camera_registry.demo.vnadmin import package_data_dir

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "var" / "bench"
#: Kilometres per degree of latitude, and of longitude at the equator (local plate carrée).
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320
#: Share of rings made self-intersecting, and of communes given islands.
BOWTIE_SHARE = 0.03
ISLAND_SHARE = 0.02
#: People per km² by unit type (the median of a log-normal draw).
DENSITY = {"Phường": 6000.0, "Xã": 350.0, "Đặc khu": 150.0}
FIELDS = ("ma_xa", "ten_xa", "loai", "ma_tinh", "dan_so", "dtich_km2")


@dataclass(frozen=True)
class Commune:
    """One post-2025 commune as the package lists it."""

    code: str
    name: str
    ward_type: str
    province_code: str
    lon: float
    lat: float
    area_km2: float


@dataclass(frozen=True)
class Summary:
    """What the generated file holds (for the benchmark's report)."""

    path: Path
    features: int
    vertices: int
    invalid: int
    multipolygons: int


def communes() -> list[Commune]:
    """Return every post-2025 commune of the installed package, ordered by code."""
    uri = (package_data_dir() / "dataset.db").resolve().as_uri() + "?mode=ro"
    sql = (
        "SELECT wardCode, ward, wardType, provinceCode, wardLon, wardLat, wardAreaKm2 "
        "FROM admin_units ORDER BY wardCode"
    )
    with closing(sqlite3.connect(uri, uri=True)) as con:
        rows = con.execute(sql).fetchall()
    return [
        Commune(code, name, wtype, pcode, float(lon), float(lat), float(area or 0) or 10.0)
        for code, name, wtype, pcode, lon, lat, area in rows
    ]


def star(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return an ``(n, 2)`` counter-clockwise star-shaped ring of mean radius ~1 (not closed)."""
    theta = (np.arange(n) + rng.uniform(0.1, 0.9, n)) * (2 * math.pi / n)
    radius = np.ones(n)
    for k in range(2, 9):
        radius += rng.uniform(0.0, 0.25 / k) * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
    radius *= 1 + rng.normal(0.0, 0.01, n)
    return np.column_stack((radius * np.cos(theta), radius * np.sin(theta)))


def shoelace(ring: np.ndarray) -> float:
    """Return the planar area of an unclosed ring (positive when counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def twist(rng: np.random.Generator, ring: np.ndarray) -> np.ndarray:
    """Traverse a short run of the ring backwards: its two end edges cross (a bow-tie)."""
    n = len(ring)
    start = int(rng.integers(1, n - 60))
    run = int(rng.integers(8, 40))
    out = ring.copy()
    out[start : start + run] = ring[start : start + run][::-1]
    return out


def rings_km(rng: np.random.Generator, c: Commune, vertices: int) -> list[np.ndarray]:
    """Return the commune's rings in local kilometres around its centre, main ring first."""
    islands = c.ward_type == "Đặc khu" or rng.random() < ISLAND_SHARE
    main_n = vertices - (300 if islands else 0)
    main = star(rng, main_n)
    scale = math.sqrt(c.area_km2 / shoelace(main))
    out = [main * scale]
    if islands:
        for i, count in enumerate((150, 100, 50)):
            angle = rng.uniform(0, 2 * math.pi) + i * 2.1
            centre = np.array([math.cos(angle), math.sin(angle)]) * scale * rng.uniform(1.5, 2.2)
            out.append(centre + star(rng, count) * scale * rng.uniform(0.06, 0.15))
    if rng.random() < BOWTIE_SHARE:
        out[0] = twist(rng, out[0])
    return out


def geometry(c: Commune, rings: list[np.ndarray]) -> shapely.Geometry:
    """Place local-kilometre rings around the commune's centre, in lon/lat."""
    per_lon = KM_PER_DEG_LON * math.cos(math.radians(c.lat))
    polys = [
        shapely.Polygon(
            np.column_stack((c.lon + r[:, 0] / per_lon, c.lat + r[:, 1] / KM_PER_DEG_LAT))
        )
        for r in rings
    ]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def build(path: Path, vertices: int, seed: int) -> None:
    """Write the GeoPackage of every commune to ``path``."""
    units = communes()
    geoms, pops = [], []
    for c in units:
        rng = np.random.default_rng([seed, int(c.code)])
        geoms.append(geometry(c, rings_km(rng, c, vertices)))
        density = DENSITY.get(c.ward_type, 350.0) * math.exp(rng.normal(0.0, 0.6))
        pops.append(max(50, round(c.area_km2 * density)))
    columns = [
        np.array([c.code for c in units], dtype=object),
        np.array([c.name for c in units], dtype=object),
        np.array([c.ward_type for c in units], dtype=object),
        np.array([c.province_code for c in units], dtype=object),
        np.array(pops, dtype=np.int64),
        np.array([round(c.area_km2, 2) for c in units], dtype=np.float64),
    ]
    pyogrio.raw.write(
        path, shapely.to_wkb(np.array(geoms, dtype=object)), columns, list(FIELDS),
        driver="GPKG", layer="ranh_gioi_xa", geometry_type="Unknown", crs="EPSG:4326",
        dataset_options={"VERSION": "1.2"},  # GDAL 3.6's ogr2ogr warns on 1.4
    )  # fmt: skip


def summarise(path: Path) -> Summary:
    """Count the features, vertices, invalid rings and MultiPolygons of a written file."""
    _meta, _fids, wkb, _fields = pyogrio.raw.read(path, columns=[])
    geoms = shapely.from_wkb(wkb)
    kinds = shapely.get_type_id(geoms)
    return Summary(
        path=path,
        features=len(geoms),
        vertices=int(shapely.get_num_coordinates(geoms).sum()),
        invalid=int((~shapely.is_valid(geoms)).sum()),
        multipolygons=int((kinds == shapely.GeometryType.MULTIPOLYGON).sum()),
    )


def dataset(vertices: int = 2000, seed: int = 17) -> Path:
    """Return the cached GeoPackage for these parameters, generating it the first time."""
    path = CACHE / f"units_{vertices}v_s{seed}.gpkg"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.gpkg")
        partial.unlink(missing_ok=True)
        build(partial, vertices, seed)
        partial.rename(path)
    return path


def main() -> None:
    """Generate (or find) the file and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vertices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    print(summarise(dataset(args.vertices, args.seed)))


if __name__ == "__main__":
    main()

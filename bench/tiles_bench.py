"""Tile benchmark: camera vector tiles at zooms 10, 13 and 16, camreg beside tipg.

    ./run bench-setup   # once: the `bench` extra (tipg), which the test command leaves out
    .venv/bin/python -m bench.tiles_bench [--cameras 100000] [--tiles 40] [--rounds 5]

(``./run bench-setup`` is ``.venv/bin/pip install -e '.[dev,bench]' -c requirements.lock``
after ``./run setup``.)

A synthetic national registry (``bench.lookup_dataset``: cameras clustered in
towns across 3,321 communes) is bulk-loaded into a throwaway PostGIS and into a
SpatiaLite file.  Then, in the same run and over the same tiles (the tiles of
randomly drawn cameras, so busy towns weigh as they would on a map):

* ``GET /tiles/cameras/{z}/{x}/{y}.mvt`` of camreg on PostGIS (``ST_AsMVT``),
  authenticated with an API key as the map page is;
* tipg's ``/collections/public.camera/tiles/WebMercatorQuad/{z}/{x}/{y}`` on the
  same table, with the same properties, extent, buffer and clipping;
* camreg on SpatiaLite (R*Tree + the Python encoder).

Requests are sequential over keep-alive connections, uncompressed
(``Accept-Encoding: identity``), camreg and tipg interleaved tile by tile so
that load on the machine affects both alike.  Before timing, every tile of
camreg and tipg is decoded and must hold the same cameras.  Results: a
markdown table on stdout and JSON in ``var/bench/tiles.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import mapbox_vector_tile

from bench import tiles_http
from bench.lookup_dataset import generate
from bench.lookup_load import load_postgis, load_spatialite
from camera_registry.accounts import queries as accounts
from camera_registry.auth import issue_key
from camera_registry.db import make_engine, make_sessionmaker
from tests.pg_cluster import ThrowawayPostgis, find_pg_bin

ZOOMS = (10, 13, 16)
PROPERTIES = "code,status,kind,direction_deg,fov_deg,range_m,connected_to_centre"
HEADERS = {"Accept-Encoding": "identity"}
Tile = tuple[int, int, int]


def tile_of(lon: float, lat: float, z: int) -> Tile:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return z, int((lon + 180) / 360 * n), int(y)


def pick_tiles(lon: Any, lat: Any, per_zoom: int, seed: int = 11) -> dict[int, list[Tile]]:
    """Distinct tiles holding randomly drawn cameras, ``per_zoom`` of each zoom."""
    rng = random.Random(seed)
    out: dict[int, list[Tile]] = {}
    for z in ZOOMS:
        seen: dict[Tile, None] = {}
        while len(seen) < per_zoom:
            i = rng.randrange(len(lon))
            seen[tile_of(float(lon[i]), float(lat[i]), z)] = None
        out[z] = list(seen)
    return out


def api_key(url: str) -> str:
    """A planner's API key in the benchmark database."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        user = accounts.add_user(session, username="bench-tiles", role="planner", commune_codes=[])
        key = issue_key(session, user)
        session.commit()
    engine.dispose()
    return key


def codes(data: bytes, layer: str) -> tuple[list[str], int]:
    """Codes of the cameras inside the tile proper, and how many features in all.

    tipg selects rows with the bare tile envelope, camreg with the envelope
    widened by the buffer (so circles crossing a tile edge are drawn whole):
    the two must agree on the tile's interior (a point snapped onto the edge may
    lie just outside the tile, so edge points are left out of the comparison).
    """
    if not data:
        return [], 0
    found = mapbox_vector_tile.decode(data).get(layer, {}).get("features", [])
    inside = [
        f["properties"]["code"]
        for f in found
        if all(0 < v < 4096 for v in f["geometry"]["coordinates"])
    ]
    return sorted(inside), len(found)


def ours(client: httpx.Client, tile: Tile) -> bytes:
    z, x, y = tile
    response = client.get(f"/tiles/cameras/{z}/{x}/{y}.mvt")
    response.raise_for_status()
    return response.content


def theirs(client: httpx.Client, tile: Tile) -> bytes:
    response = client.get(tiles_http.tipg_tile_path(*tile, PROPERTIES))
    response.raise_for_status()
    return response.content


def check_same(camreg: httpx.Client, tipg: httpx.Client, tiles: dict[int, list[Tile]]) -> dict:
    """Every tile must carry the same cameras from both servers; returns feature counts."""
    counts: dict[int, list[int]] = {}
    for z, zoom_tiles in tiles.items():
        for tile in zoom_tiles:
            (a, n_a), (b, _) = (
                codes(ours(camreg, tile), "cameras"),
                codes(theirs(tipg, tile), "default"),
            )
            assert a == b, f"tile {tile}: camreg {len(a)} cameras, tipg {len(b)}"
            counts.setdefault(z, []).append(n_a)
    return {z: {"median": statistics.median(c), "max": max(c)} for z, c in counts.items()}


def pct(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, math.ceil(len(ordered) * 0.99) - 1)] * 1000,
        "n": len(ordered),
    }


def timed(fn: Any, client: httpx.Client, tile: Tile) -> float:
    started = time.perf_counter()
    fn(client, tile)
    return time.perf_counter() - started


def race(clients: dict[str, tuple[Any, httpx.Client]], tiles: dict[int, list[Tile]], rounds: int):
    """Interleaved sequential timings: ``{name: {zoom: [seconds…]}}``."""
    times: dict[str, dict[int, list[float]]] = {name: {z: [] for z in tiles} for name in clients}
    names = list(clients)
    rng = random.Random(5)
    for fn, client in clients.values():  # warm-up: caches, prepared plans, pools
        for zoom_tiles in tiles.values():
            for tile in zoom_tiles[:5]:
                fn(client, tile)
    for r in range(rounds):
        for z, zoom_tiles in tiles.items():
            order = zoom_tiles[:]
            rng.shuffle(order)
            for i, tile in enumerate(order):
                for name in names if (i + r) % 2 == 0 else names[::-1]:
                    fn, client = clients[name]
                    times[name][z].append(timed(fn, client, tile))
    return times


def floor(camreg: httpx.Client, tipg: httpx.Client, n: int) -> dict[str, dict[str, float]]:
    """What a request costs before any tile work: camreg without and with authentication,
    and tipg's cheapest route, interleaved."""
    paths = {
        "camreg /healthz (no auth, SELECT engine version)": (camreg, "/healthz"),
        "camreg /auth/me (authentication only)": (camreg, "/auth/me"),
        "tipg /conformance (no database)": (tipg, "/conformance"),
    }
    times: dict[str, list[float]] = {name: [] for name in paths}
    for client_, path in paths.values():
        for _ in range(10):
            client_.get(path).raise_for_status()
    for _ in range(n):
        for name, (client_, path) in paths.items():
            started = time.perf_counter()
            client_.get(path).raise_for_status()
            times[name].append(time.perf_counter() - started)
    return {name: pct(t) for name, t in times.items()}


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {"cpus": os.cpu_count(), "cpu": cpu, "mem_gib": round(int(mem) / 1024**2, 1)}


def client(base: str, key: str | None = None) -> httpx.Client:
    headers = dict(HEADERS)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return httpx.Client(base_url=base, headers=headers, timeout=120)


def run(args: argparse.Namespace) -> dict[str, Any]:
    if importlib.util.find_spec("tipg") is None:
        raise SystemExit("tipg is not installed: ./run bench-setup (the bench extra)")
    say = print
    say(f"==> generating {args.cameras:,} synthetic cameras")
    data = generate(n_cameras=args.cameras)
    tiles = pick_tiles(data.lon, data.lat, args.tiles)
    result: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_before": os.getloadavg(),
        "cameras": args.cameras,
        "tiles_per_zoom": args.tiles,
        "rounds": args.rounds,
    }
    bindir = find_pg_bin()
    if bindir is None:
        raise SystemExit("PostGIS binaries are needed (scripts/install-system-packages.sh)")
    with ThrowawayPostgis(bindir) as pg, tempfile.TemporaryDirectory() as tmp:
        pg_url = pg.create_database("tiles_bench")
        result["load_postgis_s"] = load_postgis(pg_url, pg.conninfo("tiles_bench"), data, say)
        lite_url = f"sqlite:///{Path(tmp) / 'tiles.db'}"
        result["load_spatialite_s"] = load_spatialite(lite_url, data, say)
        pg_key, lite_key = api_key(pg_url), api_key(lite_url)
        plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
        with (
            tiles_http.camreg(pg_url) as camreg_pg,
            tiles_http.tipg(plain) as tipg_base,
            tiles_http.camreg(lite_url) as camreg_lite,
            client(camreg_pg, pg_key) as c_pg,
            client(tipg_base) as c_tipg,
            client(camreg_lite, lite_key) as c_lite,
        ):
            say("==> checking that camreg and tipg tiles hold the same cameras")
            result["features_per_tile"] = check_same(c_pg, c_tipg, tiles)
            say("==> timing camreg (PostGIS) and tipg, interleaved")
            pg_times = race({"camreg": (ours, c_pg), "tipg": (theirs, c_tipg)}, tiles, args.rounds)
            say("==> timing the HTTP floor: camreg /healthz and /auth/me, tipg /conformance")
            result["floor"] = floor(c_pg, c_tipg, len(tiles[ZOOMS[0]]) * args.rounds)
            say("==> timing camreg (SpatiaLite)")
            lite_times = race({"camreg_spatialite": (ours, c_lite)}, tiles, args.rounds)
    times = {**pg_times, **lite_times}
    result["latency"] = {
        name: {str(z): pct(t) for z, t in by_zoom.items()} for name, by_zoom in times.items()
    }
    result["load_after"] = os.getloadavg()
    return result


def table(result: dict[str, Any]) -> str:
    lat = result["latency"]
    lines = [
        "| zoom | features/tile (median, max) | camreg PostGIS p50 / p99 | tipg p50 / p99 "
        "| camreg ÷ tipg (p50) | camreg SpatiaLite p50 / p99 |",
        "|---|---|---|---|---|---|",
    ]
    for z in ZOOMS:
        k = str(z)
        f = result["features_per_tile"][z]
        ours_, tipg_, lite = lat["camreg"][k], lat["tipg"][k], lat["camreg_spatialite"][k]
        lines.append(
            f"| {z} | {f['median']:g}, {f['max']} "
            f"| {ours_['p50_ms']:.1f} / {ours_['p99_ms']:.1f} ms "
            f"| {tipg_['p50_ms']:.1f} / {tipg_['p99_ms']:.1f} ms "
            f"| {ours_['p50_ms'] / tipg_['p50_ms']:.2f} "
            f"| {lite['p50_ms']:.1f} / {lite['p99_ms']:.1f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--tiles", type=int, default=40, help="tiles per zoom")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the tiles")
    result = run(parser.parse_args())
    out = Path("var/bench/tiles.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    result["features_per_tile"] = {str(k): v for k, v in result["features_per_tile"].items()}
    out.write_text(json.dumps(result, indent=2))
    result["features_per_tile"] = {int(k): v for k, v in result["features_per_tile"].items()}
    print(table(result))
    for name, p in result["floor"].items():
        print(f"- {name}: p50 {p['p50_ms']:.1f} ms, p99 {p['p99_ms']:.1f} ms")
    print(f"load average before {result['load_before']}, after {result['load_after']}")


if __name__ == "__main__":
    main()

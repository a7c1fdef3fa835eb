"""Coverage benchmark 3: choose k = 50 sites among 10,000 candidates for 100,000 incidents.

    .venv/bin/python -m bench.coverage_recommend [--runs 3] [--k 50] [--sites 10000]
                                                 [--incidents 100000]

Pure ``geo/`` (no database: the placement step is the same whichever engine
loaded the points).  100,000 severity-weighted incidents cluster around 200 hot
spots in a 60 × 60 km area; the candidates are 1,250 positions (incident
points merged on a 20 m grid, most-visited first) × 8 directions, 90° field of
view, 60 m range = 10,000 sites.  Timed end to end: building the sectors, the
site × incident incidence (STRtree), lazy greedy.  For comparison in the same
run: plain greedy (every gain recomputed every round) on the same sets, which
must pick the same sites.  Target (issue 6): ≤ 10 s.
Results: markdown on stdout, JSON in var/bench/coverage_recommend.json.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from bench.coverage_common import RESULTS, machine, markdown_table, timed
from geo.placement import (
    candidate_sites,
    coverage_sets,
    lazy_greedy,
    plain_greedy,
    site_views,
    snap_points,
)

M_PER_DEG = 111_320.0


def incidents(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    centres = rng.uniform([107.5, 12.0], [108.05, 12.55], size=(200, 2))
    pick = rng.integers(0, 200, n)
    spread = rng.normal(0, 100 / M_PER_DEG, size=(n, 2))
    lon, lat = centres[pick, 0] + spread[:, 0], centres[pick, 1] + spread[:, 1]
    weight = rng.choice([1.0, 1.0, 2.0, 3.0, 4.0, 5.0], n)
    return lon, lat, weight


def candidates(lon: np.ndarray, lat: np.ndarray, n_points: int) -> list[tuple[float, float, str]]:
    x, y = snap_points(lon[:20_000], lat[:20_000], 20.0)
    order = np.random.default_rng(3).permutation(len(x))[:n_points]
    return [(float(x[i]), float(y[i]), "incident") for i in order]


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = np.random.default_rng(2025)
    lon, lat, weight = incidents(args.incidents, rng)
    points = candidates(lon, lat, args.sites // 8)

    def end_to_end() -> Any:
        sites = candidate_sites(points, n_directions=8, fov_deg=90.0, range_m=60.0)
        sets = coverage_sets(site_views(sites), lon, lat)
        return sites, sets, lazy_greedy(sets, weight, args.k)

    stats, (sites, sets, picks) = timed(end_to_end, args.runs)
    views_stats, views = timed(
        lambda: site_views(candidate_sites(points, n_directions=8, fov_deg=90.0, range_m=60.0)),
        args.runs,
    )
    sets_stats, _ = timed(lambda: coverage_sets(views, lon, lat), args.runs)
    lazy_stats, lazy = timed(lambda: lazy_greedy(sets, weight, args.k), args.runs)
    plain_stats, plain = timed(lambda: plain_greedy(sets, weight, args.k), args.runs, warmup=0)
    assert [p.site for p in lazy] == [p.site for p in plain]
    return {
        "sites": len(sites),
        "incidents": args.incidents,
        "pairs": int(len(sets.indices)),
        "k": args.k,
        "covered_weight": picks[-1].total,
        "total_weight": float(weight.sum()),
        "end to end (sectors + incidence + lazy greedy)": stats,
        "sectors": views_stats,
        "incidence (STRtree)": sets_stats,
        "lazy greedy": lazy_stats,
        "plain greedy (same picks)": plain_stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--incidents", type=int, default=100_000)
    args = parser.parse_args()
    results = {"machine": machine(), "args": vars(args), "result": run(args)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "coverage_recommend.json").write_text(json.dumps(results, indent=2))
    r = results["result"]
    rows = [
        [label, f"{r[label]['median_ms']:.0f}", f"{r[label]['cpu_median_ms']:.0f}"]
        for label in r
        if isinstance(r[label], dict)
    ]
    print(json.dumps(results["machine"]))
    print(
        f"{r['sites']} sites × {r['incidents']} incidents ({r['pairs']} site-incident pairs), "
        f"k = {r['k']}: covered weight {r['covered_weight']:.0f} of {r['total_weight']:.0f}"
    )
    print(markdown_table(["step", "wall median ms", "CPU median ms"], rows))


if __name__ == "__main__":
    main()

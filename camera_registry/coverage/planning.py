"""Where the next K cameras should go in a unit (lazy greedy maximum coverage).

The ground set is what the network does not see today: the period's incidents
outside every view active on the date (weighted by severity) and, when a
roads layer exists and ``road_weight`` > 0, the uncovered road length cut
into pieces of :data:`ROAD_PIECE_M` metres (weighted ``road_weight`` per km).
Candidate positions come from the uncovered incidents (merged on a
:data:`SNAP_M`-metre grid within each planner-grid cell, and labelled
:data:`INCIDENT_SOURCE`), the gazetteer places and the road vertices inside
the unit; each looks in ``directions`` directions with the standard field of
view and range.
``geo.placement.lazy_greedy`` then picks the sites: each pick comes with its
marginal gain and the running total, and the total is at least 1 − 1/e
(63.2 %) of the best possible choice of K sites.

A snapped incident site still lies within metres of a real incident: callers
who may not see incident points get such sites only as planner-grid cells
(``plan_presenters.plan_json``); the choice itself does not depend on the caller.
The snapping grid does not nest in the planner grid, so incidents are merged
per planner cell and a merged position that falls outside its incidents' cell
is pulled back inside it: a site never shows up in a cell other than that of
the incidents it was drawn from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.coverage import queries, snapshot
from camera_registry.coverage.cells import cells_of, pull_inside
from camera_registry.coverage.params import Period, UnitAt, resolve_unit
from camera_registry.coverage.snapshot import Snapshot
from geo.coverage import VN_GRID_ORIGIN, FloatArray, cell_centres, gaps, grid_index, points_in
from geo.placement import (
    Site,
    candidate_sites,
    coverage_sets,
    lazy_greedy,
    sample_lines,
    site_views,
    snap_points,
)

#: Grid (m) on which candidate positions are merged.
SNAP_M = 20.0
#: The ``Site.source`` of positions drawn from uncovered incidents.
INCIDENT_SOURCE = "incident"
#: Length (m) of the road pieces counted in the ground set.
ROAD_PIECE_M = 10.0


@dataclass(frozen=True)
class PlanOptions:
    """How many cameras, with which optics, and how much a km of road is worth.

    ``planner_grid_m`` is the grid aggregate-only roles see incidents on: a
    position drawn from incidents stays in the cell of those incidents.
    """

    k: int
    fov_deg: float
    range_m: float
    directions: int
    road_weight: float
    max_points: int
    planner_grid_m: float = 500.0


@dataclass(frozen=True)
class Recommendation:
    """One recommended site, what it newly covers and the running total."""

    rank: int
    site: Site
    gain: float
    total: float
    incidents: int
    incident_weight: float
    road_m: float


@dataclass(frozen=True)
class PlanReport:
    """The picks, and the ground set and candidates they were chosen from."""

    at: UnitAt
    period: Period
    options: PlanOptions
    uncovered_incidents: int
    uncovered_weight: float
    uncovered_road_km: float
    candidate_points: dict[str, int]
    candidate_sites: int
    picks: list[Recommendation]

    @property
    def objective_max(self) -> float:
        """The whole ground set's weight: what infinitely many cameras could reach."""
        return self.uncovered_weight + self.options.road_weight * self.uncovered_road_km


@dataclass(frozen=True)
class _Ground:
    lon: FloatArray
    lat: FloatArray
    weight: FloatArray
    road_m: FloatArray  # 0 for incidents
    n_incidents: int


def _ground(snap: Snapshot, at: UnitAt, road_weight: float) -> _Ground:
    inside = points_in(at.geometry, snap.inc_lon, snap.inc_lat)
    open_ = inside & ~points_in(snap.union, snap.inc_lon, snap.inc_lat)
    lon, lat, weight = snap.inc_lon[open_], snap.inc_lat[open_], snap.inc_weight[open_]
    r_lon = r_lat = r_len = np.zeros(0)
    if snap.roads and road_weight > 0:
        uncovered = gaps(at.geometry, snap.union)
        pieces = [
            g for g in shapely.intersection(np.asarray(snap.roads), uncovered) if not g.is_empty
        ]
        r_lon, r_lat, r_len = sample_lines(pieces, ROAD_PIECE_M)
    return _Ground(
        lon=np.concatenate([lon, r_lon]),
        lat=np.concatenate([lat, r_lat]),
        weight=np.concatenate([weight, road_weight * r_len / 1000.0]),
        road_m=np.concatenate([np.zeros(len(lon)), r_len]),
        n_incidents=len(lon),
    )


def _thin(points: list[tuple[float, float, str]], keep: int) -> list[tuple[float, float, str]]:
    if keep <= 0:
        return []
    if len(points) <= keep:
        return points
    step = len(points) / keep
    return [points[int(i * step)] for i in range(keep)]


def _incident_points(
    lon: FloatArray, lat: FloatArray, grid_m: float
) -> list[tuple[float, float, str]]:
    """Incidents merged on the :data:`SNAP_M` grid, each position in its incidents' cell.

    One position per (snap cell, planner cell) pair, in snap-grid order; a snap
    cell's centre outside the planner cell is pulled :data:`SNAP_M` / 2 inside it.
    """
    if len(lon) == 0:
        return []
    cols, rows = grid_index(lon, lat, SNAP_M, VN_GRID_ORIGIN)
    cells = cells_of(lon.tolist(), lat.tolist(), grid_m)
    keys = sorted(set(zip(rows.tolist(), cols.tolist(), cells, strict=True)))
    x, y = cell_centres(
        np.array([k[1] for k in keys], dtype=np.int64),
        np.array([k[0] for k in keys], dtype=np.int64),
        SNAP_M,
        VN_GRID_ORIGIN,
    )
    return [
        (*pull_inside(px, py, cell, grid_m, SNAP_M / 2), INCIDENT_SOURCE)
        for px, py, (_, _, cell) in zip(x.tolist(), y.tolist(), keys, strict=True)
    ]


def _candidate_points(
    session: Session, snap: Snapshot, at: UnitAt, ground: _Ground, options: PlanOptions
) -> list[tuple[float, float, str]]:
    """Candidate positions by source, incidents first, road vertices thinned first."""
    n, limit = ground.n_incidents, options.max_points
    incident_pts = _incident_points(ground.lon[:n], ground.lat[:n], options.planner_grid_m)
    place_pts: list[tuple[float, float, str]] = []
    places = [] if at.geometry.is_empty else queries.places_in(session, bbox=at.geometry.bounds)
    for name, kind, wkb in places:
        for x, y in shapely.get_coordinates(shapely.from_wkb(wkb)).tolist():
            place_pts.append((x, y, f"place:{kind}:{name}"))
    road_pts: list[tuple[float, float, str]] = []
    if snap.roads:
        xy = shapely.get_coordinates(np.asarray(snap.roads))
        r_lon, r_lat = snap_points(xy[:, 0], xy[:, 1], SNAP_M)
        road_pts = [(x, y, "road") for x, y in zip(r_lon.tolist(), r_lat.tolist(), strict=True)]
    chosen: list[tuple[float, float, str]] = []
    for group in (incident_pts, place_pts, road_pts):
        xs = np.array([p[0] for p in group], dtype=float)
        ys = np.array([p[1] for p in group], dtype=float)
        inside = points_in(at.geometry, xs, ys)
        chosen += _thin([p for p, ok in zip(group, inside, strict=True) if ok], limit - len(chosen))
    return chosen


def _picks(
    sites: list[Site], views: list[BaseGeometry], ground: _Ground, k: int
) -> list[Recommendation]:
    sets = coverage_sets(views, ground.lon, ground.lat)
    found = []
    for rank, pick in enumerate(lazy_greedy(sets, ground.weight, k), start=1):
        members = np.array(pick.elements, dtype=np.int64)
        incidents = members[members < ground.n_incidents]
        found.append(
            Recommendation(
                rank=rank,
                site=sites[pick.site],
                gain=pick.gain,
                total=pick.total,
                incidents=len(incidents),
                incident_weight=float(ground.weight[incidents].sum()),
                road_m=float(ground.road_m[members].sum()),
            )
        )
    return found


def recommend(
    session: Session,
    *,
    code: str,
    on: date,
    period: Period,
    weights: Mapping[str, float],
    options: PlanOptions,
) -> PlanReport:
    """Choose up to K new camera sites in a unit, greedily by newly covered weight."""
    at = resolve_unit(session, code=code, on=on)
    snap = snapshot.load(session, area=at.geometry, on=on, period=period, weights=weights)
    ground = _ground(snap, at, options.road_weight)
    points = _candidate_points(session, snap, at, ground, options)
    sites = candidate_sites(
        points, n_directions=options.directions, fov_deg=options.fov_deg, range_m=options.range_m
    )
    picks = _picks(sites, site_views(sites), ground, options.k) if len(ground.lon) else []
    counts: dict[str, int] = {}
    for _, _, source in points:
        key = source.split(":", 1)[0]
        counts[key] = counts.get(key, 0) + 1
    return PlanReport(
        at=at,
        period=period,
        options=options,
        uncovered_incidents=ground.n_incidents,
        uncovered_weight=float(ground.weight[: ground.n_incidents].sum()),
        uncovered_road_km=float(ground.road_m.sum()) / 1000.0,
        candidate_points=counts,
        candidate_sites=len(sites),
        picks=picks,
    )

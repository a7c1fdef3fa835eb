"""Coverage answers for planners: unit figures, child units, gaps and hot spots.

Each answer resolves the unit version for the date (:mod:`.params`), loads a
:class:`~camera_registry.coverage.snapshot.Snapshot` and measures it with
``geo/``.  A unit without a boundary of its own is measured over its communes
that have one, and tallies of communes keep the full list (:mod:`.boundaries`).
Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from shapely.geometry import MultiPolygon
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage import boundaries, queries, snapshot
from camera_registry.coverage.boundaries import Territory
from camera_registry.coverage.cells import GridCell, group_cells
from camera_registry.coverage.params import Period, UnitAt, end_of_day, resolve_unit
from camera_registry.coverage.snapshot import Figures, Snapshot
from camera_registry.vocab import CameraStatus, Level
from geo.coverage import area_km2, gaps, locate_points, points_in, simplify_m


@dataclass(frozen=True)
class UnitBrief:
    """Code, name and level of a unit version."""

    code: str
    name: str
    level: str
    unit_type: str

    @classmethod
    def of(cls, unit: AdminUnit) -> UnitBrief:
        """The brief of a stored unit."""
        return cls(unit.code, unit.name, unit.level, unit.unit_type)


@dataclass(frozen=True)
class Tally:
    """Units of one kind below a unit, and how many have an active camera ("17/17").

    ``total`` is the full list (the national list, boundaries or not);
    ``with_boundary`` how many of them have a boundary loaded.  A unit without one
    has an active camera only through a camera that names it (``commune_basis``
    given).
    """

    total: int
    with_active_camera: int
    without: list[UnitBrief]
    with_boundary: int

    @property
    def label(self) -> str:
        """The ratio as people write it."""
        return f"{self.with_active_camera}/{self.total}"


@dataclass(frozen=True)
class GivenCameras:
    """Cameras counted in the commune they name (no boundary placed them), not by position."""

    total: int
    active: int


@dataclass(frozen=True)
class UnitReport:
    """Figures of a unit, with its child units and communes tallied.

    ``figures`` measure the area analysed (``at.territory``); ``given`` are the
    cameras of the unit's communes that lie outside it, counted by the commune they
    name.
    """

    at: UnitAt
    period: Period
    figures: Figures
    children: Tally
    communes: Tally | None
    given: GivenCameras


@dataclass(frozen=True)
class ChildrenReport:
    """Figures of each child unit of a unit, each over its own area analysed."""

    at: UnitAt
    period: Period
    rows: list[tuple[UnitBrief, Figures, Territory]]


@dataclass(frozen=True)
class GapReport:
    """Where no active camera looks: the unit minus the union of active views."""

    at: UnitAt
    unit_km2: float
    gap_km2: float
    cameras_active: int
    gap: MultiPolygon
    tolerance_m: float

    @property
    def covered_km2(self) -> float:
        """The unit's area inside at least one active view."""
        return max(self.unit_km2 - self.gap_km2, 0.0)

    @property
    def covered_share(self) -> float | None:
        """Share of the unit inside at least one active view."""
        return self.covered_km2 / self.unit_km2 if self.unit_km2 > 0 else None


@dataclass(frozen=True)
class Hotspot:
    """A grid cell ranked by the weight of incidents no working camera saw."""

    rank: int
    cell: GridCell
    by_type: dict[str, int]


@dataclass(frozen=True)
class HotspotReport:
    """The heaviest cells of uncovered incidents in a unit over a period."""

    at: UnitAt
    period: Period
    cell_m: float
    uncovered: int
    uncovered_weight: float
    incidents_total: int
    cells: list[Hotspot]
    cells_total: int


@dataclass(frozen=True)
class Tallied:
    """A unit of a tally: its area analysed (maybe empty) and the communes it is made of."""

    unit: AdminUnit
    geometry: MultiPolygon
    members: frozenset[int]


def tally(snap: Snapshot, units: Sequence[Tallied], given_active: set[int]) -> Tally:
    """How many of ``units`` hold at least one active camera, and which do not.

    A camera counts by its position in a unit's area, or (``given_active``: ids
    of communes named by an active camera of given basis) by the commune it names.
    """
    lon, lat = snap.active_positions()
    drawn = [i for i, u in enumerate(units) if not u.geometry.is_empty]
    hits = locate_points([units[i].geometry for i in drawn], lon, lat)
    seen = {drawn[h] for h in hits[hits >= 0].tolist()}
    seen |= {i for i, u in enumerate(units) if u.members & given_active}
    without = [UnitBrief.of(u.unit) for i, u in enumerate(units) if i not in seen]
    loaded = sum(1 for u in units if boundaries.has_boundary(u.unit))
    return Tally(len(units), len(units) - len(without), without, loaded)


def _tallied(session: Session, units: Sequence[AdminUnit]) -> list[Tallied]:
    """Each unit with its area analysed and its communes (itself, for a commune)."""
    found = []
    for unit in units:
        if unit.level == Level.COMMUNE.value:
            shape = boundaries.geometry_of(unit) or MultiPolygon()
            found.append(Tallied(unit, shape, frozenset({unit.id})))
            continue
        communes = queries.communes_under(session, unit=unit)
        land = boundaries.territory_of(unit, communes)
        found.append(Tallied(unit, land.geometry, frozenset(c.id for c in communes)))
    return found


def _given(
    session: Session, at: UnitAt, communes: Sequence[AdminUnit]
) -> tuple[GivenCameras, set[int]]:
    """Cameras of given basis in the unit's communes, and the communes with an active one."""
    ids = [at.unit.id] if at.unit.level == Level.COMMUNE.value else [c.id for c in communes]
    rows = queries.given_cameras(session, commune_ids=ids, at=end_of_day(at.on))
    active = [cid for cid, state in rows if state == CameraStatus.ACTIVE.value]
    total = sum(1 for _, state in rows if state != CameraStatus.DECOMMISSIONED.value)
    return GivenCameras(total, len(active)), set(active)


def _load(
    session: Session, at: UnitAt, period: Period | None, weights: Mapping[str, float]
) -> Snapshot:
    return snapshot.load(session, area=at.geometry, on=at.on, period=period, weights=weights)


def unit_report(
    session: Session, *, code: str, on: date, period: Period, weights: Mapping[str, float]
) -> UnitReport:
    """Figures of a unit on a date, incidents over a period, children and communes tallied."""
    at = resolve_unit(session, code=code, on=on)
    snap = _load(session, at, period, weights)
    children = _tallied(session, queries.child_units(session, parent_ids=[at.unit.id]))
    below = queries.communes_under(session, unit=at.unit)
    communes = _tallied(session, below)
    given, lit = _given(session, at, below)
    return UnitReport(
        at=at,
        period=period,
        figures=snapshot.figures(snap, at.geometry, at.territory.population),
        children=tally(snap, children, lit),
        communes=tally(snap, communes, lit) if communes else None,
        given=given,
    )


def children_report(
    session: Session, *, code: str, on: date, period: Period, weights: Mapping[str, float]
) -> ChildrenReport:
    """The figures of every child unit of a unit version."""
    at = resolve_unit(session, code=code, on=on)
    snap = _load(session, at, period, weights)
    rows = []
    for child in queries.child_units(session, parent_ids=[at.unit.id]):
        land = boundaries.territory(session, child)
        figures = snapshot.figures(snap, land.geometry, land.population)
        rows.append((UnitBrief.of(child), figures, land))
    return ChildrenReport(at, period, rows)


def gap_report(session: Session, *, code: str, on: date, tolerance_m: float) -> GapReport:
    """The unit's polygon minus the union of active views, simplified for display."""
    at = resolve_unit(session, code=code, on=on)
    snap = snapshot.load(session, area=at.geometry, on=on, period=None, weights={}, roads=False)
    exact = gaps(at.geometry, snap.union)
    lon, lat = snap.active_positions()
    return GapReport(
        at=at,
        unit_km2=area_km2(at.geometry),
        gap_km2=area_km2(exact),
        cameras_active=int(points_in(at.geometry, lon, lat).sum()),
        gap=simplify_m(exact, tolerance_m),
        tolerance_m=tolerance_m,
    )


def hotspot_report(
    session: Session,
    *,
    code: str,
    on: date,
    period: Period,
    weights: Mapping[str, float],
    cell_m: float,
    limit: int,
) -> HotspotReport:
    """Grid cells ranked by the severity-weighted incidents outside any working view.

    The cells are those of the incidents grid (:mod:`.cells`) at ``cell_m``: at
    ``planner_grid_m`` they are exactly the cells aggregate-only roles see incidents in.
    """
    at = resolve_unit(session, code=code, on=on)
    snap = snapshot.load(
        session, area=at.geometry, on=on, period=period, weights=weights, roads=False
    )
    inside = points_in(at.geometry, snap.inc_lon, snap.inc_lat)
    missed = inside & ~np.array([i.in_working_view for i in snap.incidents], dtype=bool)
    index = np.flatnonzero(missed)
    cells = group_cells(
        snap.inc_lon[index].tolist(),
        snap.inc_lat[index].tolist(),
        snap.inc_weight[index].tolist(),
        cell_m,
    )
    ranked = [
        Hotspot(rank, cell, dict(Counter(snap.incidents[index[m]].type for m in cell.members)))
        for rank, cell in enumerate(cells[:limit], start=1)
    ]
    return HotspotReport(
        at=at,
        period=period,
        cell_m=cell_m,
        uncovered=len(index),
        uncovered_weight=float(snap.inc_weight[index].sum()),
        incidents_total=int(inside.sum()),
        cells=ranked,
        cells_total=len(cells),
    )

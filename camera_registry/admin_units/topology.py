"""The topology report of loaded boundaries: overlaps, gaps, parts outside the parent, areas.

Run after every boundary import and by ``camreg units check``.  Only units with
a boundary take part; what cannot be checked is said, not guessed:

* **overlap** — two siblings (same parent, same level) sharing more than the
  tolerance (m²); one finding per pair, ``code`` the lower code.
* **gap** — a part of a parent that none of its children covers, above the
  tolerance; checked only when the parent *and every one* of its children in
  force have a boundary (with some children still missing, uncovered land is
  expected, not a fault).  ``code`` is the child nearest the gap,
  ``other_code`` the parent.
* **outside_parent** — the part of a unit outside its parent's boundary.
* **area_mismatch** — the computed area differs from the published one by more
  than ``area_tolerance``; ``measure`` is the signed difference in percent.
* **parent_without_boundary** — one per parent that has no boundary while some
  of its children do: their gaps and parts outside it were not checked;
  ``measure`` is the number of those children.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.admin_units import topology_queries as tq
from camera_registry.timeutil import today_local
from geo import topology
from geo.coverage import centre_of

Kind = Literal["overlap", "gap", "outside_parent", "area_mismatch", "parent_without_boundary"]
_ORDER = ("overlap", "gap", "outside_parent", "area_mismatch", "parent_without_boundary")
#: Kinds that make ``camreg units check`` fail.
FAULTS = frozenset({"overlap", "gap", "outside_parent"})


@dataclass(frozen=True)
class TopologyFinding:
    """One problem in the loaded boundaries."""

    kind: Kind
    code: str
    other_code: str | None
    measure: float
    message: str


def _m2(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") + " m²"


@dataclass
class _Loaded:
    """The units of one check as parallel arrays (boundaries read once)."""

    ids: list[int]
    codes: list[str]
    levels: list[str]
    parents: list[int | None]
    geoms: np.ndarray[Any, Any]
    area_km2: list[float | None]
    published_km2: list[float | None]
    targets: set[str] | None

    def concerns(self, *codes: str | None) -> bool:
        """Whether a finding on these codes belongs in the report (the scope asked for)."""
        return self.targets is None or any(c in self.targets for c in codes)


def _load(
    session: Session,
    codes: Collection[str] | None,
    on: date,
    known: Mapping[int, BaseGeometry],
) -> _Loaded:
    rows = tq.bounded_units(session, on=on, codes=codes)
    stored = tq.boundary_wkbs(session, unit_ids=[r.id for r in rows if r.id not in known])
    geoms = [known[r.id] if r.id in known else shapely.from_wkb(stored[r.id]) for r in rows]
    return _Loaded(
        ids=[r.id for r in rows],
        codes=[r.code for r in rows],
        levels=[r.level for r in rows],
        parents=[r.parent_id for r in rows],
        geoms=np.array(geoms, dtype=object),
        area_km2=[r.area_km2 for r in rows],
        published_km2=[r.area_published_km2 for r in rows],
        targets=None if codes is None else set(codes),
    )


def check_topology(
    session: Session,
    *,
    codes: Collection[str] | None = None,
    on: date | None = None,
    overlap_tolerance_m2: float = 100.0,
    area_tolerance: float = 0.05,
    known: Mapping[int, BaseGeometry] | None = None,
) -> list[TopologyFinding]:
    """Check the boundaries of the units in force on ``on`` (default today).

    All units with a boundary, or those named by ``codes`` with their siblings,
    parents and children; the findings are those concerning a named unit,
    sorted by kind, then code.  ``known``: boundaries the caller holds (just
    written), by unit id, so they are not read back.
    """
    units = _load(session, codes, on or today_local(), known or {})
    overlaps, overlap_sums = _overlaps(units, overlap_tolerance_m2)
    findings = overlaps + _area_mismatches(units, area_tolerance)
    findings += _parent_checks(
        session, units, on or today_local(), overlap_sums, overlap_tolerance_m2
    )
    return sorted(findings, key=lambda f: (_ORDER.index(f.kind), f.code, f.other_code or ""))


def _overlaps(
    units: _Loaded, tolerance: float
) -> tuple[list[TopologyFinding], dict[int | None, float]]:
    """Sibling overlaps above the tolerance, and each parent's sum of all overlaps (for gaps)."""
    siblings = list(zip(units.parents, units.levels, strict=True))
    keys = {key: n for n, key in enumerate(dict.fromkeys(siblings))}
    groups = np.array([keys[key] for key in siblings], dtype=np.int64)
    left, right = topology.sibling_pairs(units.geoms, groups)
    areas = topology.overlap_areas_m2(units.geoms, left, right)
    sums: dict[int | None, float] = {}
    found = []
    for i, j, area in zip(left.tolist(), right.tolist(), areas.tolist(), strict=True):
        sums[units.parents[i]] = sums.get(units.parents[i], 0.0) + area
        a, b = sorted((units.codes[i], units.codes[j]))
        if area > tolerance and units.concerns(a, b):
            message = f"{a} và {b} chồng lấn {_m2(area)} / {a} and {b} overlap by {_m2(area)}."
            found.append(TopologyFinding("overlap", a, b, area, message))
    return found, sums


def _area_mismatches(units: _Loaded, tolerance: float) -> list[TopologyFinding]:
    """Units whose computed area is off the published one by more than ``tolerance``."""
    missing = [n for n, a in enumerate(units.area_km2) if a is None]
    computed = list(units.area_km2)
    for n, m2 in zip(missing, topology.areas_m2(units.geoms[missing]).tolist(), strict=True):
        computed[n] = m2 / 1e6
    found = []
    for code, area, published in zip(units.codes, computed, units.published_km2, strict=True):
        if area is None or not published or not units.concerns(code):
            continue
        pct = topology.percent_difference(area, published)
        if abs(pct) > tolerance * 100.0:
            message = (
                f"Diện tích tính được của {code} là {area:.2f} km², khác số công bố {published:.2f}"
                f" km² ({pct:+.1f} %) / the computed area of {code}, {area:.2f} km², differs"
                f" from the published {published:.2f} km² by {pct:+.1f} %."
            )
            found.append(TopologyFinding("area_mismatch", code, None, pct, message))
    return found


def _parent_checks(
    session: Session,
    units: _Loaded,
    on: date,
    overlap_sums: dict[int | None, float],
    tolerance: float,
) -> list[TopologyFinding]:
    """Parts outside each parent, gaps inside it, or the note that it has no boundary."""
    index_of = {uid: n for n, uid in enumerate(units.ids)}
    children: dict[int, list[int]] = {}
    for n, parent in enumerate(units.parents):
        if parent is not None:
            children.setdefault(parent, []).append(n)
    facts = tq.parent_facts(session, parent_ids=list(children), on=on)
    found: list[TopologyFinding] = []
    for parent_id, kids in children.items():
        fact = facts[parent_id]
        if not units.concerns(fact.code, *(units.codes[k] for k in kids)):
            continue
        if parent_id not in index_of:
            found.append(_no_boundary(fact, len(kids)))
            continue
        found += _within_parent(units, index_of[parent_id], kids, fact, overlap_sums, tolerance)
    return found


def _no_boundary(fact: tq.ParentFacts, children: int) -> TopologyFinding:
    message = (
        f"{fact.code} chưa có ranh giới: chưa kiểm tra được khoảng trống và phần nằm ngoài của"
        f" {children} đơn vị cấp dưới / {fact.code} has no boundary: gaps and parts outside it"
        f" were not checked for its {children} child units."
    )
    return TopologyFinding("parent_without_boundary", fact.code, None, float(children), message)


def _within_parent(
    units: _Loaded,
    parent: int,
    kids: list[int],
    fact: tq.ParentFacts,
    overlap_sums: dict[int | None, float],
    tolerance: float,
) -> list[TopologyFinding]:
    """The children's parts outside the parent, then (all children bounded) the gaps."""
    geoms, outer = units.geoms[kids], units.geoms[parent]
    outside = topology.outside_areas_m2(geoms, outer)
    found = []
    for k, m2 in zip(kids, outside.tolist(), strict=True):
        code = units.codes[k]
        if m2 > tolerance and units.concerns(code, fact.code):
            message = (
                f"{code} nằm ngoài đơn vị cấp trên {fact.code} {_m2(m2)} / {code} lies"
                f" {_m2(m2)} outside its parent {fact.code}."
            )
            found.append(TopologyFinding("outside_parent", code, fact.code, m2, message))
    if fact.children_with_boundary < fact.children or len(kids) < fact.children:
        return found  # some children still have no boundary: uncovered land is expected
    centre = centre_of(outer)
    areas = topology.areas_m2(np.array([outer, *geoms], dtype=object), centre)
    bound = topology.gap_upper_bound_m2(
        float(areas[0]), areas[1:], outside, np.array([overlap_sums.get(units.ids[parent], 0.0)])
    )
    if bound <= tolerance:
        return found
    for nearest, m2 in topology.gap_parts(outer, geoms, tolerance):
        code = units.codes[kids[nearest]]
        message = (
            f"Khoảng trống {_m2(m2)} trong {fact.code}, cạnh {code} / a gap of {_m2(m2)}"
            f" inside {fact.code}, next to {code}."
        )
        found.append(TopologyFinding("gap", code, fact.code, m2, message))
    return found

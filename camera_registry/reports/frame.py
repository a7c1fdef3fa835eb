"""The administrative units a report is framed in: as they were in the report month.

A report of ``unit`` for a month uses the version of ``unit`` in force on the
month's last day, its child units and the communes below it as they were that
day (a June 2025 report of district 390 has its 17 legacy communes; a July
2025 report of province 38 has the merged communes directly under it).

A unit without a boundary of its own (a province of the national list) is
measured over the union of its communes that have one; communes without a
boundary stay in the frame (N counts the full list) but take cameras only by
the commune a camera names (:mod:`.cameras`).

When the code has no version in force that month, the answer is a 422 problem
that names the successor units (the unit was abolished) or the predecessor
units (it did not exist yet).  ``former=True`` asks instead for a report on the
territory of the unit as it was on its last day, with the units of that day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from shapely.geometry import MultiPolygon
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage import queries as coverage_queries
from camera_registry.coverage.boundaries import (
    OWN,
    BoundaryCount,
    geometry_of,
    has_boundary,
    territory_of,
)
from camera_registry.errors import InvalidInput, NotFound
from camera_registry.reports import queries
from camera_registry.reports.params import last_day
from camera_registry.vocab import Level


class UnitNotInForce(InvalidInput):
    """The unit exists, but not in the month asked (abolished, or created later)."""

    type = "unit-not-in-force"
    title = "Unit not in force in that month"


def in_force(unit: AdminUnit, on: date) -> bool:
    """Whether a unit version was in force on a date."""
    return unit.valid_from <= on and (unit.valid_to is None or on <= unit.valid_to)


@dataclass(frozen=True)
class Frame:
    """The unit version reported on, its children and communes on ``on``.

    ``communes`` is ordered by code: a point on the shared edge of two
    communes belongs to the one with the lower code (as when a camera's or an
    incident's commune is derived).  ``communes_of`` maps each child's id to
    the ids of its communes (a commune child to itself).
    """

    unit: AdminUnit
    on: date
    former: bool
    children: list[AdminUnit]
    communes: list[AdminUnit]
    communes_of: dict[int, list[int]]
    geometry: dict[int, MultiPolygon] = field(repr=False)
    parents: dict[int, AdminUnit] = field(repr=False)
    loaded: frozenset[int] = frozenset()
    basis: str = OWN

    @property
    def commune_ids(self) -> list[int]:
        """Ids of the communes, in code order."""
        return [c.id for c in self.communes]

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """Bounding box of the unit's area analysed (lon/lat); None when it has none."""
        shape = self.geometry.get(self.unit.id)
        if shape is None or shape.is_empty:
            return None
        bounds: tuple[float, float, float, float] = shape.bounds
        return bounds

    def boundaries_of(self, communes: list[int]) -> BoundaryCount:
        """How many of these communes (ids) have a boundary loaded."""
        return BoundaryCount(sum(1 for c in communes if c in self.loaded), len(communes))


def _names(units: list[AdminUnit]) -> str:
    return "; ".join(f"{u.code} {u.name}" for u in units) or "—"


def _not_in_force(session: Session, code: str, month: date, versions: list[AdminUnit]) -> None:
    end = last_day(month)
    earlier = [v for v in versions if v.valid_to is not None and v.valid_to < month]
    if earlier:
        last = earlier[-1]
        successors = queries.successors_of(session, unit_id=last.id)
        gone = last.valid_to + timedelta(days=1) if last.valid_to else month
        raise UnitNotInForce(
            "unit",
            f"{last.name} ({code}) không còn từ {gone:%d/%m/%Y}; đơn vị kế thừa / "
            f"was abolished on {gone:%d/%m/%Y}; successor units: {_names(successors)}. "
            "Báo cáo theo đơn vị kế thừa, hoặc thêm former=true (CLI: --former) để báo cáo trên "
            "địa bàn cũ / report on a successor, or add former=true (CLI: --former) for a report "
            "on its former territory",
        )
    first = versions[0]
    predecessors = queries.predecessors_of(session, unit_id=first.id)
    raise UnitNotInForce(
        "unit",
        f"{first.name} ({code}) chỉ có từ {first.valid_from:%d/%m/%Y}, sau tháng {end:%m/%Y}; "
        f"đơn vị trước đó / exists only from {first.valid_from:%d/%m/%Y}; "
        f"predecessor units: {_names(predecessors)}",
    )


def _version(session: Session, code: str, month: date, former: bool) -> tuple[AdminUnit, date]:
    versions = coverage_queries.unit_versions(session, code=code)
    if not versions:
        raise NotFound(f"Không có đơn vị hành chính mã {code!r} / no administrative unit {code!r}.")
    on = last_day(month)
    for unit in versions:
        if in_force(unit, on):
            return unit, on
    ended = [v for v in versions if v.valid_to is not None and v.valid_to < month]
    if former and ended:
        return ended[-1], ended[-1].valid_to or on
    _not_in_force(session, code, month, versions)
    raise AssertionError("unreachable")


def _communes_of(
    unit: AdminUnit, children: list[AdminUnit], communes: list[AdminUnit]
) -> dict[int, list[int]]:
    if unit.level == Level.COMMUNE.value:
        return {}
    result: dict[int, list[int]] = {}
    by_parent: dict[int | None, list[AdminUnit]] = {}
    for commune in communes:
        by_parent.setdefault(commune.parent_id, []).append(commune)
    for child in children:
        if child.level == Level.COMMUNE.value:
            result[child.id] = [child.id]
        else:
            result[child.id] = [c.id for c in by_parent.get(child.id, [])]
    return result


def resolve_frame(session: Session, *, code: str, month: date, former: bool = False) -> Frame:
    """The units a report of ``code`` for ``month`` is framed in (see the module docstring)."""
    unit, on = _version(session, code, month, former)
    children = [
        u for u in coverage_queries.child_units(session, parent_ids=[unit.id]) if in_force(u, on)
    ]
    if unit.level == Level.COMMUNE.value:
        communes = [unit]
    else:
        below = coverage_queries.communes_under(session, unit=unit)
        communes = sorted((u for u in below if in_force(u, on)), key=lambda u: u.code)
    communes_of = _communes_of(unit, children, communes)
    parents = {u.id: u for u in [unit, *children]}
    return Frame(
        unit=unit,
        on=on,
        former=on < last_day(month),
        children=children,
        communes=communes,
        communes_of=communes_of,
        geometry=_geometries(unit, children, communes, communes_of),
        parents=parents,
        loaded=frozenset(c.id for c in communes if has_boundary(c)),
        basis=territory_of(unit, communes).basis,
    )


def _geometries(
    unit: AdminUnit,
    children: list[AdminUnit],
    communes: list[AdminUnit],
    communes_of: dict[int, list[int]],
) -> dict[int, MultiPolygon]:
    """The area analysed of each unit that has one: its boundary, or its loaded communes'."""
    by_id = {c.id: c for c in communes}
    found = {c.id: g for c in communes if (g := geometry_of(c)) is not None}
    parts = [(unit, communes), *((c, [by_id[i] for i in communes_of[c.id]]) for c in children)]
    for whole, below in parts:
        shape = territory_of(whole, below).geometry
        if not shape.is_empty:
            found[whole.id] = shape
    return found

"""How much of a unit's territory has a loaded boundary, and which area is analysed for it.

Every unit of the country is known from ``camreg init``, but a unit has a
polygon only once a boundary file is imported (``geom IS NOT NULL``).  A
province of the national list usually has no outline of its own; only the
wards its land office published do.  Such a unit is analysed over the union
of the communes below it that have a boundary, and every answer says how many
of its communes that is ("Ranh giới: 15/114 xã đã có").  Counts of communes
(n/N) keep the full list for N; ratios per km² or per resident use only the
area and population of what was analysed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage import queries
from camera_registry.geoconv import from_db, to_multipolygon
from camera_registry.vocab import Level
from geo.coverage import polygonal

#: The area analysed is the unit's own boundary.
OWN = "unit"
#: The area analysed is the union of the communes below the unit that have a boundary.
LOADED = "loaded_communes"
#: Nothing below the unit has a boundary: there is no area to analyse.
NONE = "none"


@dataclass(frozen=True)
class BoundaryCount:
    """How many units of a level below a unit have a boundary, of how many in the list."""

    with_boundary: int
    total: int
    level: str = Level.COMMUNE.value

    @property
    def complete(self) -> bool:
        """Whether every unit counted has its boundary."""
        return self.with_boundary == self.total

    def label(self, lang: str | None = None) -> str:
        """``Ranh giới: 15/114 xã đã có`` (vi), the English, or both with a slash."""
        vi = f"Ranh giới: {self.with_boundary}/{self.total} xã đã có"
        en = f"boundaries: {self.with_boundary} of {self.total} communes loaded"
        if lang == "vi":
            return vi
        if lang == "en":
            return en
        return f"{vi} / {en}"

    def as_json(self) -> dict[str, Any]:
        """``{"with": 15, "total": 114, "level": "commune", "complete": false, "label": …}``."""
        return {
            "with": self.with_boundary,
            "total": self.total,
            "missing": self.total - self.with_boundary,
            "level": self.level,
            "complete": self.complete,
            "label": self.label(),
        }


@dataclass(frozen=True)
class Territory:
    """The area analysed for a unit and how it was chosen (see the module docstring).

    ``geometry`` is the unit's own boundary (``basis`` :data:`OWN`), the union
    of its communes that have one (:data:`LOADED`), or empty (:data:`NONE`).
    ``population`` is that of the area analysed: the unit's own figure, or the
    sum over the communes analysed when every one of them has a figure.
    """

    geometry: MultiPolygon
    basis: str
    boundaries: BoundaryCount
    population: int | None

    @property
    def note(self) -> str | None:
        """What a reader must know about the area analysed (None when nothing is missing)."""
        return basis_note(self.basis, self.boundaries)


def has_boundary(unit: AdminUnit) -> bool:
    """Whether a boundary of the unit is loaded."""
    return unit.geom is not None


def geometry_of(unit: AdminUnit) -> MultiPolygon | None:
    """The unit's own boundary, or None when none is loaded."""
    return None if unit.geom is None else to_multipolygon(from_db(unit.geom))


def count(units: Sequence[AdminUnit], level: str = Level.COMMUNE.value) -> BoundaryCount:
    """How many of ``units`` have a boundary."""
    return BoundaryCount(sum(1 for u in units if has_boundary(u)), len(units), level)


def union_of(units: Sequence[AdminUnit]) -> MultiPolygon:
    """The union of the boundaries of those ``units`` that have one (empty if none has)."""
    shapes = [g for g in (geometry_of(u) for u in units) if g is not None]
    if not shapes:
        return MultiPolygon()
    if len(shapes) == 1:
        return shapes[0]
    return polygonal(shapely.union_all(shapes))


def _population(units: Sequence[AdminUnit]) -> int | None:
    figures = [u.population for u in units]
    if not figures or any(p is None for p in figures):
        return None
    return sum(p or 0 for p in figures)


def territory_of(unit: AdminUnit, communes: Sequence[AdminUnit]) -> Territory:
    """The area analysed for ``unit`` whose communes (the full list) are ``communes``."""
    listed = list(communes) if unit.level != Level.COMMUNE.value else [unit]
    boundaries = count(listed)
    own = geometry_of(unit)
    if own is not None:
        return Territory(own, OWN, boundaries, unit.population)
    loaded = [c for c in listed if has_boundary(c)]
    if not loaded:
        return Territory(MultiPolygon(), NONE, boundaries, None)
    return Territory(union_of(loaded), LOADED, boundaries, _population(loaded))


def territory(session: Session, unit: AdminUnit) -> Territory:
    """The area analysed for ``unit`` (reads the communes below it)."""
    return territory_of(unit, queries.communes_under(session, unit=unit))


def basis_note(basis: str, boundaries: BoundaryCount) -> str | None:
    """The sentence that says what was analysed (None when everything has a boundary)."""
    k, n = boundaries.with_boundary, boundaries.total
    if basis == NONE:
        return (
            f"Chưa có ranh giới nào được nạp (0/{n} xã): không có diện tích để phân tích. / "
            f"No boundary is loaded yet (0 of {n} communes): there is no area to analyse."
        )
    if basis == LOADED:
        return (
            f"Đơn vị chưa có ranh giới riêng: diện tích, độ phủ và các tỷ lệ theo km² hay theo "
            f"1.000 dân chỉ tính trên {k}/{n} xã đã có ranh giới. / The unit has no boundary of "
            f"its own: area, coverage and per-km² or per-1,000-resident ratios cover only the "
            f"{k} of {n} communes whose boundaries are loaded."
        )
    if not boundaries.complete:
        return (
            f"{boundaries.label('vi')}; xã chưa có ranh giới không được xếp camera theo vị trí. / "
            f"{boundaries.label('en')}; communes without one get no camera by position."
        )
    return None

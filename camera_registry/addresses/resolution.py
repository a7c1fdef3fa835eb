"""What an address resolved to: the step that answered, the precision, and the place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

from camera_registry.addresses.units import Unit, UnitIndex
from camera_registry.places.vocab import Precision


class Step(StrEnum):
    """The step of the resolution chain that answered."""

    COORDINATES = "coordinates"
    GAZETTEER = "gazetteer"
    ADMIN_UNITS = "admin_units"
    GEOCODER = "geocoder"


STEP_LABELS: dict[Step, tuple[str, str]] = {
    Step.COORDINATES: ("Tọa độ nhập trực tiếp", "Typed coordinates"),
    Step.GAZETTEER: ("Danh mục địa danh", "Local gazetteer"),
    Step.ADMIN_UNITS: ("Đơn vị hành chính", "Administrative units"),
    Step.GEOCODER: ("Dịch vụ mã hóa địa chỉ ngoài", "External geocoder"),
}


@dataclass(frozen=True)
class UnitRef:
    """An administrative unit version, as reported with a resolution."""

    id: int
    code: str
    name: str
    label: str  # with its parents: "Xã Cẩm Liên, Huyện Cẩm Thủy, Tỉnh Thanh Hóa"
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class CommuneRef(UnitRef):
    """The commune of a resolution, with the units it maps to across 1 July 2025."""

    successors: tuple[UnitRef, ...] = ()  # today's units, for a legacy commune
    predecessors: tuple[UnitRef, ...] = ()  # legacy units merged into a current one


@dataclass(frozen=True)
class Candidate:
    """One ranked possibility for an address part."""

    label: str
    kind: str
    score: float
    lon: float
    lat: float
    commune_code: str | None
    inside_commune: bool


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving an address.

    ``point`` — ``(lon, lat)`` in WGS84 — is set for point precisions; ``area``
    for street and commune precision (the lookup then returns every camera whose
    view meets the area).
    """

    text: str
    step: Step
    precision: Precision
    label: str
    point: tuple[float, float] | None
    area: BaseGeometry | None
    commune: CommuneRef | None
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def imprecise(self) -> bool:
        """True unless the address was placed on a point or a named place."""
        return self.precision not in (Precision.EXACT_POINT, Precision.PLACE)


def unit_ref(index: UnitIndex, unit: Unit) -> UnitRef:
    """A unit version as reported."""
    row = unit.row
    return UnitRef(row.id, row.code, row.name, index.label(unit), row.valid_from, row.valid_to)


def commune_ref(index: UnitIndex, unit: Unit) -> CommuneRef:
    """A commune with its successors (legacy) or predecessors (current)."""
    base = unit_ref(index, unit)
    links = (
        index.successors.get(unit.row.id, [])
        if unit.row.valid_to
        else index.predecessors.get(unit.row.id, [])
    )
    refs = tuple(
        unit_ref(index, index.units[i])
        for i in sorted(links, key=lambda i: index.units[i].row.code)
        if index.units[i].row.level == unit.row.level
    )
    if unit.row.valid_to:
        return CommuneRef(**vars(base), successors=refs)
    return CommuneRef(**vars(base), predecessors=refs)

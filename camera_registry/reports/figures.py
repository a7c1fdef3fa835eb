"""The monthly report as data: what every format (JSON, CSV, XLSX, HTML, PDF) renders.

Everything here is an aggregate: counts, hours, areas, camera codes.  No
incident description, address, case code or point ever enters the model, so
no format can leak one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from shapely.geometry import MultiPolygon

from camera_registry.coverage.boundaries import OWN, BoundaryCount
from camera_registry.reports.params import ReportRequest
from camera_registry.vocab import IncidentType

#: Incident types in the order reports list them.
TYPES: tuple[str, ...] = tuple(t.value for t in IncidentType)
#: The boundary count of a unit with no commune.
NO_COMMUNES = BoundaryCount(0, 0)


@dataclass(frozen=True, slots=True)
class TypeFigures:
    """Incidents of one type in one period, and how many had footage."""

    incidents: int = 0
    footage_available: int | None = 0
    clarified: int = 0


@dataclass(frozen=True)
class IncidentBlock:
    """Incidents of a unit in one period, by type (every type listed, zeros included).

    ``footage_available`` is ``None`` for periods in which it is not computed
    (the cumulative period: see ``service``).
    """

    by_type: dict[str, TypeFigures]

    @property
    def incidents(self) -> int:
        """All incidents of the period."""
        return sum(f.incidents for f in self.by_type.values())

    @property
    def clarified(self) -> int:
        """Incidents clarified with footage."""
        return sum(f.clarified for f in self.by_type.values())

    @property
    def footage_available(self) -> int | None:
        """Incidents inside the view of a camera working at that moment (or None)."""
        values = [f.footage_available for f in self.by_type.values()]
        return None if any(v is None for v in values) else sum(v or 0 for v in values)


@dataclass(frozen=True)
class CameraFigures:
    """Cameras of a unit in the month."""

    installed_in_month: int
    in_service: int
    active_at_end: int
    active_hours: float
    service_hours: float
    by_ownership: dict[str, int]
    by_programme: dict[str, int]
    communes_with_active: int
    communes_total: int


@dataclass(frozen=True)
class CoverageFigures:
    """The unit's area and the part of it inside the view of an active camera (month end).

    The area is the unit's boundary, or the union of its communes that have one.
    """

    area_km2: float
    covered_km2: float


@dataclass(frozen=True)
class UnitFigures:
    """Everything a report says about one unit (the unit itself or one child)."""

    code: str
    name: str
    level: str
    unit_type: str
    cameras: CameraFigures
    month: IncidentBlock
    previous_month: IncidentBlock
    same_month_last_year: IncidentBlock
    cumulative: IncidentBlock
    coverage: CoverageFigures | None = None
    boundaries: BoundaryCount = NO_COMMUNES


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit named in a list (a commune without cameras, a camera's commune)."""

    code: str
    name: str


@dataclass(frozen=True)
class TrendPoint:
    """One month of the 12-month trend of the unit."""

    month: date
    incidents: int
    clarified: int


@dataclass(frozen=True, slots=True)
class CameraContribution:
    """A camera and the incidents its footage helped (decisive or supporting clips)."""

    code: str
    commune: UnitRef
    ownership: str
    programme: str | None
    installed_on: date | None
    status_at_end: str | None
    total: int
    last_12_months: int
    clarified: int


@dataclass(frozen=True)
class Comparison:
    """Communes that gained cameras against communes that did not (RES and its CI).

    ``a``/``b``: incidents in communes that gained cameras, before/after;
    ``c``/``d``: the same in communes that did not.  RES = (a·d)/(b·c); values
    above 1 mean incidents fell more (or rose less) where cameras were added.
    """

    before: tuple[date, date]
    gain: tuple[date, date]
    after: tuple[date, date]
    treated: list[UnitRef]
    control: list[UnitRef]
    excluded: list[UnitRef]
    a: int
    b: int
    c: int
    d: int
    min_count: int
    res: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def shown(self) -> bool:
        """Whether every count is large enough for the RES to be shown."""
        return self.res is not None


@dataclass(frozen=True)
class MapArea:
    """One area of the coverage map: a child unit (or the unit itself) and its shape."""

    code: str
    name: str
    geometry: MultiPolygon
    covered_share: float | None


@dataclass(frozen=True)
class MonthlyReport:
    """One unit's monthly effectiveness report."""

    request: ReportRequest
    generated_at: datetime
    units_on: date
    former: bool
    valid_from: date
    valid_to: date | None
    total: UnitFigures
    children: list[UnitFigures]
    communes_without_active: list[UnitRef]
    trend: list[TrendPoint]
    contributors: list[CameraContribution]
    idle: list[CameraContribution]
    idle_since: date
    comparison: Comparison
    notes: list[str] = field(default_factory=list)
    map_areas: list[MapArea] = field(default_factory=list)
    area_basis: str = OWN

    @property
    def boundaries(self) -> BoundaryCount:
        """How many of the unit's communes (the full list) have a boundary loaded."""
        return self.total.boundaries

    @property
    def rows(self) -> list[UnitFigures]:
        """The unit first, then its children."""
        return [self.total, *self.children]

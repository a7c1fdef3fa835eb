"""The date, period and unit a coverage question is about.

A unit is named by its GSO code plus a date: the version in force that day,
or, when the code has none that day, its latest version (and the answer says
so).  Cameras count as active on a date when they were active at the end of
that day (Asia/Ho_Chi_Minh); a period runs from the start of its first day to
the end of its last day, local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shapely.geometry import MultiPolygon
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage import queries
from camera_registry.coverage.boundaries import Territory, territory
from camera_registry.errors import InvalidInput, NotFound
from camera_registry.timeutil import LOCAL_TZ, today_local

#: Length of the default period: the 365 days ending on the date asked.
DEFAULT_PERIOD_DAYS = 365


@dataclass(frozen=True)
class Period:
    """Whole local days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def start_utc(self) -> datetime:
        """The first instant of the period."""
        return local_midnight(self.start)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the period."""
        return local_midnight(self.end + timedelta(days=1))


@dataclass(frozen=True)
class UnitAt:
    """The unit version a question is about, and whether it was in force that day.

    ``geometry`` is the area analysed: the unit's boundary, or the union of its
    communes that have one (``territory`` says which, and how many communes have one).
    """

    unit: AdminUnit
    geometry: MultiPolygon
    on: date
    in_force: bool
    note: str | None
    territory: Territory


def local_midnight(day: date) -> datetime:
    """The UTC instant at which a local (Asia/Ho_Chi_Minh) day begins."""
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The last instant of a local day (cameras 'active on a date' are active then)."""
    return local_midnight(day + timedelta(days=1)) - timedelta(microseconds=1)


def pick_date(on: date | None, at: date | None) -> date:
    """The date asked with ``on`` or its alias ``at`` (default: today in Vietnam)."""
    if on is not None and at is not None and on != at:
        raise InvalidInput("at", "give either 'on' or 'at', not two different dates").with_field(
            "on", "give either 'on' or 'at', not two different dates"
        )
    return on or at or today_local()


def make_period(on: date, start: date | None, end: date | None) -> Period:
    """The period asked; by default the 365 days ending on ``on``."""
    end = end or on
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if end < start:
        raise InvalidInput(
            "to", f"the period must not end ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})"
        )
    return Period(start, end)


def _span(unit: AdminUnit) -> str:
    until = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "nay / now"
    return f"{unit.valid_from:%d/%m/%Y}–{until}"


def resolve_unit(session: Session, *, code: str, on: date) -> UnitAt:
    """The version of ``code`` in force on ``on``, else its latest version (with a note).

    The area analysed is the unit's boundary or, without one, the union of its
    communes that have one (:mod:`.boundaries`).
    """
    versions = queries.unit_versions(session, code=code)
    if not versions:
        raise NotFound(f"Không có đơn vị hành chính mã {code!r} / no administrative unit {code!r}.")
    for unit in versions:
        if unit.valid_from <= on and (unit.valid_to is None or on <= unit.valid_to):
            land = territory(session, unit)
            return UnitAt(unit, land.geometry, on, True, None, land)
    latest = versions[-1]
    note = (
        f"Đơn vị {code} không có phiên bản hiệu lực ngày {on:%d/%m/%Y}; dùng phiên bản mới nhất "
        f"({_span(latest)}). / Unit {code} has no version in force on {on:%d/%m/%Y}; "
        f"using its latest version ({_span(latest)})."
    )
    land = territory(session, latest)
    return UnitAt(latest, land.geometry, on, False, note, land)

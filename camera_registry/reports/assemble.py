"""Turning counted incidents, placed cameras and contributions into the report's parts.

Nothing here touches the database: :mod:`.service` loads, this module shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from camera_registry.admin_units.models import AdminUnit
from camera_registry.coverage.boundaries import BoundaryCount
from camera_registry.reports import incidents
from camera_registry.reports.cameras import PlacedCamera, figures
from camera_registry.reports.figures import (
    NO_COMMUNES,
    CameraContribution,
    CoverageFigures,
    UnitFigures,
    UnitRef,
)
from camera_registry.reports.frame import Frame
from camera_registry.reports.incidents import LAST_YEAR, MONTH, Tally, Timeline
from camera_registry.reports.params import add_months


def unit_figures(
    unit: AdminUnit,
    communes: Sequence[int],
    *,
    tally: Tally,
    tl: Timeline,
    cameras: Sequence[PlacedCamera],
    coverage: CoverageFigures | None,
    boundaries: BoundaryCount = NO_COMMUNES,
) -> UnitFigures:
    """Everything the report says about one unit made of ``communes`` (the full list)."""
    month = tl.month
    return UnitFigures(
        code=unit.code,
        name=unit.name,
        level=unit.level,
        unit_type=unit.unit_type,
        cameras=figures(cameras, communes, month),
        month=incidents.month_block(tally, communes, tl, month, MONTH),
        previous_month=incidents.month_block(tally, communes, tl, add_months(month, -1), None),
        same_month_last_year=incidents.month_block(
            tally, communes, tl, add_months(month, -12), LAST_YEAR
        ),
        cumulative=incidents.block(tally, communes, tl.cumulative, None),
        coverage=coverage,
        boundaries=boundaries,
    )


def communes_without(frame: Frame, cameras: Sequence[PlacedCamera]) -> list[UnitRef]:
    """The frame's communes with no camera active at the end of the month."""
    lit = {c.commune_id for c in cameras if c.active}
    return [UnitRef(c.code, c.name) for c in frame.communes if c.id not in lit]


def _contribution(
    camera: PlacedCamera, commune: UnitRef, counts: tuple[int, int, int]
) -> CameraContribution:
    row = camera.row
    return CameraContribution(
        code=row.code,
        commune=commune,
        ownership=row.ownership,
        programme=row.programme,
        installed_on=row.installed_on,
        status_at_end=row.status_end,
        total=counts[0],
        last_12_months=counts[1],
        clarified=counts[2],
    )


def contributions(
    frame: Frame,
    cameras: Sequence[PlacedCamera],
    counts: Sequence[tuple[int, int, int, int]],
    idle_since: date,
) -> tuple[list[CameraContribution], list[CameraContribution]]:
    """Cameras ranked by the incidents their footage helped, and those idle for 12 months.

    Idle: in service at month end, installed before ``idle_since``, no
    helped incident since then (cameras with no installation date are left
    out: nobody can say how long they have had).
    """
    communes = {c.id: UnitRef(c.code, c.name) for c in frame.communes}
    by_id = {c.row.id: c for c in cameras}
    helped = {cid: (total, recent, ok) for cid, total, recent, ok in counts if cid in by_id}
    ranked = sorted(
        (
            _contribution(by_id[cid], communes[by_id[cid].commune_id], n)
            for cid, n in helped.items()
        ),
        key=lambda c: (-c.total, -c.last_12_months, c.code),
    )
    idle = [
        _contribution(c, communes[c.commune_id], helped.get(c.row.id, (0, 0, 0)))
        for c in cameras
        if c.in_service
        and c.row.installed_on is not None
        and c.row.installed_on < idle_since
        and helped.get(c.row.id, (0, 0, 0))[1] == 0
    ]
    idle.sort(key=lambda c: (c.commune.code, c.code))
    return ranked, idle

"""Camera figures of a report: placed in the frame's communes by position, timed by status history.

* installed in the month: ``installed_on`` falls in the month (local dates);
* in service at month end: a status other than decommissioned at the last
  instant of the month (a camera with no status event yet did not exist);
* active at month end: status active at that instant;
* uptime: hours active over hours in service during the month, summed over
  the cameras, to the hundredth of an hour (a camera installed or
  decommissioned mid-month counts for the part of the month it was in service);
* ownership and programme: of the cameras in service at month end.

A camera belongs to the frame commune its position lies in (lowest code on a
shared edge), so cameras installed before the 1 July 2025 reorganisation are
counted in the merged communes of a later report.  A camera whose commune was
given rather than derived (no boundary of it was loaded) belongs to the commune
it names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from camera_registry.reports.figures import CameraFigures
from camera_registry.reports.frame import Frame
from camera_registry.reports.params import add_months
from camera_registry.reports.queries import CameraRow
from camera_registry.vocab import CameraStatus, Ownership
from geo.coverage import locate_points

ACTIVE = CameraStatus.ACTIVE.value
GONE = CameraStatus.DECOMMISSIONED.value
#: Key of cameras without a programme in ``by_programme``.
NO_PROGRAMME = ""


@dataclass(frozen=True, slots=True)
class PlacedCamera:
    """A camera, the frame commune it lies in, and its hours in the month."""

    row: CameraRow
    commune_id: int
    active_hours: float
    service_hours: float

    @property
    def in_service(self) -> bool:
        """In service at the end of the month."""
        return self.row.status_end is not None and self.row.status_end != GONE

    @property
    def active(self) -> bool:
        """Active at the end of the month."""
        return self.row.status_end == ACTIVE


def _hours(
    row: CameraRow, changes: list[tuple[datetime, str]], start: datetime, end: datetime
) -> tuple[float, float]:
    """Hours active and hours in service between ``start`` and ``end``."""
    active = service = 0.0
    status, since = row.status_start, start
    for moment, new in [*changes, (end, "")]:
        span = (moment - since).total_seconds() / 3600.0
        if status is not None and status != GONE:
            service += span
            if status == ACTIVE:
                active += span
        status, since = new, moment
    return active, service


def _communes_of_rows(
    frame: Frame, rows: Sequence[CameraRow], given: Mapping[int, int]
) -> list[int | None]:
    """The frame commune of each camera: by position among loaded boundaries, or as named."""
    loaded = [c for c in frame.communes if c.id in frame.geometry]
    placed = [r for r in rows if r.given_commune is None]
    lon = np.array([r.lon for r in placed], dtype=float)
    lat = np.array([r.lat for r in placed], dtype=float)
    where = iter(locate_points([frame.geometry[c.id] for c in loaded], lon, lat).tolist())
    found: list[int | None] = []
    for row in rows:
        if row.given_commune is not None:
            found.append(given.get(row.given_commune))
            continue
        index = next(where)
        found.append(loaded[index].id if index >= 0 else None)
    return found


def place(
    frame: Frame,
    rows: Sequence[CameraRow],
    changes: Sequence[tuple[int, datetime, str]],
    start: datetime,
    end: datetime,
    given: Mapping[int, int] | None = None,
) -> list[PlacedCamera]:
    """The cameras of the frame's communes, with their hours in ``[start, end)``.

    ``given`` maps a commune version a camera of given basis may name to the
    frame commune whose territory it is (the attribution's direct links).
    """
    communes = _communes_of_rows(frame, rows, given or {})
    by_camera: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for camera_id, moment, status in changes:
        by_camera[camera_id].append((moment, status))
    placed = []
    for row, commune in zip(rows, communes, strict=True):
        if commune is None:
            continue
        active, service = _hours(row, by_camera.get(row.id, []), start, end)
        placed.append(PlacedCamera(row, commune, active, service))
    return placed


def figures(cameras: Sequence[PlacedCamera], communes: Sequence[int], month: date) -> CameraFigures:
    """The camera figures of the communes ``communes`` (a commune, a district, the unit)."""
    wanted = set(communes)
    mine = [c for c in cameras if c.commune_id in wanted]
    serving = [c for c in mine if c.in_service]
    next_month = add_months(month, 1)
    installed = sum(
        1 for c in mine if c.row.installed_on and month <= c.row.installed_on < next_month
    )
    owners = Counter(c.row.ownership for c in serving)
    programmes = Counter(c.row.programme or NO_PROGRAMME for c in serving)
    with_active = {c.commune_id for c in mine if c.active}
    return CameraFigures(
        installed_in_month=installed,
        in_service=len(serving),
        active_at_end=sum(1 for c in mine if c.active),
        active_hours=round(sum(c.active_hours for c in mine), 2),
        service_hours=round(sum(c.service_hours for c in mine), 2),
        by_ownership={o.value: owners.get(o.value, 0) for o in Ownership},
        by_programme=dict(sorted(programmes.items())),
        communes_with_active=len(with_active),
        communes_total=len(wanted),
    )

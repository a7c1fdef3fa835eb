"""Camera queries of reports: positions, status at two instants, status changes, contributions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.coverage.queries import status_at_moment
from camera_registry.reports.models import CameraMonthTally
from camera_registry.spatial_sql import BBox
from camera_registry.vocab import CommuneBasis


@dataclass(frozen=True, slots=True)
class CameraRow:
    """A camera near the unit, with its status at the start and at the end of the month.

    ``given_commune`` is the commune a camera of given basis names (its position
    decides nothing: no boundary of that commune was loaded); None for the others.
    """

    id: int
    code: str
    lon: float
    lat: float
    ownership: str
    programme: str | None
    installed_on: date | None
    status_start: str | None
    status_end: str | None
    given_commune: int | None = None


def in_frame(session: Session, bbox: BBox | None, given: Sequence[int]) -> ColumnElement[bool]:
    """Cameras of a report: positioned in ``bbox``, or naming one of the ``given`` communes.

    A camera of derived basis is placed by its position (so only ``bbox`` can
    bring it in); a camera of given basis by the commune it names.
    """
    clauses: list[ColumnElement[bool]] = []
    if bbox is not None:
        clauses.append(spatial_sql.bbox_candidates(session, Camera.geom, bbox))
    if given:
        named = and_(
            Camera.commune_basis == CommuneBasis.GIVEN.value, Camera.commune_id.in_(list(given))
        )
        clauses.append(named)
    return or_(*clauses) if clauses else false()


def camera_rows(
    session: Session,
    *,
    bbox: BBox | None,
    start: datetime,
    changes: Sequence[tuple[int, datetime, str]],
    given: Sequence[int] = (),
) -> list[CameraRow]:
    """Cameras of the frame (:func:`in_frame`), with their status at ``start`` and at the end.

    ``changes`` are the cameras' status events after ``start`` up to the end
    (:func:`status_changes`, in order): the status at the end is the last of
    them, or the status at ``start`` when there is none.
    """
    stmt = (
        select(
            Camera.id,
            Camera.code,
            func.ST_X(Camera.geom),
            func.ST_Y(Camera.geom),
            Camera.ownership,
            Camera.programme,
            Camera.installed_on,
            status_at_moment(start),
            Camera.commune_basis,
            Camera.commune_id,
        )
        .where(in_frame(session, bbox, given))
        .order_by(Camera.id)
    )
    last = {camera_id: status for camera_id, _, status in changes}
    return [
        CameraRow(
            i,
            code,
            float(x),
            float(y),
            own,
            prog,
            inst,
            s0,
            last.get(i, s0),
            commune if basis == CommuneBasis.GIVEN.value else None,
        )  # fmt: skip
        for i, code, x, y, own, prog, inst, s0, basis, commune in session.execute(stmt)
    ]


def status_changes(
    session: Session,
    *,
    bbox: BBox | None,
    start: datetime,
    end: datetime,
    given: Sequence[int] = (),
) -> list[tuple[int, datetime, str]]:
    """Status events with ``start < effective_at <= end`` of the frame's cameras, in order."""
    stmt = (
        select(
            CameraStatusEvent.camera_id, CameraStatusEvent.effective_at, CameraStatusEvent.status
        )
        .join(Camera, Camera.id == CameraStatusEvent.camera_id)
        .where(
            in_frame(session, bbox, given),
            CameraStatusEvent.effective_at > start,
            CameraStatusEvent.effective_at <= end,
        )
        .order_by(CameraStatusEvent.camera_id, CameraStatusEvent.effective_at, CameraStatusEvent.id)
    )
    return [(c, t, s) for c, t, s in session.execute(stmt)]


def contributions(
    session: Session,
    *,
    bbox: BBox | None,
    since: date,
    recent: date,
    end: date,
    given: Sequence[int] = (),
) -> list[tuple[int, int, int, int]]:
    """Per camera of the frame: incidents its footage helped (decisive or supporting clips).

    ``(camera id, incidents of months since, incidents of months since recent,
    of the former those clarified with footage)``, for incidents of the local
    months from ``since`` (and ``recent``) up to before ``end`` (month starts),
    read from the trigger-kept ``camera_month_tally``; cameras that helped none
    are left out.
    """
    t = CameraMonthTally
    helped = func.sum(t.helped)
    stmt = (
        select(
            t.camera_id,
            helped,
            func.sum(case((t.month >= recent, t.helped), else_=0)),
            func.sum(t.clarified),
        )
        .join(Camera, Camera.id == t.camera_id)
        .where(
            t.month >= since,
            t.month < end,
            in_frame(session, bbox, given),
        )
        .group_by(t.camera_id)
        .having(helped > 0)
    )
    return [(c, int(a), int(b), int(k)) for c, a, b, k in session.execute(stmt)]

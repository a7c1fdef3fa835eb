"""Status changes: appended to the history, mirrored on the camera, audited.

Effective times may be backdated (a fault noticed today began yesterday) but
not set in the future, nor before the camera was installed.  Whatever the order
in which events are recorded, ``camera.status`` is the status of the latest
event by effective time, and ``camera.decommissioned_on`` is that event's
local date when it is a decommissioning.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras import history, queries
from camera_registry.cameras.concurrency import guarded_write
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.cameras.placement import writable_camera
from camera_registry.cameras.schemas import StatusChange
from camera_registry.cameras.service import audit_camera
from camera_registry.db import now_utc
from camera_registry.errors import InvalidInput
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import CameraStatus

#: Clock skew tolerated between a client saying "now" and the server.
CLOCK_SKEW = timedelta(minutes=1)


def as_aware(moment: datetime) -> datetime:
    """An aware datetime; a naive one is read as Asia/Ho_Chi_Minh time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_TZ)


def effective_time(
    camera: Camera, moment: datetime | None, field: str = "effective_at"
) -> datetime:
    """The checked effective time of a change to ``camera`` (default: now)."""
    if moment is None:
        return now_utc()
    at = as_aware(moment).astimezone(UTC)
    if at > now_utc() + CLOCK_SKEW:
        raise InvalidInput(field, "must not be in the future")
    if camera.installed_on is not None:
        installed = datetime.combine(camera.installed_on, time(), LOCAL_TZ)
        if at < installed:
            raise InvalidInput(
                field,
                f"must not be before the camera was installed ({camera.installed_on:%d/%m/%Y})",
            )
    return at


def record_status(
    session: Session,
    camera: Camera,
    *,
    status: CameraStatus,
    at: datetime,
    reason: str | None,
    actor: Principal,
) -> CameraStatusEvent:
    """Append a status event and bring the camera's status in line with the history.

    The caller audits (after all its row changes are flushed).
    """
    event = CameraStatusEvent(
        camera_id=camera.id,
        status=status.value,
        effective_at=at,
        reason=reason,
        recorded_by=actor.username,
    )
    session.add(event)
    session.flush()
    latest = history.event_at(session, camera_id=camera.id)
    assert latest is not None
    camera.status = latest.status
    camera.decommissioned_on = (
        latest.effective_at.astimezone(LOCAL_TZ).date()
        if latest.status == CameraStatus.DECOMMISSIONED.value
        else None
    )
    session.flush()
    return event


def change_status(
    session: Session,
    *,
    code: str,
    change: StatusChange,
    actor: Principal,
    accepted: frozenset[int] | None,
) -> Camera:
    """Record a status change of one camera (If-Match optional: events never overwrite)."""
    camera = writable_camera(
        session, code=code, actor=actor, doing="change the status of cameras", accepted=accepted
    )
    at = effective_time(camera, change.effective_at)
    camera_id, start = camera.id, camera.version
    with guarded_write(
        session,
        what=f"Camera {code}",
        expected=start,
        reread=lambda: queries.current_version(session, camera_id=camera_id),
    ):
        record_status(
            session, camera, status=change.status, at=at, reason=change.reason, actor=actor
        )
        detail = {"status": change.status.value, "effective_at": at, "reason": change.reason}
        audit_camera(session, actor, "camera.status", code, detail)
    return camera


def status_at_moment(
    session: Session, *, code: str, at: datetime | None
) -> tuple[datetime, CameraStatus | None, CameraStatusEvent | None]:
    """A camera's status at ``at`` (default now) and the event that set it."""
    row = queries.require_camera(session, code=code)
    moment = as_aware(at).astimezone(UTC) if at is not None else now_utc()
    camera_id = row.camera.id
    status = history.status_at(session, camera_ids=[camera_id], at=moment)[camera_id]
    return moment, status, history.event_at(session, camera_id=camera_id, at=moment)


def history_of(session: Session, *, code: str) -> list[CameraStatusEvent]:
    """A camera's status events, oldest first."""
    camera_id = queries.require_camera(session, code=code).camera.id
    return history.events_of(session, camera_id=camera_id)

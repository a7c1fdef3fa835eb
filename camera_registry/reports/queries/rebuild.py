"""Recounting the trigger-kept report summaries from the raw rows.

After a load that bypasses triggers (``session_replication_role = replica``,
a restore), ``camreg report-tally --rebuild`` calls :func:`rebuild_tally`.
Each summary is recomputed with the owning domain's own definition: "inside
the view of a camera working at that moment" from the coverage domain,
"clarified with footage" from the incidents domain.
"""

from __future__ import annotations

from sqlalchemy import (
    and_,
    case,
    delete,
    distinct,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.cameras.models import Camera
from camera_registry.coverage.queries import status_at_moment
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.queries import DONE, USEFUL, clarified_with_footage
from camera_registry.reports.models import CameraMonthTally, IncidentInView, IncidentMonthTally
from camera_registry.reports.queries.tally import local_month
from camera_registry.vocab import CameraStatus


def _rebuild_in_view(session: Session) -> None:
    """List every incident inside the view of a camera active at its moment.

    The same predicate as ``seen_by_working_camera``, driven from the cameras
    (a few thousand index probes) rather than from millions of incidents.
    """
    pairs = (
        select(Incident.id)
        .distinct()
        .select_from(Camera)
        .join(
            Incident,
            and_(
                spatial_sql.index_meets(session, Incident.geom, Camera.view_geom),
                func.ST_Intersects(Camera.view_geom, Incident.geom),
            ),
        )
        .where(status_at_moment(Incident.occurred_at) == CameraStatus.ACTIVE.value)
    )
    session.execute(delete(IncidentInView))
    session.execute(insert(IncidentInView).from_select(["incident_id"], pairs))


def _rebuild_incident_tally(session: Session) -> int:
    month = local_month(session, Incident.occurred_at)
    tag = func.sum(case((clarified_with_footage(), 1), else_=0))
    in_view = exists().where(IncidentInView.incident_id == Incident.id)
    seen = func.sum(case((in_view, 1), else_=0))
    source = (
        select(Incident.commune_id, month, Incident.type, func.count(), tag, seen)
        .where(Incident.commune_id.is_not(None))
        .group_by(Incident.commune_id, month, Incident.type)
    )
    t = IncidentMonthTally
    session.execute(delete(t))
    columns = [t.commune_id, t.month, t.type, t.incidents, t.clarified, t.footage_available]
    session.execute(insert(t).from_select(columns, source))
    return int(session.scalar(select(func.count()).select_from(t)) or 0)


def _rebuild_camera_tally(session: Session) -> None:
    """Per camera and month: incidents its useful clips helped, and those clarified.

    Joined through a useful clip, an incident is clarified with footage
    exactly when its status is clarified or closed.
    """
    month = local_month(session, Incident.occurred_at)
    done = case((Incident.status.in_(DONE), Incident.id))
    source = (
        select(
            FootageEvidence.camera_id,
            month,
            func.count(distinct(Incident.id)),
            func.count(distinct(done)),
        )
        .join(Incident, Incident.id == FootageEvidence.incident_id)
        .where(FootageEvidence.usefulness.in_(USEFUL))
        .group_by(FootageEvidence.camera_id, month)
    )
    t = CameraMonthTally
    session.execute(delete(t))
    session.execute(insert(t).from_select([t.camera_id, t.month, t.helped, t.clarified], source))


def rebuild_tally(session: Session) -> int:
    """Recount every report summary from the incidents, clips, cameras and status history.

    Returns the number of monthly incident tally rows written; the caller commits.
    """
    _rebuild_in_view(session)
    rows = _rebuild_incident_tally(session)
    _rebuild_camera_tally(session)
    return rows

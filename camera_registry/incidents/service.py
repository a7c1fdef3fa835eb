"""Incident writes: point and commune, status lifecycle with history, audit.

The commune is derived by point-in-polygon among the units in force on the
day of the incident (Vietnam time).  Where no loaded boundary holds the point,
the commune the request names (``commune_code``) is taken when that commune
has no boundary yet — as for cameras; incidents keep no basis column, so a
later boundary import finds such incidents by point-in-polygon.  A point
outside every boundary that names no such commune (the error lists the nearest
communes), a given commune that disagrees with the point, or an unknown time is
a 422 and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.admin_units import queries as units
from camera_registry.admin_units.models import AdminUnit
from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras.nearest import NearestFinder, named_without_boundary, outside_reason
from camera_registry.cameras.queries import CommuneRef
from camera_registry.db import now_utc
from camera_registry.errors import Conflict, InvalidInput
from camera_registry.geoconv import to_db
from camera_registry.incidents import queries
from camera_registry.incidents.access import require_details, require_object
from camera_registry.incidents.address import resolve_point
from camera_registry.incidents.models import Incident, IncidentStatusEvent
from camera_registry.incidents.schemas import IncidentCreate, StatusChange
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import IncidentStatus

STATUS_ORDER = list(IncidentStatus)


def _point(session: Session, data: IncidentCreate) -> tuple[float, float]:
    if data.lon is not None and data.lat is not None:
        return data.lon, data.lat
    if data.lon is not None or data.lat is not None:
        missing = "lat" if data.lat is None else "lon"
        raise InvalidInput(missing, "give both lon and lat, or an address to resolve")
    if not data.address:
        raise InvalidInput("address", "give lon and lat, or an address to resolve").with_field(
            "lon", "give lon and lat, or an address to resolve"
        )
    return resolve_point(session, data.address)


def _commune(
    session: Session, lon: float, lat: float, day: date, code: str | None
) -> AdminUnit | CommuneRef:
    """The incident's commune: by its point, or the named one where no boundary is loaded."""
    commune = units.commune_containing(session, lon=lon, lat=lat, on=day)
    if commune is None:
        named, why_not = named_without_boundary(session, code, day)
        if named is not None:
            return named
        reason = outside_reason(lon, lat, day, why_not + NearestFinder(session).hint(lon, lat, day))
        raise InvalidInput("lon", reason).with_field("lat", reason)
    if code is not None and code != commune.code:
        raise InvalidInput(
            "commune_code",
            f"the point lies in commune {commune.code} ({commune.name}), not {code}",
        )
    return commune


def build_incident(session: Session, *, data: IncidentCreate, actor: Principal) -> Incident:
    """Validate and add an incident with its first status events (flushed, not committed)."""
    lon, lat = _point(session, data)
    day = data.occurred_at.astimezone(LOCAL_TZ).date()
    commune = _commune(session, lon, lat, day, data.commune_code)
    require_details(actor, commune.code)
    if queries.case_code_exists(session, case_codes=[data.case_code]):
        raise Conflict(f"An incident with case code {data.case_code!r} already exists.")
    incident = Incident(
        case_code=data.case_code,
        type=data.type.value,
        occurred_at=data.occurred_at,
        occurred_until=data.occurred_until,
        geom=to_db(Point(lon, lat)),
        address=data.address,
        commune_id=commune.id,
        status=data.status.value,
        description=data.description,
    )
    session.add(incident)
    session.flush()
    _history(session, incident, data.status, actor.username)
    return incident


def _history(session: Session, incident: Incident, status: IncidentStatus, actor: str) -> None:
    session.add(
        IncidentStatusEvent(
            incident_id=incident.id,
            status=IncidentStatus.REPORTED.value,
            effective_at=incident.occurred_at,
            note="reported",
            recorded_by=actor,
        )
    )
    if status != IncidentStatus.REPORTED:
        session.add(
            IncidentStatusEvent(
                incident_id=incident.id,
                status=status.value,
                effective_at=now_utc(),
                recorded_by=actor,
            )
        )


def create_incident(session: Session, *, data: IncidentCreate, actor: Principal) -> Incident:
    """Record an incident; audited."""
    incident = build_incident(session, data=data, actor=actor)
    audit.record_for(
        session,
        actor,
        "incident.create",
        object_type="incident",
        object_id=incident.case_code,
    )
    session.commit()
    return incident


def _check_move(current: IncidentStatus, target: IncidentStatus) -> None:
    if target == current:
        raise InvalidInput("status", f"the incident is already {current.value}")
    if STATUS_ORDER.index(target) < STATUS_ORDER.index(current):
        raise InvalidInput(
            "status",
            f"cannot go back from {current.value} to {target.value} "
            "(reported → investigating → clarified → closed)",
        )


def change_status(
    session: Session, *, case_code: str, change: StatusChange, actor: Principal
) -> Incident:
    """Move an incident forward in its lifecycle; the change joins its history, audited."""
    row = queries.get_incident(session, case_code=case_code)
    missing = f"No incident has case code {case_code!r}."
    require_object(actor, row.commune_code if row else None, found=row is not None, missing=missing)
    assert row is not None
    incident = row.incident
    _check_move(IncidentStatus(incident.status), change.status)
    at: datetime = change.effective_at or now_utc()
    history = queries.status_history(session, incident_id=incident.id)
    if history and at < history[-1].effective_at:
        raise InvalidInput("effective_at", "must not be before the incident's last status change")
    incident.status = change.status.value
    session.add(
        IncidentStatusEvent(
            incident_id=incident.id,
            status=change.status.value,
            effective_at=at,
            note=change.note,
            recorded_by=actor.username,
        )
    )
    audit.record_for(
        session,
        actor,
        "incident.status",
        object_type="incident",
        object_id=case_code,
        detail=change.status.value,
    )
    session.commit()
    return incident

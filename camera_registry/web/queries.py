"""Queries made for the map page only; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import Session, aliased

from camera_registry.admin_units.models import AdminUnit
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.queries import DONE, USEFUL


@dataclass(frozen=True)
class Contribution:
    """One clip of a camera used for an incident, with what the incident was."""

    evidence_id: int
    usefulness: str
    clip_start: datetime
    clip_end: datetime
    clock_offset_s: float
    case_code: str
    incident_type: str
    incident_status: str
    occurred_at: datetime
    commune_code: str | None
    clarified_with_footage: bool


def _clarified_with_footage() -> ColumnElement[bool]:
    """``incidents.queries.clarified_with_footage`` over its own alias of the clip table.

    The listing below selects from ``footage_evidence`` itself, so the tag's
    EXISTS must not correlate with that row.
    """
    other = aliased(FootageEvidence)
    useful = exists().where(other.incident_id == Incident.id, other.usefulness.in_(USEFUL))
    return and_(Incident.status.in_(DONE), useful)


def contributions_of_camera(session: Session, *, camera_id: int) -> list[Contribution]:
    """Every clip of a camera linked to an incident, most recent incident first."""
    stmt = (
        select(
            FootageEvidence.id,
            FootageEvidence.usefulness,
            FootageEvidence.clip_start,
            FootageEvidence.clip_end,
            FootageEvidence.clock_offset_s,
            Incident.case_code,
            Incident.type,
            Incident.status,
            Incident.occurred_at,
            AdminUnit.code,
            _clarified_with_footage(),
        )
        .join(Incident, Incident.id == FootageEvidence.incident_id)
        .outerjoin(AdminUnit, AdminUnit.id == Incident.commune_id)
        .where(FootageEvidence.camera_id == camera_id)
        .order_by(Incident.occurred_at.desc(), FootageEvidence.id.desc())
    )
    return [
        Contribution(
            evidence_id=r[0],
            usefulness=r[1],
            clip_start=r[2],
            clip_end=r[3],
            clock_offset_s=float(r[4] or 0.0),
            case_code=r[5],
            incident_type=r[6],
            incident_status=r[7],
            occurred_at=r[8],
            commune_code=r[9],
            clarified_with_footage=bool(r[10]),
        )
        for r in session.execute(stmt)
    ]

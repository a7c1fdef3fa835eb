"""Linking footage to an incident, and reading it (every read is audited).

A clip is accepted only when it makes sense: the camera exists, its view
contains the incident point (or an explicit reason says why footage from
elsewhere matters — it is then ``flagged``), a privately held camera's clip
references the footage request it was obtained through, and the corrected
clip window is not in the future.  The first custody event ('extracted')
is written with it, and the chain's head goes into the audit trail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras.models import Camera
from camera_registry.db import now_utc
from camera_registry.errors import Conflict, InvalidInput
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.evidence.candidates import candidate_body, candidates
from camera_registry.incidents.evidence.common import (
    audit_object,
    incident_for,
    new_custody_event,
    readable_evidence,
)
from camera_registry.incidents.evidence.custody import GENESIS
from camera_registry.incidents.evidence.presenters import evidence_body
from camera_registry.incidents.models import FootageEvidence, Incident
from camera_registry.incidents.requests import service as requests_service
from camera_registry.incidents.requests.vocab import PRIVATE_OWNERSHIPS
from camera_registry.incidents.schemas import EvidenceCreate


def _camera(session: Session, code: str) -> Camera:
    camera = eq.camera_by_code(session, code=code)
    if camera is None:
        raise InvalidInput("camera_code", f"no camera has code {code!r}")
    return camera


def _flagged(session: Session, incident: Incident, camera: Camera, data: EvidenceCreate) -> bool:
    if eq.view_contains_incident(session, camera_id=camera.id, incident_id=incident.id):
        return False
    if not data.outside_view_reason:
        raise InvalidInput(
            "outside_view_reason",
            f"camera {camera.code}'s view does not contain the incident point; give a reason "
            "to link its footage anyway (e.g. it shows an approach route) — it will be flagged",
        )
    return True


def _times(data: EvidenceCreate) -> None:
    offset = timedelta(seconds=data.clock_offset_s)
    now = now_utc()
    if data.clip_end - offset > now:
        raise InvalidInput(
            "clip_end", "is in the future once the recorder's clock offset is corrected"
        )
    extracted = data.extracted_at or now
    if extracted < data.clip_end - offset:
        raise InvalidInput("extracted_at", "must not be before the clip's (corrected) end")


def add_evidence(
    session: Session, *, case_code: str, data: EvidenceCreate, actor: Principal
) -> FootageEvidence:
    """Link a clip to an incident with its first custody event; audited."""
    incident = incident_for(session, case_code, actor)
    camera = _camera(session, data.camera_code)
    flagged = _flagged(session, incident, camera, data)
    _times(data)
    if eq.clip_exists(session, incident_id=incident.id, camera_id=camera.id, sha256=data.sha256):
        raise Conflict(f"This file of camera {camera.code} is already linked to {case_code}.")
    if camera.ownership in PRIVATE_OWNERSHIPS or data.request_id is not None:
        requests_service.use_for_evidence(
            session, request_id=data.request_id, incident=incident, camera=camera, actor=actor
        )
    evidence = FootageEvidence(
        incident_id=incident.id,
        camera_id=camera.id,
        flagged=flagged,
        extracted_by=data.extracted_by or actor.username,
        extracted_at=(data.extracted_at or now_utc()).replace(microsecond=0),
        **data.model_dump(
            include={
                "clip_start",
                "clip_end",
                "clock_offset_s",
                "sha256",
                "size_bytes",
                "storage_uri",
                "usefulness",
                "note",
                "outside_view_reason",
                "request_id",
            },
            mode="python",
        ),
    )
    session.add(evidence)
    session.flush()
    first = new_custody_event(
        evidence_id=evidence.id,
        seq=1,
        action="extracted",
        actor=evidence.extracted_by,
        occurred_at=evidence.extracted_at,
        note=None,
        prev_hash=GENESIS,
    )
    session.add(first)
    head = {"custody_seq": 1, "custody_hash": first.hash, "flagged": flagged}
    audit_object(session, actor, "evidence.create", "evidence", evidence.id, detail=head)
    session.commit()
    return evidence


def read_evidence(session: Session, *, evidence_id: int, user: Principal) -> dict[str, Any]:
    """One clip; the read is audited."""
    row = readable_evidence(session, evidence_id=evidence_id, user=user)
    audit_object(session, user, "evidence.read", "evidence", evidence_id)
    session.commit()
    return evidence_body(row)


def evidence_of_incident(
    session: Session, *, case_code: str, user: Principal
) -> list[dict[str, Any]]:
    """The clips of an incident; each read is audited."""
    incident = incident_for(session, case_code, user)
    rows = eq.evidence_of_incident(session, incident_id=incident.id)
    for row in rows:
        audit_object(session, user, "evidence.read", "evidence", row.evidence.id)
    session.commit()
    return [evidence_body(row) for row in rows]


def candidates_of_incident(session: Session, *, case_code: str, user: Principal) -> dict[str, Any]:
    """The incident's evidence candidates with request deadlines; the lookup is audited."""
    incident = incident_for(session, case_code, user)
    hits = candidates(session, incident=incident)
    owners = eq.ownership_of(session, camera_ids=[h.camera_id for h in hits])
    audit_object(
        session, user, "incident.candidates", "incident", case_code, detail={"cameras": len(hits)}
    )
    session.commit()
    return {
        "case_code": case_code,
        "candidates": [candidate_body(h, user, owners.get(h.camera_id)) for h in hits],
    }

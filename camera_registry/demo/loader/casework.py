"""Storing the demo's casework: incidents, footage requests and footage evidence."""

from __future__ import annotations

from datetime import timedelta

from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.demo.loader.units import commune_id
from camera_registry.demo.records import DATA_END, DemoDataset
from camera_registry.geoconv import to_db
from camera_registry.incidents.evidence.custody import GENESIS, custody_digest
from camera_registry.incidents.models import (
    CustodyEvent,
    FootageEvidence,
    FootageRequest,
    FootageRequestEvent,
    Incident,
    IncidentStatusEvent,
)
from camera_registry.incidents.requests.vocab import FootageRequestStatus


def store_incidents(session: Session, data: DemoDataset) -> dict[str, int]:
    """Store the incidents with their status histories; case code → id."""
    ids: dict[str, int] = {}
    for rec in data.incidents:
        incident = Incident(
            case_code=rec.case_code,
            type=rec.type.value,
            occurred_at=rec.occurred_at,
            geom=to_db(Point(rec.lon, rec.lat)),
            address=rec.address,
            commune_id=commune_id(session, rec.lon, rec.lat, rec.occurred_at.date()),
            status=rec.status.value,
            description=rec.description,
        )
        session.add(incident)
        session.flush()
        ids[rec.case_code] = incident.id
        session.add(
            IncidentStatusEvent(
                incident_id=incident.id,
                status="reported",
                effective_at=rec.occurred_at,
                recorded_by="demo",
            )
        )
        if rec.status.value != "reported":
            later = min(rec.occurred_at + timedelta(days=3), DATA_END)
            session.add(
                IncidentStatusEvent(
                    incident_id=incident.id,
                    status=rec.status.value,
                    effective_at=later,
                    recorded_by="demo",
                )
            )
    return ids


def store_requests(
    session: Session, data: DemoDataset, cameras: dict[str, int], incidents: dict[str, int]
) -> dict[tuple[str, str], int]:
    """Store the footage requests and their histories; (case, camera) → id of each delivered one."""
    delivered: dict[tuple[str, str], int] = {}
    for rec in data.requests:
        request = FootageRequest(
            incident_id=incidents[rec.case_code],
            camera_id=cameras[rec.camera_code],
            status=rec.status.value,
            retention_deadline=rec.retention_deadline,
            holder_contacted=rec.holder_contacted,
            requested_by=rec.requested_by,
            requested_at=rec.requested_at,
            note=rec.note,
            updated_at=rec.history[-1].at,
        )
        session.add(request)
        session.flush()
        session.add_all(
            FootageRequestEvent(
                request_id=request.id, status=step.status.value, at=step.at,
                actor=step.actor, note=step.note,
            )
            for step in rec.history
        )  # fmt: skip
        if rec.status is FootageRequestStatus.DELIVERED:
            delivered[rec.case_code, rec.camera_code] = request.id
    return delivered


def store_evidence(
    session: Session,
    data: DemoDataset,
    cameras: dict[str, int],
    incidents: dict[str, int],
    requests: dict[tuple[str, str], int],
) -> None:
    """Store the footage evidence, each with the first link of its custody chain."""
    for rec in data.evidence:
        evidence = FootageEvidence(
            incident_id=incidents[rec.case_code],
            camera_id=cameras[rec.camera_code],
            clip_start=rec.clip_start,
            clip_end=rec.clip_end,
            sha256=rec.sha256,
            size_bytes=rec.size_bytes,
            storage_uri=rec.storage_uri,
            extracted_by=rec.extracted_by,
            extracted_at=rec.extracted_at,
            usefulness=rec.usefulness.value,
            note=rec.note,
            request_id=requests.get((rec.case_code, rec.camera_code)),
        )
        session.add(evidence)
        session.flush()
        digest = custody_digest(
            prev_hash=GENESIS,
            evidence_id=evidence.id,
            seq=1,
            action="extracted",
            actor=rec.extracted_by,
            occurred_at=rec.extracted_at,
            note=None,
        )
        session.add(
            CustodyEvent(
                evidence_id=evidence.id,
                seq=1,
                action="extracted",
                actor=rec.extracted_by,
                occurred_at=rec.extracted_at,
                prev_hash=GENESIS,
                hash=digest,
            )
        )

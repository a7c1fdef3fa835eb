"""Write the generated demo dataset into the registry (one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.admin_units.models import BEGINNING_OF_RECORDS, AdminUnit, AdminUnitSuccession
from camera_registry.admin_units.queries import commune_containing
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.demo.records import DATA_END, DemoDataset, DemoUnit
from camera_registry.errors import Conflict
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
from camera_registry.places.models import Place
from camera_registry.textnorm import fold
from camera_registry.vocab import Level, Role
from geo import view_sector

SOURCE = "camreg demo (see camera_registry/demo/data/SOURCES.md)"
Progress = Callable[[str, int], None]
_LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


class UnitIndex:
    """Finds the version of a unit (by code) in force on a date."""

    def __init__(self) -> None:
        self._by_code: dict[str, list[AdminUnit]] = {}

    def add(self, unit: AdminUnit) -> None:
        """Remember a stored unit."""
        self._by_code.setdefault(unit.code, []).append(unit)

    def on(self, code: str, day: date) -> AdminUnit:
        """The version of ``code`` in force on ``day``."""
        for unit in self._by_code.get(code, []):
            if unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to):
                return unit
        raise KeyError(f"unit {code} is not in force on {day}")


def _store_units(session: Session, units: tuple[DemoUnit, ...]) -> UnitIndex:
    """Store the demo's units; a unit already known (the national list) gets its polygon."""
    index = UnitIndex()
    stmt = select(AdminUnit).where(AdminUnit.code.in_({u.code for u in units}))
    known = {(u.code, u.valid_from): u for u in session.scalars(stmt)}
    for record in sorted(units, key=lambda u: (_LEVEL_ORDER[u.level], u.code)):
        valid_from = record.valid_from or BEGINNING_OF_RECORDS
        parent = index.on(record.parent_code, valid_from) if record.parent_code else None
        unit = known.get((record.code, valid_from))
        if unit is None:
            unit = AdminUnit(
                code=record.code,
                name=record.name,
                name_folded=fold(record.name),
                level=record.level.value,
                unit_type=record.unit_type,
                valid_from=valid_from,
                valid_to=record.valid_to,
            )
            session.add(unit)
        unit.parent_id = parent.id if parent else None
        unit.geom = to_db(record.geometry)
        unit.boundary_quality = record.boundary_quality
        unit.source = SOURCE
        session.flush()
        index.add(unit)
    return index


def _store_successions(session: Session, data: DemoDataset, units: UnitIndex) -> None:
    """Link the demo's units; links the national list already stored are skipped."""
    link = AdminUnitSuccession
    stored = {(p, s) for p, s in session.execute(select(link.predecessor_id, link.successor_id))}
    for s in data.successions:
        pred = units.on(s.predecessor_code, s.effective_on - timedelta(days=1)).id
        succ = units.on(s.successor_code, s.effective_on).id
        if (pred, succ) not in stored:
            session.add(
                link(
                    predecessor_id=pred, successor_id=succ, effective_on=s.effective_on, note=s.note
                )
            )


def _commune_id(session: Session, lon: float, lat: float, day: date) -> int | None:
    """Derive the commune by point-in-polygon, as the registry does for every write."""
    commune = commune_containing(session, lon=lon, lat=lat, on=day)
    return commune.id if commune else None


def _store_cameras(session: Session, data: DemoDataset) -> dict[str, int]:
    ids: dict[str, int] = {}
    for rec in data.cameras:
        sector = view_sector(rec.lon, rec.lat, rec.direction_deg, rec.fov_deg, rec.range_m)
        camera = Camera(
            code=rec.code,
            geom=to_db(Point(rec.lon, rec.lat)),
            commune_id=_commune_id(session, rec.lon, rec.lat, rec.installed_on),
            address=rec.address,
            direction_deg=rec.direction_deg,
            fov_deg=rec.fov_deg,
            range_m=rec.range_m,
            height_m=rec.height_m,
            kind=rec.kind.value,
            ownership=rec.ownership.value,
            owner_name=rec.owner_name,
            owner_contact=rec.owner_contact,
            programme=rec.programme,
            installed_on=rec.installed_on,
            status=rec.status.value,
            retention_days=rec.retention_days,
            connected_to_centre=rec.connected_to_centre,
            view_geom=to_db(sector),
            source=SOURCE,
        )
        session.add(camera)
        session.flush()
        ids[rec.code] = camera.id
        session.add_all(
            CameraStatusEvent(
                camera_id=camera.id,
                status=h.status.value,
                effective_at=h.effective_at,
                reason=h.reason,
                recorded_by="demo",
            )
            for h in rec.history
        )
    return ids


def _store_incidents(session: Session, data: DemoDataset) -> dict[str, int]:
    ids: dict[str, int] = {}
    for rec in data.incidents:
        incident = Incident(
            case_code=rec.case_code,
            type=rec.type.value,
            occurred_at=rec.occurred_at,
            geom=to_db(Point(rec.lon, rec.lat)),
            address=rec.address,
            commune_id=_commune_id(session, rec.lon, rec.lat, rec.occurred_at.date()),
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


def _store_requests(
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


def _store_evidence(
    session: Session,
    data: DemoDataset,
    cameras: dict[str, int],
    incidents: dict[str, int],
    requests: dict[tuple[str, str], int],
) -> None:
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


def _store_places(session: Session, data: DemoDataset) -> None:
    day = DATA_END.date()
    for rec in data.places:
        session.add(
            Place(
                name=rec.name,
                name_folded=fold(rec.name),
                kind=rec.kind,
                address=rec.address,
                commune_id=_commune_id(session, rec.lon, rec.lat, day),
                geom=to_db(Point(rec.lon, rec.lat)),
                source=SOURCE,
            )
        )


def _store_users(session: Session, data: DemoDataset) -> None:
    first_commune = min(
        u.code for u in data.units if u.level == Level.COMMUNE and u.parent_code == "390"
    )
    for role in Role:
        if accounts.get_user(session, username=f"demo-{role.value}") is None:
            scopes = [first_commune] if role == Role.COMMUNE_OFFICER else []
            accounts.add_user(
                session,
                username=f"demo-{role.value}",
                role=role.value,
                full_name=f"Demo {role.value}",
                commune_codes=scopes,
            )


def load_demo(session: Session, data: DemoDataset, progress: Progress | None = None) -> None:
    """Store the dataset and the demo users, then commit; refuse if already loaded."""
    step = progress or (lambda _label, _n: None)
    if session.scalar(select(Camera.id).where(Camera.code == data.cameras[0].code)):
        raise Conflict("The demo dataset is already loaded.")
    units = _store_units(session, data.units)
    _store_successions(session, data, units)
    step("units", len(data.units))
    cameras = _store_cameras(session, data)
    step("cameras", len(data.cameras))
    incidents = _store_incidents(session, data)
    step("incidents", len(data.incidents))
    requests = _store_requests(session, data, cameras, incidents)
    _store_evidence(session, data, cameras, incidents, requests)
    _store_places(session, data)
    _store_users(session, data)
    total = len(data.requests) + len(data.evidence) + len(data.places)
    step("footage requests, evidence, places and users", total)
    session.commit()

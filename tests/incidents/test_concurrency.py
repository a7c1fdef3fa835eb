"""Custody events appended at the same moment never fork the chain (committed, both engines)."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.errors import Conflict
from camera_registry.incidents import service
from camera_registry.incidents.evidence import custody_service
from camera_registry.incidents.evidence import service as evidence_service
from camera_registry.incidents.schemas import CustodyCreate, EvidenceCreate, IncidentCreate
from camera_registry.vocab import Role
from tests.incidents.conftest import new_hash

ADMIN = Principal(user_id=0, username="officer", role=Role.INVESTIGATOR)
PER_WRITER = 6


def _evidence(url: str, camera: str, lon: float, lat: float) -> int:
    engine = make_engine(url)
    at = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)  # the small database has the legacy commune
    with Session(engine) as session:
        service.create_incident(
            session,
            data=IncidentCreate(case_code="RACE-1", type="robbery", occurred_at=at, lon=lon,
                                lat=lat),
            actor=ADMIN,
        )  # fmt: skip
        clip = EvidenceCreate(
            camera_code=camera, clip_start=at - timedelta(minutes=3),
            clip_end=at + timedelta(minutes=3), sha256=new_hash(), usefulness="decisive",
        )  # fmt: skip
        evidence = evidence_service.add_evidence(
            session, case_code="RACE-1", data=clip, actor=ADMIN
        )
        evidence_id = int(evidence.id)
    engine.dispose()
    return evidence_id


def test_concurrent_appends_keep_one_valid_chain(small_db):
    url, camera, lon, lat = small_db
    evidence_id = _evidence(url, camera, lon, lat)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    barrier = threading.Barrier(2)
    conflicts: list[int] = []
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        user = Principal(user_id=0, username=name, role=Role.INVESTIGATOR)
        try:
            barrier.wait()
            done = 0
            while done < PER_WRITER:
                with factory() as session:
                    try:
                        custody_service.append_event(
                            session, evidence_id=evidence_id,
                            data=CustodyCreate(action="viewed", note=name), actor=user,
                        )  # fmt: skip
                        done += 1
                    except Conflict:
                        conflicts.append(1)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert not errors, errors
        with factory() as session:
            report = custody_service.chain_report(session, evidence_id=evidence_id)
        assert report.valid, report
        assert report.length == 1 + 2 * PER_WRITER
    finally:
        engine.dispose()

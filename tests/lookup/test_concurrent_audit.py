"""Lookups running side by side each write their audit row: none fails on the write lock."""

from __future__ import annotations

from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.db import make_engine
from camera_registry.lookup.audited import Actor, lookup_point
from camera_registry.lookup.service import cameras_for_point
from tests.factories import MigratedDb

LON, LAT = 105.346023, 20.20542
ACTOR = Actor("investigator-1", "investigator", lambda _commune: False)


def test_a_lookup_audits_after_another_one_committed_meanwhile(
    migrated_db: MigratedDb, engine_name: str
):
    # SQLite (WAL) refuses at once to turn a read transaction into a write when
    # another connection committed since it began; the lookup must not hit that.
    url = migrated_db("concurrent_lookups")
    engine = make_engine(url)
    try:
        with Session(engine) as first, Session(engine) as second:
            cameras_for_point(first, lon=LON, lat=LAT)  # first's transaction has read
            lookup_point(second, lon=LON, lat=LAT, at=None, radius_m=300, actor=ACTOR)
            lookup_point(first, lon=LON, lat=LAT, at=None, radius_m=300, actor=ACTOR)
        with Session(engine) as check:
            assert audit.count(check) == 2
            assert audit.first_broken(check) is None
    finally:
        engine.dispose()

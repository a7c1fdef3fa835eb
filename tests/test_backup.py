"""Backup and restore round trips, proven by checksums of every table's rows."""

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.backup.service import backup, restore
from camera_registry.backup.verify import verify_chains
from camera_registry.cli import app
from camera_registry.db import make_engine
from camera_registry.demo.loader import load_demo
from camera_registry.demo.records import DemoDataset
from tests.factories import MigratedDb, checksums_at


@pytest.fixture
def loaded_url(migrated_db: MigratedDb, demo_data: DemoDataset) -> str:
    return migrated_db("camreg_backup_src", seed=lambda session: load_demo(session, demo_data))


def test_round_trip_into_a_fresh_database(loaded_url, fresh_db_url, tmp_path):
    before = checksums_at(loaded_url)
    assert before["camera"][0] == 1157 and before["custody_event"][0] > 0
    dump = tmp_path / "camreg.backup"
    backup(loaded_url, dump)
    target = fresh_db_url("camreg_backup_dst")
    restore(target, dump)
    assert checksums_at(target) == before
    engine = make_engine(target)
    with Session(engine) as session:
        assert verify_chains(session).ok
    engine.dispose()


def test_restore_replaces_later_changes_and_detects_tampered_backups(
    loaded_url, tmp_path, monkeypatch
):
    before = checksums_at(loaded_url)
    dump = tmp_path / "camreg.backup"
    backup(loaded_url, dump)
    engine = make_engine(loaded_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM camera_status_event WHERE id < 50"))
        conn.execute(text("UPDATE custody_event SET actor = 'mallory' WHERE id = 3"))
    with Session(engine) as session:
        assert verify_chains(session).broken_evidence  # the tampering shows
    engine.dispose()
    monkeypatch.setenv("CAMREG_DATABASE_URL", loaded_url)
    result = CliRunner().invoke(app, ["restore", str(dump), "--yes"])
    assert result.exit_code == 0, result.output
    assert "custody chains and the audit trail verify" in result.output
    assert checksums_at(loaded_url) == before


def test_restore_of_a_missing_file_fails_cleanly(fresh_db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMREG_DATABASE_URL", fresh_db_url("camreg_backup_missing"))
    result = CliRunner().invoke(app, ["restore", str(tmp_path / "nope.backup"), "--yes"])
    assert result.exit_code == 1 and "no backup file" in result.output

"""Faults: an import killed half-way leaves the database exactly as before; one that
another connection writes beside still writes, or stops with a conflict.

A real ``camreg import cameras FILE`` runs in a child process against a file
(SpatiaLite) or cluster (PostGIS) database.  The child is stopped with SIGKILL
while it is demonstrably writing: a pause is put into the import's own write
step, which reports how many cameras its open transaction already holds and
then waits to be killed.  Pausing there, not after some number of seconds,
makes the kill land inside the write transaction on any machine, however slow.
Two kill points are tried: after the new cameras are inserted but before the
changed ones are updated, and after every row is written but before the audit
row and the commit.  Afterwards a checksum of every table's ordered rows
(geometries included) must equal the one taken before, and the same file must
then import normally.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras.models import Camera
from camera_registry.db import make_engine
from camera_registry.demo.records import DemoDataset
from camera_registry.errors import Conflict
from camera_registry.imports.report import ImportReport
from camera_registry.imports.service import ImportOptions, run_import
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.factories import MigratedDb, add_demo_unit, checksums_at
from tests.imports.filegen import cameras, csv_bytes, legacy_communes, vi_row

REPO_ROOT = Path(__file__).resolve().parents[1]
ADMIN = Principal(user_id=0, username="test-setup", role=Role.ADMIN)
EXISTING = 200  # committed before the killed import, which changes each of them
NEW = 3000  # inserted by the killed import
MARKER = "CAMREG-TEST-WRITING"
#: Safety limit for the child to reach its write step (a hang, not a timing assertion).
REACH_WRITE_S = 240

#: Runs ``camreg import cameras FILE`` with a pause in one write step (argv: FILE, STEP).
CHILD = textwrap.dedent(
    f"""
    import os, sys, time
    from sqlalchemy import func, select
    from camera_registry.cameras.models import Camera
    from camera_registry.cli import app
    from camera_registry.imports import bulk

    path, step = sys.argv[1], sys.argv[2]
    original = getattr(bulk, step)

    def pause(session, *, rows):
        if step == "insert_status_events":
            original(session, rows=rows)
        session.flush()
        held = session.scalar(select(func.count()).select_from(Camera))
        print("{MARKER}", held, flush=True, file=sys.stderr)
        time.sleep(600)
        os._exit(3)  # never commit, even if nobody kills us

    setattr(bulk, step, pause)
    app(["import", "cameras", path], prog_name="camreg")
    """
)


def _import(url: str, data: bytes) -> tuple[int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        report = run_import(
            session, source=ImportSource("cams.csv", data), options=ImportOptions(), actor=ADMIN
        )
    engine.dispose()
    assert report.failed == 0 and report.written, report.issues[:5]
    return report.created, report.updated


@pytest.fixture
def registry(migrated_db: MigratedDb, demo_data: DemoDataset) -> tuple[str, bytes]:
    """A committed database (Cẩm Thủy's legacy communes and 200 cameras) and a big file.

    The file changes the direction of each of the 200 cameras and adds 3000 new ones.
    """
    units = legacy_communes(demo_data, ("390",))
    url = migrated_db("camreg_import_kill", seed=lambda s: [add_demo_unit(s, u) for u in units])
    generated = cameras(units, EXISTING + NEW, seed=77, prefix="KILL")
    rows = [vi_row(cam, i) for i, cam in enumerate(generated)]
    assert _import(url, csv_bytes(rows[:EXISTING])) == (EXISTING, 0)
    for row in rows[:EXISTING]:
        row[3] = "45"  # a new direction for every existing camera
    return url, csv_bytes(rows)


def _kill_while_writing(url: str, path: Path, step: str, log: Path) -> int:
    """Start the import, wait until it is writing, SIGKILL it; the cameras it held."""
    env = {**os.environ, "CAMREG_DATABASE_URL": url, "COLUMNS": "120"}
    with log.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), step],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stderr is not None
            deadline = time.monotonic() + REACH_WRITE_S
            held = None
            while held is None and time.monotonic() < deadline:
                line = child.stderr.readline()
                if not line and child.poll() is not None:
                    break
                if line.startswith(MARKER):
                    held = int(line.split()[1])
            assert held is not None, f"the import never reached {step}: {log.read_text()}"
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=60) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    return held


@pytest.mark.parametrize("step", ["update_cameras", "insert_status_events"])
def test_an_import_killed_while_writing_leaves_every_table_as_it_was(registry, tmp_path, step):
    url, data = registry
    path = tmp_path / "cameras.csv"
    path.write_bytes(data)
    before = checksums_at(url)
    assert before["camera"][0] == EXISTING
    held = _kill_while_writing(url, path, step, tmp_path / "child.log")
    assert held == EXISTING + NEW  # the child's open transaction held every new camera
    assert checksums_at(url) == before
    assert _import(url, data) == (NEW, EXISTING)  # nothing is left locked or half-done


def _new_codes(data: bytes) -> list[str]:
    lines = data.decode("utf-8-sig").splitlines()
    return [line.split(",", 1)[0] for line in lines[1 + EXISTING :]]


def _import_while(url: str, data: bytes, meanwhile: Callable[[Session], None]) -> ImportReport:
    """Import ``data``; once it has read the registry, another connection commits ``meanwhile``."""
    engine = make_engine(url)
    done = False

    def progress(stage: str, _done: int, _total: int) -> None:
        nonlocal done
        if stage == "validate" and not done:  # the import's reads have begun
            done = True
            with Session(engine) as other:
                meanwhile(other)
                other.commit()

    try:
        with Session(engine) as session:
            return run_import(
                session,
                source=ImportSource("cams.csv", data),
                options=ImportOptions(),
                actor=ADMIN,
                progress=progress,
            )
    finally:
        engine.dispose()


def test_an_import_writes_although_another_connection_committed_while_it_checked(registry):
    # A server keeps committing (an audit row per lookup) while a long import checks its rows.
    url, data = registry
    report = _import_while(
        url, data, lambda other: audit.record(other, action="lookup.point", actor="someone")
    )
    assert (report.created, report.updated, report.failed) == (NEW, EXISTING, 0)
    assert checksums_at(url)["camera"][0] == EXISTING + NEW


def test_a_camera_stored_meanwhile_under_a_new_code_stops_the_import_with_a_conflict(registry):
    url, data = registry
    taken = _new_codes(data)[0]
    columns = [c.name for c in Camera.__table__.c if c.name not in ("id", "code")]
    copy = text(
        f"INSERT INTO camera (code, {', '.join(columns)}) "
        f"SELECT :taken, {', '.join(columns)} FROM camera WHERE code = :model"
    )
    model = "KILL-000001"
    before = checksums_at(url)
    with pytest.raises(Conflict):
        _import_while(
            url, data, lambda other: other.execute(copy, {"taken": taken, "model": model})
        )
    after = checksums_at(url)
    assert after["camera"][0] == before["camera"][0] + 1  # only the other connection's camera

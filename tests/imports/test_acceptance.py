"""The issue's acceptance: 10 000 rows with 3 bad ones — atomic, partial, and re-run."""

from __future__ import annotations

import pytest
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.imports.bulk import BULK_CACHE_KIB
from camera_registry.imports.service import ImportOptions, check_file
from camera_registry.imports.table import ImportSource
from geo import view_sector
from tests.imports.conftest import ADMIN, counts
from tests.imports.filegen import cameras, csv_bytes, legacy_communes, vi_row

ROWS = 10_000
BAD = {1234: (3, "xyz"), 5678: (5, "900"), 9876: (1, "106.5")}  # index → (column, value)


def _file(demo_data) -> tuple[bytes, list]:
    units = legacy_communes(demo_data)  # Cẩm Thủy and Đắk Nông, before 1 July 2025
    cams = cameras(units, ROWS, seed=11, prefix="ACC")
    rows = [vi_row(c, i) for i, c in enumerate(cams)]
    for index, (column, value) in BAD.items():
        rows[index][column] = value
    if 9876 in BAD:  # a point outside every commune needs a latitude outside too
        rows[9876][2] = "10.0"
    return csv_bytes(rows), cams


def _ours(session: Session) -> int:
    stmt = select(func.count()).select_from(Camera).where(Camera.code.like("ACC-%"))
    return session.scalar(stmt) or 0


def test_ten_thousand_rows_atomic_then_partial_then_rerun(session: Session, run_file, demo_data):
    data, cams = _file(demo_data)
    before = counts(session)

    atomic = run_file(data, "cameras.csv")
    assert not atomic.written
    assert atomic.failed_rows() == sorted(i + 2 for i in BAD)  # line 1 is the header
    assert {(e.row, e.column) for e in atomic.errors} == {
        (1236, "Hướng"), (5680, "Tầm xa (m)"), (9878, "Kinh độ")
    }  # fmt: skip
    assert counts(session)[:2] == before[:2]  # no camera, no status event

    partial = run_file(data, "cameras.csv", partial=True)
    assert partial.written and partial.created == ROWS - 3 and partial.failed == 3
    assert _ours(session) == ROWS - 3
    after = counts(session)
    assert after[1] - before[1] == ROWS - 3  # one initial status event per new camera

    # Commune and view sector of every row, checked against the generator and geo/.
    stmt = (
        select(Camera.code, AdminUnit.code, Camera.view_geom, Camera.geom)
        .join(AdminUnit, AdminUnit.id == Camera.commune_id)
        .where(Camera.code.like("ACC-%"))
    )
    by_code = {c.code: c for c in cams}
    for code, commune, view, geom in session.execute(stmt):
        cam = by_code[code]
        assert commune == cam.commune_code, code
        point = to_shape(geom)
        assert (point.x, point.y) == (cam.lon, cam.lat)
        if int(code[4:]) % 97 == 0:
            expected = view_sector(cam.lon, cam.lat, cam.direction_deg, cam.fov_deg, cam.range_m)
            assert shapely.equals_exact(to_shape(view), expected, tolerance=0)

    versions_before = session.execute(
        select(func.max(Camera.version), func.max(Camera.updated_at)).where(
            Camera.code.like("ACC-%")
        )
    ).one()
    again = run_file(data, "cameras.csv", partial=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, ROWS - 3)
    assert _ours(session) == ROWS - 3
    assert counts(session)[1] == after[1]  # no new status event
    versions_after = session.execute(
        select(func.max(Camera.version), func.max(Camera.updated_at)).where(
            Camera.code.like("ACC-%")
        )
    ).one()
    assert tuple(versions_after) == tuple(versions_before) and versions_after[0] == 1
    events = session.scalar(
        select(func.count())
        .select_from(CameraStatusEvent)
        .join(Camera, Camera.id == CameraStatusEvent.camera_id)
        .where(Camera.code.like("ACC-%"))
    )
    assert events == ROWS - 3


@pytest.mark.engines("spatialite")
def test_the_bulk_write_leaves_the_connection_with_its_own_page_cache(
    session: Session, run_file, demo_data
):
    # The import writes with a large SQLite page cache; the pooled connection must not keep it.
    raw = session.connection().connection.driver_connection
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    cams = cameras(legacy_communes(demo_data), 20, seed=3, prefix="CACHE")
    report = run_file(csv_bytes([vi_row(c, i) for i, c in enumerate(cams)]), "cache.csv")
    assert report.written and report.created == 20
    assert session.connection().connection.driver_connection is raw
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == before != BULK_CACHE_KIB


def test_a_changed_file_updates_each_camera_with_its_new_sector_quietly(
    session: Session, run_file, demo_data, engine_name
):
    cams = cameras(legacy_communes(demo_data), 6, seed=5, prefix="UPD")
    rows = [vi_row(c, i) for i, c in enumerate(cams)]
    assert run_file(csv_bytes(rows), "upd.csv").created == 6
    for row in rows[::2]:
        row[3] = "90"  # Hướng: every other camera turns east
    notices: list[str] = []
    raw = session.connection().connection.driver_connection
    if engine_name == "postgis":  # the server must not warn about the geometries it is sent
        raw.add_notice_handler(lambda notice: notices.append(notice.message_primary))
    report = run_file(csv_bytes(rows), "upd.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 3, 3)
    stmt = select(Camera.code, Camera.view_geom, Camera.version).where(Camera.code.like("UPD-%"))
    for code, view, version in session.execute(stmt):
        i = int(code[4:]) - 1
        cam = cams[i]
        direction = 90.0 if i % 2 == 0 else cam.direction_deg
        expected = view_sector(cam.lon, cam.lat, direction, cam.fov_deg, cam.range_m)
        assert shapely.equals_exact(to_shape(view), expected, tolerance=0), code
        assert version == (2 if i % 2 == 0 else 1)
    assert notices == []


def test_sectors_are_computed_ahead_only_for_rows_that_will_be_written(
    session: Session, run_file, demo_data
):
    cams = cameras(legacy_communes(demo_data), 8, seed=9, prefix="AHEAD")
    rows = [vi_row(c, i) for i, c in enumerate(cams)]
    assert run_file(csv_bytes(rows), "ahead.csv").created == 8

    def checked(data: bytes):
        source, options = ImportSource("ahead.csv", data), ImportOptions(workers=2)
        _, changes = check_file(session, source=source, options=options, actor=ADMIN)
        assert changes.sectors is not None
        changes.sectors.cancel()
        return changes

    same = checked(csv_bytes(rows))
    assert same.unchanged == 8 and same.sectors.submitted == 0
    rows[1][4] = "45"  # Góc nhìn
    rows[6][5] = "120"  # Tầm xa (m)
    changed = checked(csv_bytes(rows))
    assert changed.update_rows == [1, 6] and changed.sectors.submitted == 2

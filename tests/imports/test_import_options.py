"""``--sheet`` / ``--drop`` on the command line and the ``sheet`` / ``drop`` upload fields."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.db import make_engine
from camera_registry.demo.loader import load_demo
from tests.factories import MigratedDb
from tests.imports.filegen import legacy_communes, points_inside
from tests.imports.test_workbooks_real import ods_bytes

HEADERS = ["Mã camera", "Kinh độ", "Vĩ độ", "Hướng", "Góc nhìn", "Tầm xa", "Sở hữu",
           "Ghi chú riêng"]  # fmt: skip
SECRET = "vợ anh Nam, 0987 654 321"


def _workbook(points: list[tuple[float, float]], prefix: str) -> bytes:
    """Two station sheets under a title row; the last column holds personal notes."""
    book = Workbook()
    book.remove(book.active)
    for number, name in enumerate(("Trạm 1", "Trạm 2")):
        sheet = book.create_sheet(name)
        sheet.append(["DANH SÁCH CAMERA"])
        sheet.append(HEADERS)
        for i, (lon, lat) in enumerate(points):
            sheet.append([f"{prefix}-{number}-{i}", lon + number * 0.001, lat, 90, 60, 40,
                          "household", SECRET])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_route_reads_the_chosen_sheet_and_drops_the_notes(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    data = _workbook([(lon, lat), (lon + 0.0004, lat)], "SH")
    response = as_role("admin").post(
        "/cameras/import",
        files={"file": ("ds.xlsx", data, "application/octet-stream")},
        data={"sheet": "Trạm 2", "drop": ["Ghi chú riêng"]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] == 2 and body["rows"] == 2
    codes = set(session.scalars(select(Camera.code).where(Camera.code.like("SH-%"))))
    assert codes == {"SH-1-0", "SH-1-1"}
    audit = session.scalars(select(AuditEvent.detail)).all()
    assert "0987" not in response.text + "".join(audit)
    assert any("Ghi chú riêng" in n for n in body["notes"])


def test_route_refuses_an_unknown_sheet(as_role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    response = as_role("admin").post(
        "/cameras/import",
        files={"file": ("ds.xlsx", _workbook([(lon, lat)], "SX"), "application/octet-stream")},
        data={"sheet": "Trạm 9"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sheet"


@pytest.fixture(scope="module")
def demo_db(migrated_db: MigratedDb, demo_data) -> str:
    return migrated_db("camreg_import_options", seed=lambda s: load_demo(s, demo_data))


@pytest.mark.engines("spatialite")
def test_cli_sheet_and_drop(demo_db, demo_data, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMREG_DATABASE_URL", demo_db)
    points = [(lon, lat) for lon, lat, _ in
              points_inside(legacy_communes(demo_data, ("390",)), 2, seed=11)]  # fmt: skip
    path = tmp_path / "ds.xlsx"
    path.write_bytes(_workbook(points, "CS"))
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(app, ["import", "cameras", str(path), "--sheet", "1",
                                      "--drop", "Ghi chú riêng", "--report", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0987" not in result.output + out.read_text(encoding="utf-8-sig")
    engine = make_engine(demo_db)
    with Session(engine) as session:
        codes = set(session.scalars(select(Camera.code).where(Camera.code.like("CS-%"))))
        audit = session.scalars(select(AuditEvent.detail)).all()
    engine.dispose()
    assert codes == {"CS-0-0", "CS-0-1"}
    assert json.loads(audit[-1])["created"] == 2


def test_route_takes_an_ods_without_an_extension(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    rows = [["DANH SÁCH CAMERA"], HEADERS[:7], ["OD-1", lon, lat, 90, 60, 40, "household"]]
    response = as_role("admin").post(
        "/cameras/import",
        files={"file": ("tải về", ods_bytes(rows), "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["format"] == "ods" and response.json()["created"] == 1

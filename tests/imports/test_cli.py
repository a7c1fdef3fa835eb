"""``camreg import cameras`` and ``camreg export cameras`` on a fresh database with the demo."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.db import make_engine
from camera_registry.demo.loader import load_demo
from tests.factories import MigratedDb
from tests.imports.filegen import csv_bytes, legacy_communes, points_inside

runner = CliRunner()
pytestmark = pytest.mark.engines("spatialite")  # the CLI's engine handling is tested elsewhere


@pytest.fixture(scope="module")
def demo_db(migrated_db: MigratedDb, demo_data) -> str:
    return migrated_db("camreg_import_cli", seed=lambda session: load_demo(session, demo_data))


def _count(url: str, prefix: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.scalar(select(func.count()).where(Camera.code.like(f"{prefix}%")))
    engine.dispose()
    return found or 0


def test_import_report_partial_rerun_and_export(demo_db, demo_data, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMREG_DATABASE_URL", demo_db)
    points = points_inside(legacy_communes(demo_data, ("390",)), 3, seed=9)
    rows = [[f"CLI-{i}", lon, lat, "ĐB", "70", "45", "Xã hội hóa"] for i, (lon, lat, _) in
            enumerate(points)]  # fmt: skip
    rows[2][3] = "hướng lung tung"
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(rows, ["Số hiệu", "Kinh độ", "Vĩ độ", "Hướng", "Góc nhìn",
                                      "Tầm xa", "Nguồn vốn"]))  # fmt: skip

    atomic = runner.invoke(app, ["import", "cameras", str(path), "--map", "Số hiệu=code"])
    assert atomic.exit_code == 1, atomic.output
    assert "Dòng / Row" in atomic.output and "hướng lung tung" in atomic.output
    assert "nothing written" in atomic.output and _count(demo_db, "CLI-") == 0

    report = tmp_path / "report.csv"
    args = ["import", "cameras", str(path), "--map", "Số hiệu=code", "--partial"]
    partial = runner.invoke(app, [*args, "--report", str(report)])
    assert partial.exit_code == 1 and _count(demo_db, "CLI-") == 2, partial.output
    assert "hướng lung tung" in report.read_text(encoding="utf-8-sig")

    rows.pop()
    path.write_bytes(csv_bytes(rows, ["code", "lon", "lat", "direction", "fov", "range",
                                      "ownership"]))  # fmt: skip
    again = runner.invoke(app, ["import", "cameras", str(path)])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 2 unchanged" in " ".join(again.output.split())

    out = tmp_path / "cam_thuy.xlsx"
    exported = runner.invoke(
        app, ["export", "cameras", "--format", "xlsx", "-o", str(out), "--district", "390"]
    )
    assert exported.exit_code == 0, exported.output
    sheet = load_workbook(out, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Mã camera (code)", "Kinh độ (lon)", "Vĩ độ (lat)")
    assert sum(1 for _ in sheet.iter_rows()) - 1 >= 515 + 2


def test_file_level_errors_exit_2(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMREG_DATABASE_URL", demo_db)
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([["A", "1", "2"]], ["a", "b", "c"]))
    result = runner.invoke(app, ["import", "cameras", str(path)])
    assert result.exit_code == 2 and "code" in result.output
    bad_crs = runner.invoke(app, ["import", "cameras", str(path), "--crs", "Mars2000"])
    assert bad_crs.exit_code == 2

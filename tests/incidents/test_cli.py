"""``camreg incident …`` and ``camreg evidence …`` on a fresh database, both engines."""

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from camera_registry.cli import app
from camera_registry.db import make_engine

runner = CliRunner()


@pytest.fixture
def cli_db(
    small_db: tuple[str, str, float, float], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str, float, float]:
    """The small database, as the CLI's ``CAMREG_DATABASE_URL``."""
    monkeypatch.setenv("CAMREG_DATABASE_URL", small_db[0])
    return small_db


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_incident_and_evidence_commands(cli_db, tmp_path: Path):
    url, camera, lon, lat = cli_db
    code, out = _run("incident", "add", "--case", "CLI-1", "--type", "traffic_accident",
                     "--at", "12/06/2024 18:40", "--lon", str(lon), "--lat", str(lat),
                     "--status", "clarified", "--description", "Va chạm tại ngã ba")  # fmt: skip
    assert code == 0, out
    assert "Tai nạn giao thông" in out and "12/06/2024 18:40" in out
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" * 5000)
    code, out = _run("evidence", "add", "CLI-1", "--camera", camera, "--usefulness", "decisive",
                     "--start", "12/06/2024 18:35", "--end", "12/06/2024 18:50",
                     "--clock-offset", "120", "--file", str(clip))  # fmt: skip
    assert code == 0, out
    assert "12/06/2024 18:33" in out  # corrected: the recorder ran two minutes fast
    code, out = _run("incident", "list", "--with-footage")
    assert code == 0 and "CLI-1" in out and "traffic_accident: 1" in out
    code, out = _run("incident", "show", "CLI-1")
    assert code == 0 and "Va chạm tại ngã ba" in out and camera in out
    assert _run("evidence", "verify", "1", "--file", str(clip))[0] == 0
    code, out = _run("evidence", "verify", "1", "--sha256", "0" * 64)
    assert code == 1 and "mismatch" in out
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE custody_event SET actor = 'someone else'"))
    engine.dispose()
    code, out = _run("evidence", "verify", "1")
    assert code == 1 and "broken" in out


def test_bad_input_exits_2_naming_the_field(cli_db, tmp_path: Path):
    _, camera, lon, lat = cli_db
    code, out = _run("incident", "add", "--case", "CLI-2", "--type", "fire",
                     "--at", "12/06/2099 18:40", "--lon", str(lon), "--lat", str(lat))  # fmt: skip
    assert code == 2 and "occurred_at" in out and "future" in out
    code, out = _run("incident", "add", "--case", "CLI-2", "--type", "fire",
                     "--at", "12/06/2024 18:40", "--lon", "0", "--lat", "0")  # fmt: skip
    assert code == 2 and "outside every commune" in out
    assert _run("incident", "add", "--case", "CLI-2", "--type", "fire", "--at",
                "12/06/2024 18:40", "--lon", str(lon), "--lat", str(lat))[0] == 0  # fmt: skip
    code, out = _run("evidence", "add", "CLI-2", "--camera", camera, "--usefulness", "decisive",
                     "--start", "12/06/2024 18:35", "--end", "12/06/2024 18:30",
                     "--sha256", "abc")  # fmt: skip
    assert code == 2 and "sha256" in out and "clip_end" in out
    csv = tmp_path / "vu_viec.csv"
    csv.write_text(
        "Mã vụ việc,Loại,Thời gian,Kinh độ,Vĩ độ\n"
        f"CLI-3,Cháy nổ,01/02/2024 10:00,{lon},{lat}\nCLI-4,??,01/02/2024 10:00,{lon},{lat}\n",
        encoding="utf-8",
    )
    code, out = _run("incident", "import", str(csv))
    assert code == 1 and "nothing written" in out and "dòng/row 3" in out
    code, out = _run("incident", "import", str(csv), "--partial")
    assert code == 0 and "1 new" in out

"""``camreg`` lists every command without importing it, and the listing tells the truth."""

from __future__ import annotations

import subprocess
import sys

import pytest

from camera_registry.cli import COMMANDS, EXPORTS, IMPORTS
from camera_registry.cli_lazy import Lazy, LazyCommand

#: What no command listing or ``--help`` needs (each costs a noticeable part of a second).
HEAVY = ("fastapi", "sqlalchemy", "alembic", "pydantic_settings", "shapely", "pyogrio", "uvicorn")


@pytest.mark.parametrize("entry", [*COMMANDS, *IMPORTS, *EXPORTS], ids=lambda e: e.target)
def test_each_listed_help_is_the_commands_own(entry: Lazy) -> None:
    real = LazyCommand(entry).real()
    assert real.help.split("\n\n")[0].strip() == entry.help


def _modules_after(args: list[str]) -> set[str]:
    """The top-level packages a fresh ``camreg ARGS`` has imported when it ends."""
    script = (
        "import sys\n"
        "from camera_registry.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='camreg')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(done.stderr.split())


@pytest.mark.parametrize("args", [["--help"], ["export"], ["import", "units", "--help"]])
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    heavy = _modules_after(args) & set(HEAVY)
    assert not heavy


def test_a_boundary_import_does_not_load_the_web_stack(tmp_path, monkeypatch) -> None:
    """A one-shot import starts faster without FastAPI and Starlette (BENCHMARKS, issue 17)."""
    monkeypatch.setenv("CAMREG_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    path = tmp_path / "ranh_gioi.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    loaded = _modules_after(["import", "units", str(path)])
    assert "sqlalchemy" in loaded  # the command really ran its imports
    assert not loaded & {"fastapi", "starlette", "uvicorn"}

"""geo/ must stay pure geometry: importing it pulls in no web, ORM or app code.

Runs in a fresh interpreter, because the test process itself has long since
imported whatever the rest of the suite needed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "geoalchemy2",
    "pydantic_settings",
    "camera_registry",
)

#: What geo/ may bring in besides the standard library: its three dependencies and
#: what they themselves load (pyproj uses certifi; Cython extensions register
#: ``cython_runtime`` and ``_cython_*`` modules).
ALLOWED = ("geo", "numpy", "shapely", "pyproj", "certifi", "cython_runtime")

SCRIPT = f"FORBIDDEN = {FORBIDDEN!r}\nALLOWED = {ALLOWED!r}\n" + textwrap.dedent(
    """
    import sys
    before = set(sys.modules)
    import importlib, pkgutil
    import geo, geo.fov, geo.crs

    imported = ["geo"]
    for info in pkgutil.walk_packages(geo.__path__, "geo."):
        importlib.import_module(info.name)
        imported.append(info.name)
    assert {"geo.fov", "geo.crs", "geo.errors"} <= set(imported), imported

    leaked = sorted(name for name in sys.modules if name.split(".")[0] in FORBIDDEN)
    assert not leaked, f"geo imported {leaked}"

    new_top = {name.split(".")[0] for name in set(sys.modules) - before}
    foreign = sorted(
        name
        for name in new_top
        if name not in sys.stdlib_module_names
        and name.lstrip("_") not in sys.stdlib_module_names
        and name not in ALLOWED
        and not name.startswith("_cython")
    )
    assert not foreign, f"geo imported non-stdlib modules {foreign}"
    print("imported", len(imported), "geo modules")
    """
)


def test_geo_imports_no_web_orm_or_settings_modules():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "geo modules" in result.stdout

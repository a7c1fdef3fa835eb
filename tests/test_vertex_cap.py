"""The geometry vertex cap on every geometry a client sends.

Clients send geometries in files only: camera lists (``POST /cameras/import``
and ``camreg import cameras``: GeoJSON, GeoPackage …), gazetteer files
(``camreg import places``) and roads layers (``camreg import roads``).  A
geometry over the cap is a row-level error naming it, never parsed further.
The API's cap comes from the app's settings (built here with a small one).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyogrio.raw import write
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.coverage.models import Road
from camera_registry.coverage.roads import import_roads
from camera_registry.places.importer import import_places
from camera_registry.settings import Settings

CAP = 8
#: A point inside legacy Cẩm Liên (Cẩm Thủy), as in tests/places.
HALL = (105.3452, 20.2031)
PROPS = {"direction": 90, "fov": 60, "range": 40, "ownership": "state"}


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The suite's settings with a small vertex cap."""
    return Settings(database_url=db_url, max_geometry_vertices=CAP)


def _line(vertices: int) -> list[list[float]]:
    """A short zig-zag of ``vertices`` vertices around HALL (about 10 m per step)."""
    return [[HALL[0] + i * 1e-4, HALL[1] + (i % 2) * 1e-4] for i in range(vertices)]


def _cameras(session: Session, prefix: str) -> int:
    stmt = select(func.count()).select_from(Camera).where(Camera.code.like(f"{prefix}%"))
    return session.scalar(stmt) or 0


def _feature(code: str, geometry: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": {"code": code, **PROPS}}


def test_api_import_reports_a_geojson_feature_over_the_cap_by_row(as_role, session):
    big = {"type": "MultiPoint", "coordinates": _line(CAP + 1)}
    doc = {
        "type": "FeatureCollection",
        "features": [
            _feature("VTX-1", {"type": "Point", "coordinates": list(HALL)}),
            _feature("VTX-2", big),
        ],
    }
    client = as_role("admin")
    upload = {"file": ("cams.geojson", json.dumps(doc).encode(), "application/geo+json")}
    refused = client.post("/cameras/import", files=upload)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    [error] = refused.json()["errors"]
    assert (error["field"], error["row"]) == ("row 2: geometry", 2)
    assert f"{CAP + 1} vertices; at most {CAP}" in error["reason"]
    assert _cameras(session, "VTX-") == 0  # atomic: nothing written
    partial = client.post("/cameras/import", params={"partial": "true"}, files=upload)
    assert partial.status_code == 200, partial.text
    assert (partial.json()["created"], partial.json()["failed"]) == (1, 1)
    assert _cameras(session, "VTX-") == 1


def test_api_import_reports_a_geopackage_feature_over_the_cap_by_row(as_role, session, tmp_path):
    path = tmp_path / "cams.gpkg"
    geometries = [shapely.Point(HALL), shapely.LineString(_line(CAP + 4))]
    names = ["code", *PROPS]
    data = [np.array(["GPV-1", "GPV-2"], dtype=object)]
    data += [np.array([PROPS[n]] * 2, dtype=object) for n in PROPS]
    write(path, shapely.to_wkb(geometries), data, names, driver="GPKG", layer="cameras",
          crs="EPSG:4326", geometry_type="Unknown")  # fmt: skip
    upload = {"file": ("cams.gpkg", path.read_bytes(), "application/geopackage+sqlite3")}
    refused = as_role("admin").post("/cameras/import", files=upload)
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "row 2: geometry"
    assert f"{CAP + 4} vertices; at most {CAP}" in error["reason"]
    assert _cameras(session, "GPV-") == 0


def _places_file(tmp_path: Path, vertices: int) -> Path:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": _line(vertices)},
                "properties": {"name": "Đường thử", "kind": "đường", "id": "VTX"},
            }
        ],
    }
    path = tmp_path / "streets.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_places_import_refuses_a_line_over_the_cap(session, tmp_path):
    path = _places_file(tmp_path, 12)
    refused = import_places(session, path=path, source="test:vtx", max_vertices=10)
    assert not refused.written
    assert [(e.row, e.field) for e in refused.errors] == [(1, "geometry")]
    assert "12 vertices; at most 10" in refused.errors[0].reason
    accepted = import_places(session, path=path, source="test:vtx", max_vertices=12)
    assert accepted.errors == [] and accepted.inserted == 1


def _roads_file(tmp_path: Path, vertices: int) -> Path:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": _line(vertices)},
                "properties": {"name": "Đường thử", "highway": "residential"},
            }
        ],
    }
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_roads_import_refuses_a_line_over_the_cap(session, tmp_path):
    path = _roads_file(tmp_path, 12)
    refused = import_roads(session, path, source="test:vtx", max_vertices=10)
    assert refused.written == 0
    assert [e.row for e in refused.errors] == [1]
    assert "12 vertices; at most 10" in refused.errors[0].reason
    stmt = select(func.count()).select_from(Road).where(Road.source == "test:vtx")
    assert session.scalar(stmt) == 0
    accepted = import_roads(session, path, source="test:vtx", max_vertices=12)
    assert accepted.errors == [] and accepted.written == 1
    assert session.scalar(stmt) == 1


def _cameras_file(tmp_path: Path, vertices: int) -> Path:
    big = {"type": "MultiPoint", "coordinates": _line(vertices)}
    doc = {"type": "FeatureCollection", "features": [_feature("VTX-CLI", big)]}
    path = tmp_path / "cams.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("command", "make_file"),
    [("roads", _roads_file), ("places", _places_file), ("cameras", _cameras_file)],
)
def test_cli_imports_take_the_cap_from_the_settings(db_url, tmp_path, monkeypatch, command,
                                                    make_file):  # fmt: skip
    monkeypatch.setenv("CAMREG_DATABASE_URL", db_url)
    monkeypatch.setenv("CAMREG_MAX_GEOMETRY_VERTICES", "10")
    monkeypatch.setenv("COLUMNS", "250")  # one table row per line
    path = make_file(tmp_path, 12)
    result = CliRunner().invoke(app, ["import", command, str(path), "--dry-run"])
    assert result.exit_code == 1, result.output
    assert "12 vertices; at most 10" in result.output

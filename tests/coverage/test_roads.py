"""The roads layer: import (GeoJSON, GeoPackage in UTM), length in view, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely
from geoalchemy2.shape import to_shape
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, mapping
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.cli import app
from camera_registry.coverage.models import Road
from camera_registry.coverage.roads import import_roads
from tests.coverage.conftest import World, end_of_local_day
from tests.factories import MigratedDb

GEOD = Geod(ellps="WGS84")
DAY = date(2025, 6, 30)
runner = CliRunner()


def road_lines(world: World) -> list:
    """Lines through pairs of Cẩm Thủy cameras (so they cross views), and one multi-line."""
    unit = to_shape(world.unit("390", DAY).geom)
    points = sorted((c, p) for c, p in world.points.items() if unit.contains(p))[:40]
    lines = [LineString([points[i][1], points[i + 1][1]]) for i in range(0, 30, 2)]
    lines.append(MultiLineString([[points[30][1], points[31][1]], [points[32][1], (105.0, 19.9)]]))
    return lines


def write_geojson(path: Path, lines: list, extra: list | None = None) -> Path:
    features = [
        {
            "type": "Feature",
            "geometry": mapping(line),
            "properties": {"name": f"Đường {i}", "highway": "residential"},
        }
        for i, line in enumerate(lines)
    ] + (extra or [])
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def geod_length_km(geometry) -> float:
    return GEOD.geometry_length(geometry) / 1000.0


def test_road_length_in_view_equals_shapely(as_role, session, world, tmp_path):
    lines = road_lines(world)
    result = import_roads(session, write_geojson(tmp_path / "roads.geojson", lines))
    assert result.errors == [] and result.written == len(lines)
    body = as_role("viewer").get("/coverage/units/390", params={"on": DAY.isoformat()}).json()
    unit = to_shape(world.unit("390", DAY).geom)
    union = world.union(end_of_local_day(DAY))
    inside = [line.intersection(unit) for line in lines]
    expected_total = sum(geod_length_km(g) for g in inside)
    expected_seen = sum(geod_length_km(g.intersection(union)) for g in inside)
    assert body["roads"]["length_km"] == pytest.approx(expected_total, rel=1e-3)
    assert body["roads"]["in_view_km"] == pytest.approx(expected_seen, rel=1e-3)
    assert 0 < body["roads"]["in_view_share"] < 1
    names = set(session.scalars(select(Road.name)))
    assert "Đường 0" in names and set(session.scalars(select(Road.kind))) == {"residential"}


def test_no_roads_layer_means_no_road_figures(as_role):
    body = as_role("viewer").get("/coverage/units/390").json()
    assert body["roads"] is None


def test_reimport_replaces_the_same_source(session, world, tmp_path):
    path = write_geojson(tmp_path / "roads.geojson", road_lines(world))
    first = import_roads(session, path)
    again = import_roads(session, path)
    assert again.replaced == first.written
    assert session.scalar(select(func.count()).select_from(Road)) == first.written


def test_a_bad_feature_stops_the_import(session, world, tmp_path):
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [105.4, 20.2]},
        "properties": {},
    }
    path = write_geojson(tmp_path / "bad.geojson", road_lines(world), [point])
    result = import_roads(session, path)
    assert [(e.row, "Point" in e.reason) for e in result.errors] == [
        (len(road_lines(world)) + 1, True)
    ]
    assert session.scalar(select(func.count()).select_from(Road)) == 0


def test_geopackage_in_utm_is_reprojected(session, world, tmp_path):
    lines = road_lines(world)[:5]
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    projected = [
        shapely.transform(g, lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1])))
        for g in lines
    ]
    path = tmp_path / "roads.gpkg"
    pyogrio.raw.write(
        path,
        geometry=np.array([g.wkb for g in projected], dtype=object),
        field_data=[np.array(["QL217"] * 5, dtype=object)],
        fields=["ten"],
        geometry_type="LineString",
        crs="EPSG:32648",
        driver="GPKG",
    )
    result = import_roads(session, path)
    assert result.errors == [] and result.written == 5
    stored = [to_shape(g) for g in session.scalars(select(Road.geom).order_by(Road.id))]
    for got, want in zip(stored, lines, strict=True):
        assert shapely.hausdorff_distance(got, want) < 1e-7  # about a centimetre
    assert set(session.scalars(select(Road.name))) == {"QL217"}


def test_recommendations_can_weigh_uncovered_road(as_role, session, world, tmp_path):
    import_roads(session, write_geojson(tmp_path / "roads.geojson", road_lines(world)))
    params = {"on": DAY.isoformat(), "from": "2022-01-01", "k": 5, "road_weight": 50}
    body = as_role("planner").get("/coverage/recommend/390", params=params).json()
    assert body["uncovered_road_km"] > 0 and body["candidate_points"].get("road", 0) > 0
    assert any(f["properties"]["road_m_newly_covered"] > 0 for f in body["features"])
    plain = (
        as_role("planner")
        .get("/coverage/recommend/390", params={**params, "road_weight": 0})
        .json()
    )
    assert plain["uncovered_road_km"] == 0
    assert all(f["properties"]["road_m_newly_covered"] == 0 for f in plain["features"])


def test_road_table_has_a_spatial_index(session: Session, engine_name: str):
    if engine_name == "spatialite":
        sql = (
            "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'road' "
            "AND spatial_index_enabled = 1"
        )
    else:
        sql = (
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'road' "
            "AND indexdef ILIKE '%USING gist%'"
        )
    assert session.execute(text(sql)).scalar() == 1


def test_cli_import_roads(migrated_db: MigratedDb, monkeypatch, world, tmp_path):
    url = migrated_db("camreg_roads_cli")
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    path = write_geojson(tmp_path / "roads.geojson", road_lines(world))
    checked = runner.invoke(app, ["import", "roads", str(path), "--dry-run"])
    assert checked.exit_code == 0, checked.output
    imported = runner.invoke(app, ["import", "roads", str(path), "--source", "osm-2025"])
    assert imported.exit_code == 0, imported.output
    assert "16" in imported.output and "osm-2025" in imported.output
    bad = write_geojson(
        tmp_path / "bad.geojson",
        [],
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [1, 2]},
                "properties": {},
            }
        ],
    )
    refused = runner.invoke(app, ["import", "roads", str(bad)])
    assert refused.exit_code == 1 and "Point" in refused.output
    missing = runner.invoke(app, ["coverage", "unit", "390"])
    assert missing.exit_code == 2 and "390" in missing.output  # an empty registry: no such unit

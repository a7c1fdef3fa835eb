"""The registry migration: provenance columns, sites and their spatial index, both ways."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import inspect

from camera_registry import migrate
from camera_registry.db import make_engine

PROVENANCE = {"imported_at", "last_verified_on", "attribution", "external_id"}


def test_registry_revision_adds_and_removes_its_schema(
    fresh_db_url: Callable[[str], str], engine_name: str
):
    url = fresh_db_url("camreg_registry_schema")
    migrate.upgrade(url, "20261122_registry")
    engine = make_engine(url)
    try:
        insp = inspect(engine)
        columns = {c["name"]: c for c in insp.get_columns("camera")}
        assert PROVENANCE | {"site_id", "outside_commune", "source"} <= columns.keys()
        assert all(columns[name]["nullable"] for name in PROVENANCE | {"site_id"})
        assert getattr(columns["external_id"]["type"], "length", None) == 100
        indexes = {i["name"] for i in insp.get_indexes("camera")}
        assert {"ix_camera_external_id", "ix_camera_site_id"} <= indexes
        fks = {
            (fk["referred_table"], tuple(fk["constrained_columns"]))
            for fk in insp.get_foreign_keys("camera")
        }
        assert ("camera_site", ("site_id",)) in fks
        site_columns = {c["name"] for c in insp.get_columns("camera_site")}
        assert {
            "id",
            "code",
            "name",
            "address",
            "geom",
            "commune_id",
            "created_at",
            "version",
        } <= site_columns
        with engine.connect() as conn:
            if engine_name == "spatialite":
                indexed = conn.exec_driver_sql(
                    "SELECT spatial_index_enabled FROM geometry_columns "
                    "WHERE f_table_name = 'camera_site' AND f_geometry_column = 'geom'"
                ).scalar()
                assert indexed == 1
            else:
                kind = conn.exec_driver_sql(
                    "SELECT am.amname FROM pg_class i JOIN pg_am am ON am.oid = i.relam "
                    "WHERE i.relname = 'idx_camera_site_geom'"
                ).scalar()
                assert kind == "gist"
    finally:
        engine.dispose()
    migrate.downgrade(url, "20261122_initial")
    engine = make_engine(url)
    try:
        insp = inspect(engine)
        assert not PROVENANCE & {c["name"] for c in insp.get_columns("camera")}
        assert "camera_site" not in insp.get_table_names()
    finally:
        engine.dispose()
    migrate.upgrade(url)

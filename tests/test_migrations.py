"""The one migration chain works both ways on both engines, and matches the models."""

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers
from sqlalchemy import inspect

from camera_registry import migrate
from camera_registry.db import make_engine
from camera_registry.migrate import include_name
from camera_registry.models import Base
from tests.factories import MigratedDb

TABLES = set(Base.metadata.tables)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) & (TABLES | {"alembic_version"})
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(fresh_db_url: Callable[[str], str]):
    url = fresh_db_url("camreg_migrations")
    migrate.upgrade(url)
    assert _tables(url) == TABLES | {"alembic_version"}
    migrate.downgrade(url, "base")
    assert _tables(url) <= {"alembic_version"}
    migrate.upgrade(url)
    assert _tables(url) == TABLES | {"alembic_version"}


def test_models_and_migrations_do_not_drift(migrated_db: MigratedDb):
    url = migrated_db("camreg_drift")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": alembic_helpers.include_object,
                    "include_name": include_name,
                    "compare_type": False,
                },
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_spatial_indexes_exist(migrated_db: MigratedDb, engine_name: str):
    url = migrated_db("camreg_indexes")
    engine = make_engine(url)
    expected = {
        ("admin_unit", "geom"),
        ("camera", "geom"),
        ("camera", "view_geom"),
        ("incident", "geom"),
        ("place", "geom"),
    }
    try:
        with engine.connect() as conn:
            if engine_name == "spatialite":
                rows = conn.exec_driver_sql(
                    "SELECT f_table_name, f_geometry_column FROM geometry_columns "
                    "WHERE spatial_index_enabled = 1"
                ).all()
            else:
                rows = conn.exec_driver_sql(
                    "SELECT t.relname, a.attname FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                    "JOIN pg_am am ON am.oid = i.relam "
                    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) "
                    "WHERE am.amname = 'gist'"
                ).all()
    finally:
        engine.dispose()
    assert {(r[0], r[1]) for r in rows} >= expected

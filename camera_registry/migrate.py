"""Run the Alembic migration chain from code (the CLI and the tests use this)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from alembic import command

REPO_ROOT = Path(__file__).resolve().parents[1]

#: SpatiaLite's own metadata tables, which are not ours to create or drop.
SPATIALITE_TABLES = frozenset(
    {
        "sql_statements_log",
        "data_licenses",
        "SpatialIndex",
        "ElementaryGeometries",
        "KNN",
        "KNN2",
        "spatial_ref_sys_aux",
        "spatialite_history",
    }
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the spatial extensions' own tables out of autogenerate comparisons."""
    return not (type_ == "table" and name in SPATIALITE_TABLES)


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at ``database_url``."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Migrate the database down to ``revision``."""
    command.downgrade(alembic_config(database_url), revision)


def is_current(engine: Engine) -> bool:
    """Whether the database's schema is at the newest revision of the chain."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads

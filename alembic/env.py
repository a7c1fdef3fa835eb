"""Alembic environment: one migration chain for SpatiaLite and PostGIS.

The database URL comes from ``config.attributes["database_url"]`` (set by
``camera_registry.migrate``), else ``sqlalchemy.url``, else the
``CAMREG_DATABASE_URL`` setting.  GeoAlchemy2's helpers handle spatial tables
and indexes on both engines.
"""

from __future__ import annotations

from geoalchemy2 import alembic_helpers
from sqlalchemy.engine import Connection

from alembic import context
from camera_registry.db import make_engine
from camera_registry.migrate import include_name
from camera_registry.models import Base
from camera_registry.settings import Settings

config = context.config


def _configure_and_run(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # Batch migrations rebuild tables; with foreign keys on, dropping the old
        # copy would cascade-delete dependent rows.  Must run outside a transaction.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=alembic_helpers.include_object,
        include_name=include_name,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


def run_migrations_online() -> None:
    """Run migrations on a live connection (the only mode we support)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = (
        config.attributes.get("database_url")
        or config.get_main_option("sqlalchemy.url")
        or Settings().database_url
    )
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("camreg migrations need a live database: offline mode is not supported")
run_migrations_online()

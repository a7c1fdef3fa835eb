"""Boundaries on PostGIS are stored out of line without a compression attempt.

Writing 3,321 commune boundaries spent three of its four seconds in pglz trying
to compress coordinates that do not compress (BENCHMARKS.md, "Boundary
import"); the migration ``20261208_boundary_storage`` turns that attempt off.
"""

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from camera_registry import migrate
from camera_registry.db import make_engine

pytestmark = pytest.mark.engines("postgis")

_STORAGE = text(
    "SELECT attstorage FROM pg_attribute "
    "WHERE attrelid = 'admin_unit'::regclass AND attname = 'geom'"
)


def test_boundaries_are_stored_uncompressed(session: Session, engine_name: str):
    assert session.scalar(_STORAGE) == "e"  # EXTERNAL: out of line, never compressed


def test_the_downgrade_restores_postgis_default(
    fresh_db_url: Callable[[str], str], engine_name: str
):
    url = fresh_db_url("camreg_boundary_storage")
    migrate.upgrade(url)
    migrate.downgrade(url, "20261207_territory")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(_STORAGE) == "m"  # MAIN, PostGIS's default for geometry
    finally:
        engine.dispose()
    migrate.upgrade(url)

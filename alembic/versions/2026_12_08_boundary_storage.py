"""Boundaries stored without compression on PostGIS

Revision ID: 20261208_boundary_storage
Revises: 20261207_territory
Create Date: 2026-12-08

A commune boundary is tens of kilobytes of coordinates, so PostgreSQL stores it
out of line (TOAST) and, by default, first tries to compress it with pglz.
Coordinates barely compress: on the boundary-import benchmark's 3,321 communes
the table is 111 MB either way, while the compression attempt took about three
of the four seconds of writing the boundaries (BENCHMARKS.md, "Boundary
import").  ``STORAGE EXTERNAL`` keeps them out of line without that attempt, on
every PostgreSQL version.  SQLite has no such setting; nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261208_boundary_storage"
down_revision: str | None = "20261207_territory"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _storage(kind: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE admin_unit ALTER COLUMN geom SET STORAGE {kind}")


def upgrade() -> None:
    """Store boundaries out of line, uncompressed."""
    _storage("EXTERNAL")


def downgrade() -> None:
    """Back to PostGIS's default for geometry (``MAIN``: compressed, moved out of line)."""
    _storage("MAIN")

"""Camera registry: sites, provenance and import bookkeeping

Revision ID: 20261122_registry
Revises: 20261122_initial
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "20261122_registry"
down_revision: str | None = "20261122_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

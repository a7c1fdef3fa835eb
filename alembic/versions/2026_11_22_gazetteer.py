"""Gazetteer and address lookup

Revision ID: 20261122_gazetteer
Revises: 20261122_registry
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "20261122_gazetteer"
down_revision: str | None = "20261122_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""Incidents, footage evidence, custody and footage requests

Revision ID: 20261122_incidents_evidence
Revises: 20261122_gazetteer
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "20261122_incidents_evidence"
down_revision: str | None = "20261122_gazetteer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

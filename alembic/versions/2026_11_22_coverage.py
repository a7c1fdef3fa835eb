"""Coverage and planning: roads layer and population

Revision ID: 20261122_coverage
Revises: 20261122_incidents_evidence
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "20261122_coverage"
down_revision: str | None = "20261122_incidents_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

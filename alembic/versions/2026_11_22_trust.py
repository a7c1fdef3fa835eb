"""Trust: passwords, lockout, TOTP and idle-expiring sessions

Revision ID: 20261122_trust
Revises: 20261122_coverage
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "20261122_trust"
down_revision: str | None = "20261122_coverage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

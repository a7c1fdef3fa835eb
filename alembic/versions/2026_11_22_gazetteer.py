"""Gazetteer and address lookup: place kinds, alternative names, import identity

Revision ID: 20261122_gazetteer
Revises: 20261122_registry
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_gazetteer"
down_revision: str | None = "20261122_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "house",
    "street",
    "hamlet",
    "landmark",
    "market",
    "school",
    "commune_office",
    "police_post",
    "health_station",
)


def upgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alt_names", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_index(
            "ix_place_source_external_id", ["source", "external_id"], unique=True
        )
        batch_op.create_check_constraint(
            "kind_valid", "kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")"
        )


def downgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_constraint("kind_valid", type_="check")
        batch_op.drop_index("ix_place_source_external_id")
        batch_op.drop_column("external_id")
        batch_op.drop_column("alt_names")

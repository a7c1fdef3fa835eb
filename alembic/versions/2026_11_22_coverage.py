"""Coverage and planning: roads layer and population

Revision ID: 20261122_coverage
Revises: 20261122_incidents_evidence
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision: str = "20261122_coverage"
down_revision: str | None = "20261122_incidents_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_geospatial_table(
        "road",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTILINESTRING",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_road")),
    )
    with op.batch_alter_table("road", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_road_geom", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
        )
        batch_op.create_index(batch_op.f("ix_road_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_road_source"), ["source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("road", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_road_source"))
        batch_op.drop_index(batch_op.f("ix_road_kind"))
        batch_op.drop_geospatial_index("idx_road_geom", postgresql_using="gist", column_name="geom")
    op.drop_geospatial_table("road")

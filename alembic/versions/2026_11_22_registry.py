"""Camera registry: sites, provenance and import bookkeeping

Revision ID: 20261122_registry
Revises: 20261122_initial
Create Date: 2026-11-22

Adds ``camera_site`` (a pole or building carrying several cameras) and, on
``camera``, the provenance columns the bulk importer fills (``imported_at``,
``last_verified_on``, ``attribution``, ``external_id``), ``site_id`` and the
``outside_commune`` flag.  SQLite cannot add a foreign key with ALTER through
Alembic's batch mode without rebuilding the (spatial) camera table, so there
the column and its named REFERENCES clause are added with one plain
``ALTER TABLE … ADD COLUMN``, which SQLite supports for nullable columns.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry

from alembic import op

revision: str = "20261122_registry"
down_revision: str | None = "20261122_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITE_FK = "fk_camera_site_id_camera_site"


def _create_site_table() -> None:
    op.create_geospatial_table(
        "camera_site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("decommissioned_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["admin_unit.id"], name=op.f("fk_camera_site_commune_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camera_site")),
        sa.UniqueConstraint("code", name=op.f("uq_camera_site_code")),
    )
    with op.batch_alter_table("camera_site", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_camera_site_geom",
            ["geom"],
            unique=False,
            postgresql_using="gist",
            postgresql_ops={},
        )
        batch_op.create_index(batch_op.f("ix_camera_site_commune_id"), ["commune_id"])


def upgrade() -> None:
    """Add sites, provenance columns and the outside-commune flag."""
    _create_site_table()
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("camera", sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("camera", sa.Column("last_verified_on", sa.Date(), nullable=True))
    op.add_column("camera", sa.Column("attribution", sa.Text(), nullable=True))
    op.add_column("camera", sa.Column("external_id", sa.String(length=100), nullable=True))
    op.add_column(
        "camera",
        sa.Column(
            "outside_commune",
            sa.Boolean(),
            nullable=False,
            server_default=sa.text("0" if sqlite else "false"),
        ),
    )
    if sqlite:
        op.execute(
            f"ALTER TABLE camera ADD COLUMN site_id INTEGER CONSTRAINT {SITE_FK} "
            "REFERENCES camera_site (id)"
        )
    else:
        op.add_column("camera", sa.Column("site_id", sa.Integer(), nullable=True))
        op.create_foreign_key(SITE_FK, "camera", "camera_site", ["site_id"], ["id"])
    with op.batch_alter_table("camera", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_camera_external_id"), ["external_id"])
        batch_op.create_index(batch_op.f("ix_camera_site_id"), ["site_id"])


def downgrade() -> None:
    """Remove what ``upgrade`` added (plain DROP COLUMN, no table rebuild)."""
    with op.batch_alter_table("camera", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_site_id"))
        batch_op.drop_index(batch_op.f("ix_camera_external_id"))
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(SITE_FK, "camera", type_="foreignkey")
    for name in (
        "site_id",
        "outside_commune",
        "external_id",
        "attribution",
        "last_verified_on",
        "imported_at",
    ):
        op.execute(f"ALTER TABLE camera DROP COLUMN {name}")
    with op.batch_alter_table("camera_site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_site_commune_id"))
        batch_op.drop_geospatial_index(
            "idx_camera_site_geom", postgresql_using="gist", column_name="geom"
        )
    op.drop_geospatial_table("camera_site")

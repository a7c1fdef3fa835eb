"""Territory: units without boundaries, published figures, a camera's commune basis

Revision ID: 20261207_territory
Revises: 20261122_status_index
Create Date: 2026-12-07

``camreg init`` now stores every unit of the country from the national list,
most of them before any boundary is loaded, so ``admin_unit.geom`` becomes
nullable.  New columns keep what a boundary file or the national list
publishes beside what camreg computes: ``area_km2`` (geodesic area of the
stored boundary), ``area_published_km2``, ``centre_lon``/``centre_lat``,
``bbox_*`` (the national list's bounds) and ``merged_from`` (the ``sap_nhap``
text).  ``camera.commune_basis`` says whether
a camera's commune was derived from a boundary or taken as given.

On SQLite the NOT NULL is dropped the way SQLite's documentation gives for
removing a constraint (``PRAGMA writable_schema``) rather than by rebuilding
the table: a batch rebuild of this spatial table kept the NOT NULL and left
SpatiaLite's index triggers half made.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry

from alembic import op

revision: str = "20261207_territory"
down_revision: str | None = "20261122_status_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNIT_COLUMNS = (
    ("area_km2", sa.Float()),
    ("area_published_km2", sa.Float()),
    ("centre_lon", sa.Float()),
    ("centre_lat", sa.Float()),
    ("merged_from", sa.Text()),
    ("bbox_west", sa.Float()),
    ("bbox_south", sa.Float()),
    ("bbox_east", sa.Float()),
    ("bbox_north", sa.Float()),
)
_BASIS_CHECK = "commune_basis IN ('derived', 'given')"


def _geom(nullable: bool) -> Geometry:
    return Geometry(
        geometry_type="MULTIPOLYGON",
        srid=4326,
        dimension=2,
        spatial_index=False,
        from_text="ST_GeomFromEWKT",
        name="geometry",
        nullable=nullable,
    )


def _set_geom_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("admin_unit", "geom", existing_type=_geom(not nullable), nullable=nullable)
        return
    # SQLite's documented way to drop (or restore) a NOT NULL constraint without rebuilding
    # the table: edit the table's stored definition, then bump the schema version.  The
    # on-disk format does not change, and SpatiaLite's registration and R*Tree stay as they are.
    old, new = "geom GEOMETRY NOT NULL", "geom GEOMETRY"
    if not nullable:
        old, new = new + ",", old + ","
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
        (old, new, "admin_unit"),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    """Nullable unit boundaries, published figures, a camera's commune basis."""
    for name, type_ in _UNIT_COLUMNS:
        op.add_column("admin_unit", sa.Column(name, type_, nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # a CHECK comes only with the column itself
        op.execute(
            "ALTER TABLE camera ADD COLUMN commune_basis VARCHAR(10) DEFAULT 'derived' NOT NULL "
            f"CONSTRAINT ck_camera_commune_basis_valid CHECK ({_BASIS_CHECK})"
        )
    else:
        op.add_column(
            "camera",
            sa.Column(
                "commune_basis", sa.String(length=10), nullable=False, server_default="derived"
            ),
        )
        op.create_check_constraint("ck_camera_commune_basis_valid", "camera", _BASIS_CHECK)
    _set_geom_nullable(True)


def downgrade() -> None:
    """Back to boundaries required; refused while a unit has no boundary."""
    missing = op.get_bind().scalar(sa.text("SELECT COUNT(*) FROM admin_unit WHERE geom IS NULL"))
    if missing:
        raise RuntimeError(
            f"{missing} administrative units have no boundary; the older schema cannot hold "
            "them: delete them (or restore a backup) before downgrading"
        )
    _set_geom_nullable(False)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("ck_camera_commune_basis_valid", "camera", type_="check")
    # SQLite (3.35+) drops a column in place; no rebuild of the two spatial tables.
    op.execute("ALTER TABLE camera DROP COLUMN commune_basis")
    for name, _ in reversed(_UNIT_COLUMNS):
        op.execute(f"ALTER TABLE admin_unit DROP COLUMN {name}")

"""Incidents, footage evidence, custody and footage requests

Adds the footage_request table (a request to a camera's holder, with its
retention deadline and status) and its history, and on footage_evidence the
request it came through and the ``flagged`` mark for clips from a camera whose
view does not contain the incident point.

Revision ID: 20261122_incidents_evidence
Revises: 20261122_gazetteer
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_incidents_evidence"
down_revision: str | None = "20261122_gazetteer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = "status IN ('requested', 'approved', 'refused', 'delivered', 'expired')"


def upgrade() -> None:
    op.create_table(
        "footage_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("retention_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder_contacted", sa.String(length=300), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_footage_request_status_valid")),
        sa.ForeignKeyConstraint(
            ["camera_id"], ["camera.id"], name=op.f("fk_footage_request_camera_id_camera")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_footage_request_incident_id_incident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footage_request")),
    )
    with op.batch_alter_table("footage_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_footage_request_camera_id"), ["camera_id"])
        batch_op.create_index(batch_op.f("ix_footage_request_incident_id"), ["incident_id"])
        batch_op.create_index(
            "ix_footage_request_status_deadline", ["status", "retention_deadline"]
        )

    op.create_table(
        "footage_request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_footage_request_event_status_valid")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["footage_request.id"],
            name=op.f("fk_footage_request_event_request_id_footage_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footage_request_event")),
    )
    with op.batch_alter_table("footage_request_event", schema=None) as batch_op:
        batch_op.create_index("ix_footage_request_event_request_time", ["request_id", "at"])

    with op.batch_alter_table("footage_evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("flagged", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_footage_evidence_request_id"), ["request_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_footage_evidence_request_id_footage_request"),
            "footage_request",
            ["request_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("footage_evidence", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_footage_evidence_request_id_footage_request"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_footage_evidence_request_id"))
        batch_op.drop_column("flagged")
        batch_op.drop_column("request_id")

    with op.batch_alter_table("footage_request_event", schema=None) as batch_op:
        batch_op.drop_index("ix_footage_request_event_request_time")
    op.drop_table("footage_request_event")

    with op.batch_alter_table("footage_request", schema=None) as batch_op:
        batch_op.drop_index("ix_footage_request_status_deadline")
        batch_op.drop_index(batch_op.f("ix_footage_request_incident_id"))
        batch_op.drop_index(batch_op.f("ix_footage_request_camera_id"))
    op.drop_table("footage_request")

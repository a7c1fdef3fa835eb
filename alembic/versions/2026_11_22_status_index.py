"""The status at a moment from the index alone

The lookup asks, for every camera it returns, "the latest event at or before T".
The index on (camera, effective_at) left SQLite sorting each camera's events
and reading the table for the status; this one holds the tie-break (``id``) and
the status too, so the answer is one backward step down a covering index.

Revision ID: 20261122_status_index
Revises: 20261122_report_tallies
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261122_status_index"
down_revision: str | None = "20261122_report_tallies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camera_status_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_camera_status_event_status_at",
            ["camera_id", "effective_at", "id", "status"],
            unique=False,
        )
        batch_op.drop_index("ix_camera_status_event_camera_time")


def downgrade() -> None:
    with op.batch_alter_table("camera_status_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_camera_status_event_camera_time", ["camera_id", "effective_at"], unique=False
        )
        batch_op.drop_index("ix_camera_status_event_status_at")

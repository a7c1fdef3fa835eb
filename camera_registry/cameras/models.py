"""Tables of cameras, of the sites (poles, buildings) they share, and of their status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import enum_check, geometry
from camera_registry.db import Base, UTCDateTime, now_utc
from camera_registry.vocab import CameraKind, CameraStatus, CommuneBasis, Ownership


class CameraSite(Base):
    """A pole or building carrying several cameras at one position.

    The cameras of a site share its point and differ in direction; moving or
    decommissioning the site moves or decommissions all of them.
    """

    __tablename__ = "camera_site"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    geom: Mapped[Any] = mapped_column(geometry("POINT"), nullable=False)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    decommissioned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class Camera(Base):
    """A camera at a fixed position, with the view sector its numbers define.

    ``view_geom`` is derived from position, direction, field of view and range
    through ``geo.view_sector`` on every write; ``version`` guards against lost
    updates (optimistic locking).  ``outside_commune`` marks a camera an admin
    placed outside every known commune (its ``commune_id`` is then NULL).
    ``imported_at``, ``last_verified_on``, ``attribution`` and ``external_id``
    are provenance, filled by the bulk importer.
    """

    __tablename__ = "camera"
    __table_args__ = (
        CheckConstraint("direction_deg >= 0 AND direction_deg < 360", name="direction_range"),
        CheckConstraint("fov_deg > 0 AND fov_deg <= 360", name="fov_range"),
        CheckConstraint("range_m > 0 AND range_m <= 500", name="range_range"),
        CheckConstraint("height_m IS NULL OR (height_m >= 0 AND height_m <= 100)", name="height"),
        CheckConstraint("retention_days IS NULL OR retention_days >= 0", name="retention"),
        CheckConstraint(
            "decommissioned_on IS NULL OR installed_on IS NULL"
            " OR decommissioned_on >= installed_on",
            name="dates_ordered",
        ),
        enum_check("kind", CameraKind),
        enum_check("ownership", Ownership),
        enum_check("status", CameraStatus),
        enum_check("commune_basis", CommuneBasis),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    geom: Mapped[Any] = mapped_column(geometry("POINT"), nullable=False)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    direction_deg: Mapped[float] = mapped_column(Float)
    fov_deg: Mapped[float] = mapped_column(Float)
    range_m: Mapped[float] = mapped_column(Float)
    height_m: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16), default=CameraKind.FIXED.value)
    ownership: Mapped[str] = mapped_column(String(16))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_contact: Mapped[str | None] = mapped_column(String(200))
    programme: Mapped[str | None] = mapped_column(String(200), index=True)
    installed_on: Mapped[date | None] = mapped_column(Date)
    decommissioned_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=CameraStatus.ACTIVE.value, index=True)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    connected_to_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    view_geom: Mapped[Any] = mapped_column(geometry("POLYGON"), nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_verified_on: Mapped[date | None] = mapped_column(Date)
    attribution: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("camera_site.id"), index=True)
    outside_commune: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    commune_basis: Mapped[str] = mapped_column(
        String(10), default=CommuneBasis.DERIVED.value, server_default=CommuneBasis.DERIVED.value
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class CameraStatusEvent(Base):
    """A camera's status from ``effective_at`` until the next event."""

    __tablename__ = "camera_status_event"
    __table_args__ = (
        enum_check("status", CameraStatus),
        # covering: "the latest event at or before T" is one backward step (lookup, reports)
        Index("ix_camera_status_event_status_at", "camera_id", "effective_at", "id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

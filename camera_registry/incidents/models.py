"""Tables of incidents, footage evidence and custody events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import enum_check, geometry
from camera_registry.db import Base, UTCDateTime, now_utc
from camera_registry.incidents.requests.vocab import FootageRequestStatus
from camera_registry.vocab import CustodyAction, IncidentStatus, IncidentType, Usefulness


class Incident(Base):
    """Something that happened at a place and time and that police handled.

    When the exact time is unknown, ``occurred_at`` starts the window and
    ``occurred_until`` ends it.
    """

    __tablename__ = "incident"
    __table_args__ = (
        enum_check("type", IncidentType),
        enum_check("status", IncidentStatus),
        CheckConstraint(
            "occurred_until IS NULL OR occurred_until >= occurred_at", name="window_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    occurred_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    geom: Mapped[Any] = mapped_column(geometry("POINT"), nullable=False)
    address: Mapped[str | None] = mapped_column(Text)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=IncidentStatus.REPORTED.value)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)


class IncidentStatusEvent(Base):
    """An incident's status from ``effective_at`` on."""

    __tablename__ = "incident_status_event"
    __table_args__ = (
        enum_check("status", IncidentStatus),
        Index("ix_incident_status_event_incident_time", "incident_id", "effective_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(100))


class FootageEvidence(Base):
    """A clip of one camera between two instants, used for one incident.

    ``clip_start``/``clip_end`` are the times the recorder showed;
    ``clock_offset_s`` is the recorder's clock minus true time, so the true
    window is the recorded one minus the offset.  ``flagged`` marks a clip from
    a camera whose view does not contain the incident point (accepted only with
    ``outside_view_reason``).  Footage of a privately held camera references
    the ``footage_request`` it was obtained through.
    """

    __tablename__ = "footage_evidence"
    __table_args__ = (
        enum_check("usefulness", Usefulness),
        CheckConstraint("clip_end > clip_start", name="clip_ordered"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("size_bytes IS NULL OR size_bytes >= 0", name="size_positive"),
        UniqueConstraint("incident_id", "camera_id", "sha256", name="uq_footage_evidence_clip"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id"), index=True)
    clip_start: Mapped[datetime] = mapped_column(UTCDateTime)
    clip_end: Mapped[datetime] = mapped_column(UTCDateTime)
    clock_offset_s: Mapped[float] = mapped_column(Float, default=0.0)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    storage_uri: Mapped[str | None] = mapped_column(Text)
    extracted_by: Mapped[str] = mapped_column(String(100))
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    usefulness: Mapped[str] = mapped_column(String(16))
    outside_view_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("footage_request.id"), index=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CustodyEvent(Base):
    """One append-only step in an evidence file's chain of custody.

    ``hash`` covers this event's fields and ``prev_hash``, so editing or
    deleting any earlier event breaks every hash after it.
    """

    __tablename__ = "custody_event"
    __table_args__ = (
        enum_check("action", CustodyAction),
        UniqueConstraint("evidence_id", "seq", name="uq_custody_event_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("footage_evidence.id"), index=True)
    seq: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class FootageRequest(Base):
    """A request to a camera's holder to preserve and hand over footage of an incident.

    Created from an evidence candidate, so ``retention_deadline`` is when the
    footage will be overwritten; ``holder_contacted`` says who was asked and
    how.  Every status change is a ``footage_request_event``.
    """

    __tablename__ = "footage_request"
    __table_args__ = (
        enum_check("status", FootageRequestStatus),
        Index("ix_footage_request_status_deadline", "status", "retention_deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    retention_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    holder_contacted: Mapped[str] = mapped_column(String(300))
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)


class FootageRequestEvent(Base):
    """One status of a footage request, from ``at`` on (the request's history)."""

    __tablename__ = "footage_request_event"
    __table_args__ = (
        enum_check("status", FootageRequestStatus),
        Index("ix_footage_request_event_request_time", "request_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("footage_request.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)

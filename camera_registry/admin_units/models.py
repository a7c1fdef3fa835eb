"""Tables of administrative units and of the successions between them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import enum_check, geometry
from camera_registry.db import Base
from camera_registry.vocab import Level

#: ``valid_from`` of units in force since before the registry's records begin.
BEGINNING_OF_RECORDS = date(1900, 1, 1)


class AdminUnit(Base):
    """A province, district or commune as it was between two dates.

    GSO codes are reused (a commune created on 1 July 2025 may carry the code
    of one it absorbed), so a unit is identified by ``(code, valid_from)``.

    Every unit of the country is known from ``camreg init`` (the national list,
    without polygons); ``geom`` is NULL until a boundary file is imported, so
    "has a boundary" is ``geom IS NOT NULL``.  ``area_published_km2`` is the
    figure the file (or the national list) publishes, kept beside
    ``area_km2``, the geodesic area of the stored boundary.  ``centre_lon`` /
    ``centre_lat`` and ``bbox_*`` are the national list's centre point and
    bounds (the package publishes bounds for the legacy units only), for units
    that have no boundary yet; ``merged_from`` is the published text naming the former units
    a post-2025 unit was formed from (``sap_nhap``).
    """

    __tablename__ = "admin_unit"
    __table_args__ = (
        UniqueConstraint("code", "valid_from", name="uq_admin_unit_code_valid_from"),
        enum_check("level", Level),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_dates"),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(16))
    unit_type: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    geom: Mapped[Any] = mapped_column(geometry("MULTIPOLYGON"), nullable=True)
    population: Mapped[int | None] = mapped_column(Integer)
    area_km2: Mapped[float | None] = mapped_column(Float)
    area_published_km2: Mapped[float | None] = mapped_column(Float)
    centre_lon: Mapped[float | None] = mapped_column(Float)
    centre_lat: Mapped[float | None] = mapped_column(Float)
    merged_from: Mapped[str | None] = mapped_column(Text)
    bbox_west: Mapped[float | None] = mapped_column(Float)
    bbox_south: Mapped[float | None] = mapped_column(Float)
    bbox_east: Mapped[float | None] = mapped_column(Float)
    bbox_north: Mapped[float | None] = mapped_column(Float)
    boundary_quality: Mapped[str] = mapped_column(String(20), default="official")
    valid_from: Mapped[date] = mapped_column(Date, default=BEGINNING_OF_RECORDS)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)


class AdminUnitSuccession(Base):
    """One unit version's territory passing (wholly or partly) to another on a date.

    Links unit versions, not codes: codes are reused (legacy commune 15127 is
    succeeded by a new commune that also carries 15127).
    """

    __tablename__ = "admin_unit_succession"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id", name="uq_admin_unit_succession"),
        CheckConstraint("predecessor_id <> successor_id", name="distinct_units"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

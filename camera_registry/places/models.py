"""The place table, so that an address resolves finer than a commune."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import enum_check, geometry
from camera_registry.db import Base
from camera_registry.places.vocab import PlaceKind


class Place(Base):
    """A named place: a house address, hamlet, street or landmark.

    ``geom`` is a point for most places and a line for streets.  ``alt_names``
    holds other names people use, separated by ``;``.  ``(source, external_id)``
    identifies a row of an imported file, so re-importing it updates instead of
    duplicating.
    """

    __tablename__ = "place"
    __table_args__ = (
        enum_check("kind", PlaceKind),
        Index("ix_place_source_external_id", "source", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    alt_names: Mapped[str | None] = mapped_column(Text)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    geom: Mapped[Any] = mapped_column(geometry("GEOMETRY"), nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(100))

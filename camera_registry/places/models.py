"""The place table, so that an address resolves finer than a commune."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import geometry
from camera_registry.db import Base


class Place(Base):
    """A named place: a house address, hamlet, street or landmark.

    ``geom`` is a point for most places and a line for streets.
    """

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    geom: Mapped[Any] = mapped_column(geometry("GEOMETRY"), nullable=False)
    source: Mapped[str | None] = mapped_column(Text)

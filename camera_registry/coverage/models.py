"""The roads layer, imported from GeoJSON or GeoPackage lines."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.columns import geometry
from camera_registry.db import Base


class Road(Base):
    """A road (or a stretch of one), stored as a WGS84 multi-line.

    ``kind`` is the highway class as the source names it (OpenStreetMap's
    ``highway`` value, e.g. ``primary``, ``residential``); ``source`` names the
    file it came from, and re-importing a file replaces the roads of that source.
    """

    __tablename__ = "road"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(64), index=True)
    geom: Mapped[Any] = mapped_column(geometry("MULTILINESTRING"), nullable=False)
    source: Mapped[str] = mapped_column(String(300), index=True)

"""Column helpers shared by the domain models."""

from __future__ import annotations

from enum import StrEnum

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint

from camera_registry.db import SRID


def enum_check(column: str, enum: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint keeping a string column inside a vocabulary."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"{column}_valid")


def geometry(kind: str) -> Geometry:
    """A WGS84 geometry column type with a spatial index on both engines."""
    return Geometry(kind, srid=SRID, spatial_index=True)

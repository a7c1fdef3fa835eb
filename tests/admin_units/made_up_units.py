"""Made-up units (province codes ``9?x``) for the topology, re-derivation and export tests.

Drawn off the coast near (109.5°E, 14.5°N), far from the demo's Cẩm Thủy and
Đắk Nông polygons, so a test's units meet nothing else in the test database.
"""

from __future__ import annotations

from datetime import date

from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import BEGINNING_OF_RECORDS, AdminUnit
from tests.factories import make_admin_unit

GEOD = Geod(ellps="WGS84")


def geodesic_m2(geometry: BaseGeometry) -> float:
    """The test's own area: pyproj's geodesic area on WGS84, m²."""
    return abs(GEOD.geometry_area_perimeter(geometry)[0])


def add_unit(
    session: Session,
    code: str,
    geometry: BaseGeometry | None,
    *,
    level: str = "commune",
    parent: AdminUnit | None = None,
    published_km2: float | None = None,
    valid_from: date = BEGINNING_OF_RECORDS,
    valid_to: date | None = None,
) -> AdminUnit:
    """Insert a unit; ``area_km2`` is the test's geodesic area, as an import stores it."""
    shape = MultiPolygon([geometry]) if isinstance(geometry, Polygon) else geometry
    return make_admin_unit(
        session,
        code,
        shape,
        level=level,
        unit_type="tỉnh" if level == "province" else "xã",
        parent=parent,
        area_km2=geodesic_m2(shape) / 1e6 if shape is not None else None,
        area_published_km2=published_km2,
        population=1000,
        valid_from=valid_from,
        valid_to=valid_to,
    )


__all__ = ["add_unit", "box", "geodesic_m2"]

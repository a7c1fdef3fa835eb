"""Administrative units as GeoJSON."""

from __future__ import annotations

from typing import Any

from camera_registry.admin_units.models import AdminUnit
from camera_registry.geoconv import geojson_geometry


def unit_feature(unit: AdminUnit, parent_code: str | None) -> dict[str, Any]:
    """One unit version as an RFC 7946 Feature."""
    return {
        "type": "Feature",
        "id": f"{unit.code}@{unit.valid_from.isoformat()}",
        "geometry": geojson_geometry(unit.geom, precision=6),
        "properties": {
            "code": unit.code,
            "name": unit.name,
            "level": unit.level,
            "unit_type": unit.unit_type,
            "parent_code": parent_code,
            "population": unit.population,
            "boundary_quality": unit.boundary_quality,
            "valid_from": unit.valid_from.isoformat(),
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        },
    }

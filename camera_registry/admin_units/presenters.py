"""Administrative units as GeoJSON."""

from __future__ import annotations

from typing import Any

from camera_registry.admin_units.models import AdminUnit
from camera_registry.geoconv import geojson_geometry


def unit_feature(unit: AdminUnit, parent_code: str | None) -> dict[str, Any]:
    """One unit version as an RFC 7946 Feature.

    A unit whose boundary is not loaded yet (the national list knows every unit)
    has a null geometry, which RFC 7946 allows, and its published centre point
    as the ``centre`` property ``[lon, lat]`` instead, with the national list's
    bounds (legacy units) as the Feature's ``bbox`` member so a map can zoom to it.
    """
    has_boundary = unit.geom is not None
    centre = None
    if not has_boundary and unit.centre_lon is not None and unit.centre_lat is not None:
        centre = [unit.centre_lon, unit.centre_lat]
    bounds = (unit.bbox_west, unit.bbox_south, unit.bbox_east, unit.bbox_north)
    bbox = list(bounds) if not has_boundary and None not in bounds else None
    return {
        "type": "Feature",
        "id": f"{unit.code}@{unit.valid_from.isoformat()}",
        **({"bbox": bbox} if bbox is not None else {}),
        "geometry": geojson_geometry(unit.geom, precision=6) if has_boundary else None,
        "properties": {
            "code": unit.code,
            "name": unit.name,
            "level": unit.level,
            "unit_type": unit.unit_type,
            "parent_code": parent_code,
            "population": unit.population,
            "has_boundary": has_boundary,
            "boundary_quality": unit.boundary_quality,
            "area_km2": unit.area_km2,
            "area_published_km2": unit.area_published_km2,
            **({"centre": centre} if centre is not None else {}),
            "valid_from": unit.valid_from.isoformat(),
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        },
    }

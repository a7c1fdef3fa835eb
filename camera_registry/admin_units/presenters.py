"""Administrative units as GeoJSON."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping

from camera_registry.admin_units.models import AdminUnit
from camera_registry.geoconv import from_db, geojson_geometry

#: Metres in one degree of latitude (WGS84 mean), to turn a display tolerance into degrees.
_M_PER_DEGREE = 111_320.0


def display_geometry(value: Any, tolerance_m: float) -> dict[str, Any]:
    """A stored boundary simplified for display, as an RFC 7946 geometry.

    The full boundary stays stored; a map of a province's 100-odd communes of
    thousands of vertices each needs far fewer.  Topology-preserving
    (Douglas-Peucker that keeps rings valid) with a tolerance of ``tolerance_m``
    metres taken as degrees of latitude: along a parallel a degree is shorter,
    so the result is never coarser than asked.
    """
    simple = shapely.simplify(from_db(value), tolerance_m / _M_PER_DEGREE, preserve_topology=True)
    return dict(mapping(shapely.transform(simple, lambda xy: np.round(xy, 6))))


def unit_feature(
    unit: AdminUnit, parent_code: str | None, *, simplify_m: float | None = None
) -> dict[str, Any]:
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
        "geometry": (
            None
            if not has_boundary
            else display_geometry(unit.geom, simplify_m)
            if simplify_m
            else geojson_geometry(unit.geom, precision=6)
        ),
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

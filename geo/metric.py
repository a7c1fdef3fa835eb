"""Local metric projections: Lambert azimuthal equal-area (LAEA) around a point.

Measurements in metres (areas, simplification tolerances, grid cells) are made
in a LAEA projection on the WGS84 ellipsoid centred near the data, where a
square of side ``s`` metres really has ``s²`` m² and distances are within 0.6 %
up to 1,000 km from the centre.  Centres are rounded to whole degrees so that
geometries of one region share one cached transformer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo.arrays import FloatArray


def _laea(lon0: float, lat0: float) -> str:
    return f"+proj=laea +lat_0={lat0:.6f} +lon_0={lon0:.6f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m"


@lru_cache(maxsize=64)
def laea_forward(lon0: float, lat0: float) -> Transformer:
    """WGS84 → LAEA centred on (lon0, lat0), metres (cached)."""
    return Transformer.from_crs("EPSG:4326", _laea(lon0, lat0), always_xy=True)


@lru_cache(maxsize=64)
def laea_inverse(lon0: float, lat0: float) -> Transformer:
    """LAEA centred on (lon0, lat0) → WGS84 (cached)."""
    return Transformer.from_crs(_laea(lon0, lat0), "EPSG:4326", always_xy=True)


def equal_area(lon0: float, lat0: float) -> tuple[Transformer, Transformer]:
    """Forward and inverse transformers of a LAEA projection centred on a point (cached)."""
    return laea_forward(lon0, lat0), laea_inverse(lon0, lat0)


def centre_of(geometry: BaseGeometry) -> tuple[float, float]:
    """The middle of a geometry's bounds to the nearest degree (a projection centre).

    Rounded so that geometries of one region share one cached projection.
    """
    minx, miny, maxx, maxy = geometry.bounds
    return float(round((minx + maxx) / 2.0)), float(round((miny + maxy) / 2.0))


def reproject(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    """Apply a pyproj transformer to every vertex of a geometry."""

    def apply(xy: FloatArray) -> FloatArray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    result: BaseGeometry = shapely.transform(geometry, apply)
    return result

"""Independent tile arithmetic for the tile tests (pyproj + shapely, not the code under test)."""

from __future__ import annotations

import math
from typing import Any

import mapbox_vector_tile
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

WORLD = 20037508.342789244  # half the EPSG:3857 square, metres
EXTENT = 4096
BUFFER = 64
TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """The XYZ tile containing a WGS84 point."""
    x, y = TO_MERCATOR.transform(lon, lat)
    size = 2 * WORLD / 2**z
    return z, int((x + WORLD) // size), int((WORLD - y) // size)


def tile_box(z: int, x: int, y: int, pad_units: float = 0.0) -> BaseGeometry:
    """The tile in EPSG:3857, widened (or narrowed) by ``pad_units`` tile units."""
    size = 2 * WORLD / 2**z
    pad = size * pad_units / EXTENT
    minx, maxy = -WORLD + x * size, WORLD - y * size
    return box(minx - pad, maxy - size - pad, minx + size + pad, maxy + pad)


def mercator(geometry: BaseGeometry) -> BaseGeometry:
    """A WGS84 geometry in EPSG:3857."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(TO_MERCATOR.transform(xy[:, 0], xy[:, 1]))
    )


def decode(data: bytes) -> dict[str, Any]:
    """A tile's layers (y pointing down, as stored)."""
    if not data:
        return {}
    return mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})


def features(data: bytes, layer: str) -> list[dict[str, Any]]:
    """The features of one layer of a tile."""
    return decode(data).get(layer, {}).get("features", [])


def tile_units(point_3857: tuple[float, float], z: int, x: int, y: int) -> tuple[float, float]:
    """Where a mercator point falls in a tile's 0…4096 grid (y down)."""
    size = 2 * WORLD / 2**z
    minx, maxy = -WORLD + x * size, WORLD - y * size
    return (point_3857[0] - minx) / size * EXTENT, (maxy - point_3857[1]) / size * EXTENT


def near_edge(point: BaseGeometry, z: int, x: int, y: int) -> bool:
    """Whether a point lies within one tile unit of the buffered tile's edge."""
    outer, inner = tile_box(z, x, y, BUFFER + 1), tile_box(z, x, y, BUFFER - 1)
    return bool(outer.contains(point) and not inner.contains(point))


def lat_of_row(y: int, z: int) -> float:
    """Latitude of a tile row's top edge (for choosing tiles)."""
    n = math.pi - 2 * math.pi * y / 2**z
    return math.degrees(math.atan(math.sinh(n)))

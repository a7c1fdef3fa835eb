"""The web-mercator tile grid (EPSG:3857, XYZ numbering) and tile-local coordinates.

A tile ``z/x/y`` covers a square of the spherical-mercator plane; its features
are written in integer coordinates ``0 … EXTENT`` (y pointing down) and kept
``BUFFER`` units beyond each edge so that symbols and lines crossing an edge
draw seamlessly.  The same numbers drive PostGIS's ``ST_AsMVTGeom`` and the
Python encoder, so both engines produce the same tile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from camera_registry.errors import InvalidInput

#: Tile resolution: coordinates run from 0 to EXTENT on both axes.
EXTENT = 4096
#: How far beyond the tile edge features are kept, in tile units.
BUFFER = 64
#: Deepest zoom level served.
MAX_ZOOM = 22
#: Half the width of the spherical-mercator world (metres).
HALF_WORLD = math.pi * 6378137.0
#: Latitude limit of the web-mercator square.
MAX_LAT = math.degrees(math.atan(math.sinh(math.pi)))

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Tile:
    """One tile of the XYZ pyramid."""

    z: int
    x: int
    y: int

    @classmethod
    def checked(cls, z: int, x: int, y: int) -> Tile:
        """A tile, or a 422 naming the coordinate out of range."""
        if not 0 <= z <= MAX_ZOOM:
            raise InvalidInput("z", f"must be between 0 and {MAX_ZOOM}")
        side = 1 << z
        for name, value in (("x", x), ("y", y)):
            if not 0 <= value < side:
                raise InvalidInput(name, f"must be between 0 and {side - 1} at zoom {z}")
        return cls(z, x, y)

    @property
    def size(self) -> float:
        """The tile's side in mercator metres."""
        return 2 * HALF_WORLD / (1 << self.z)

    def mercator_bounds(self, buffer: int = 0) -> BBox:
        """``(minx, miny, maxx, maxy)`` in EPSG:3857, widened by ``buffer`` tile units."""
        pad = self.size * buffer / EXTENT
        minx = -HALF_WORLD + self.x * self.size
        maxy = HALF_WORLD - self.y * self.size
        return minx - pad, maxy - self.size - pad, minx + self.size + pad, maxy + pad

    def lonlat_bounds(self, buffer: int = BUFFER) -> BBox:
        """The tile (with ``buffer``) as WGS84 ``(west, south, east, north)``, clamped."""
        minx, miny, maxx, maxy = self.mercator_bounds(buffer)
        west, south = mercator_to_lonlat(minx, miny)
        east, north = mercator_to_lonlat(maxx, maxy)
        return max(west, -180.0), max(south, -MAX_LAT), min(east, 180.0), min(north, MAX_LAT)


def mercator_to_lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 metres to WGS84 degrees."""
    lon = math.degrees(x / HALF_WORLD * math.pi)
    lat = math.degrees(math.atan(math.sinh(y / HALF_WORLD * math.pi)))
    return lon, lat


def lonlat_to_mercator(xy: np.ndarray) -> np.ndarray:
    """An ``(n, 2)`` array of WGS84 degrees to EPSG:3857 metres (latitudes clamped)."""
    lon = np.radians(xy[:, 0])
    lat = np.radians(np.clip(xy[:, 1], -MAX_LAT, MAX_LAT))
    r = HALF_WORLD / math.pi
    return np.column_stack((r * lon, r * np.log(np.tan(math.pi / 4 + lat / 2))))

"""The coarse grid that hides exact incident points from aggregate-only roles.

Cells are about ``size_m`` × ``size_m``: rows are ``size_m`` tall in latitude;
within a row the longitude step is widened by 1 / cos(row latitude) so cells
keep their ground width.  The grid is global and fixed (it does not depend on
the query), so no two answers can be combined to narrow a point down.
"""

from __future__ import annotations

import math

METRES_PER_DEGREE = 111_320.0


def cell_of(lon: float, lat: float, size_m: float) -> tuple[int, int]:
    """The ``(column, row)`` of the cell containing a point."""
    dlat = size_m / METRES_PER_DEGREE
    row = math.floor(lat / dlat)
    return math.floor(lon / _dlon(row, dlat, size_m)), row


def cell_centre(col: int, row: int, size_m: float, precision: int = 6) -> tuple[float, float]:
    """The ``(lon, lat)`` of a cell's centre, rounded to ``precision`` decimals."""
    dlat = size_m / METRES_PER_DEGREE
    dlon = _dlon(row, dlat, size_m)
    return round((col + 0.5) * dlon, precision), round((row + 0.5) * dlat, precision)


def cell_bounds(col: int, row: int, size_m: float) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of a cell in degrees."""
    dlat = size_m / METRES_PER_DEGREE
    dlon = _dlon(row, dlat, size_m)
    return col * dlon, row * dlat, (col + 1) * dlon, (row + 1) * dlat


def _dlon(row: int, dlat: float, size_m: float) -> float:
    centre_lat = max(-89.0, min(89.0, (row + 0.5) * dlat))
    return size_m / (METRES_PER_DEGREE * math.cos(math.radians(centre_lat)))

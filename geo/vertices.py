"""Counting the vertices of input geometries, so that oversized ones are refused early.

Every later step (reprojection, validity checks, spatial SQL, tiles) costs
time in proportion to a geometry's vertex count, so the application caps the
count of each geometry a client sends (``CAMREG_MAX_GEOMETRY_VERTICES``).
GeoJSON is counted on the decoded document, before shapely builds anything;
geometries read through GDAL are counted once built.
"""

from __future__ import annotations

from numbers import Real

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryInputError

#: The default cap: far above any camera point, road or gazetteer line drawn by hand.
DEFAULT_MAX_VERTICES = 10_000


def vertex_count(geometry: BaseGeometry | None) -> int:
    """The number of coordinate tuples of a geometry (0 for None or an empty one).

    >>> from shapely.geometry import LineString
    >>> vertex_count(LineString([(0, 0), (1, 1), (2, 0)]))
    3
    """
    if geometry is None:
        return 0
    return int(shapely.get_num_coordinates(geometry))


def _is_position(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and isinstance(value[0], Real)
        and not isinstance(value[0], bool)
    )


def geojson_vertex_count(geometry: object) -> int:
    """The number of positions in a decoded GeoJSON geometry, without building it.

    Accepts decoded JSON (lists) and ``__geo_interface__`` mappings (tuples).
    Walks ``coordinates`` (and the members of a ``GeometryCollection``) with an
    explicit stack, so deep nesting cannot exhaust Python's recursion limit.
    Anything that is not a position or a list counts as nothing: building the
    geometry afterwards reports malformed input.

    >>> geojson_vertex_count({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})
    2
    >>> geojson_vertex_count({"type": "Point", "coordinates": [105.8, 21.0]})
    1
    """
    count = 0
    stack: list[object] = [geometry]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("coordinates"))
            members = item.get("geometries")
            if isinstance(members, list | tuple):
                stack.extend(members)
        elif _is_position(item):
            count += 1
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return count


def check_vertex_count(count: int, limit: int, field: str = "geometry") -> None:
    """Raise ``GeometryInputError`` naming ``field`` when ``count`` exceeds ``limit``.

    >>> check_vertex_count(12, 10)
    Traceback (most recent call last):
    ...
    geo.errors.GeometryInputError: geometry: has 12 vertices; at most 10 are accepted
    """
    if count > limit:
        raise GeometryInputError(field, f"has {count} vertices; at most {limit} are accepted")

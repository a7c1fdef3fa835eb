"""The ``bbox`` query parameter of every listing: parsed, checked, and capped in area.

A bounding box is ``minLon,minLat,maxLon,maxLat`` (RFC 7946 order, WGS84).
Its area in square degrees may not exceed ``CAMREG_MAX_BBOX_AREA_DEG2``: a
box the size of a continent would only be a slow way of asking for the whole
registry, so it is refused with a 422 naming ``bbox``.  Routes take the
parsed box through the ``RequestedBBox`` dependency, which reads the limit
from the app's settings.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, Query

from camera_registry.deps import SettingsDep
from camera_registry.errors import InvalidInput
from camera_registry.spatial_sql import BBox


def parse_bbox(text: str, *, max_area_deg2: float) -> BBox:
    """Parse ``minLon,minLat,maxLon,maxLat`` or raise a 422 naming ``bbox``.

    >>> parse_bbox("105.5,20.1,105.6,20.2", max_area_deg2=1.0)
    (105.5, 20.1, 105.6, 20.2)
    """
    try:
        values = [float(p) for p in text.split(",")]
    except ValueError:
        raise InvalidInput("bbox", "must be four numbers: minLon,minLat,maxLon,maxLat") from None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidInput("bbox", "must be four finite numbers: minLon,minLat,maxLon,maxLat")
    minx, miny, maxx, maxy = values
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidInput(
            "bbox", "must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90"
        )
    area = (maxx - minx) * (maxy - miny)
    if area > max_area_deg2:
        raise InvalidInput(
            "bbox",
            f"covers {area:.6g} square degrees; at most {max_area_deg2:g} are allowed "
            "(filter by commune, district or province, or ask for a smaller box)",
        )
    return minx, miny, maxx, maxy


def requested_bbox(
    settings: SettingsDep,
    bbox: Annotated[str | None, Query(description="minLon,minLat,maxLon,maxLat")] = None,
) -> BBox | None:
    """FastAPI dependency: the request's ``bbox``, capped by ``max_bbox_area_deg2``."""
    if not bbox:
        return None
    return parse_bbox(bbox, max_area_deg2=settings.max_bbox_area_deg2)


#: A route or dependency parameter carrying the parsed, capped ``bbox`` (or None).
RequestedBBox = Annotated[BBox | None, Depends(requested_bbox)]

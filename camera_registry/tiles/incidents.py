"""The incidents layer, shaped by role exactly as ``GET /incidents`` shapes it.

The same access rule (``incidents.access.detail_scope``) and the same queries
decide what a caller receives: exact points with case code, type, status and
the footage tag inside the communes they may see in detail; elsewhere only the
grid cells of ``incidents.presenters.cell_features`` (cell centre, counts by
type) — never a point finer than the planner grid.  Cells are counted over a
box one cell wider than the tile, so a cell straddling a tile edge carries its
full count in every tile that draws it.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.incidents import presenters
from camera_registry.incidents import queries as incident_queries
from camera_registry.incidents.access import detail_scope
from camera_registry.incidents.grid import METRES_PER_DEGREE
from camera_registry.incidents.queries import IncidentFilter, IncidentRow
from camera_registry.tiles.encoder import LayerData, encode
from camera_registry.tiles.tilemath import MAX_LAT, BBox, Tile
from camera_registry.timeparse import local_iso

#: Most exact incidents one tile carries (a tile is a small area: this is a safety cap).
MAX_DETAILED = 50_000


def _detail_properties(row: IncidentRow) -> dict[str, Any]:
    inc = row.incident
    return {
        "kind": "incident",
        "case_code": inc.case_code,
        "type": inc.type,
        "status": inc.status,
        "occurred_at": local_iso(inc.occurred_at),
        "commune_code": row.commune_code,
        "clarified_with_footage": row.with_footage,
    }


def _cell_properties(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    return {
        "kind": "cell",
        "cell": feature["id"],
        "grid_m": props["grid_m"],
        "count": props["count"],
        "clarified_with_footage": props["clarified_with_footage"],
        "by_type": json.dumps(props["by_type"], separators=(",", ":")),
    }


def _widened(bounds: BBox, metres: float) -> BBox:
    west, south, east, north = bounds
    dlat = metres / METRES_PER_DEGREE
    worst = min(89.0, max(abs(south), abs(north)) + dlat)
    dlon = metres / (METRES_PER_DEGREE * math.cos(math.radians(worst)))
    return (
        max(-180.0, west - dlon),
        max(-MAX_LAT, south - dlat),
        min(180.0, east + dlon),
        min(MAX_LAT, north + dlat),
    )


def _inside(bounds: BBox, lon: float, lat: float) -> bool:
    west, south, east, north = bounds
    return west <= lon <= east and south <= lat <= north


def incidents_layer(
    session: Session, *, tile: Tile, flt: IncidentFilter, user: Principal, grid_m: float
) -> LayerData:
    """The incidents of a tile this caller may see: details in scope, cells elsewhere."""
    scope = detail_scope(user)
    bounds = tile.lonlat_bounds()
    layer = LayerData("incidents")
    if scope is None or scope:
        mine = replace(flt, bbox=bounds, scope=scope, outside_scope=False)
        for row in incident_queries.list_incidents(session, flt=mine, limit=MAX_DETAILED):
            layer.add(Point(row.lon, row.lat), _detail_properties(row), row.incident.id)
    if scope is not None:
        hidden = replace(flt, bbox=_widened(bounds, grid_m), scope=scope, outside_scope=True)
        points = incident_queries.points(session, flt=hidden)
        for feature in presenters.cell_features(points, grid_m):
            lon, lat = feature["geometry"]["coordinates"]
            if _inside(bounds, lon, lat):
                layer.add(Point(lon, lat), _cell_properties(feature))
    return layer


def incidents_tile(
    session: Session, *, tile: Tile, flt: IncidentFilter, user: Principal, grid_m: float
) -> bytes:
    """The incidents layer as vector-tile bytes (the Python encoder on both engines)."""
    return encode([incidents_layer(session, tile=tile, flt=flt, user=user, grid_m=grid_m)], tile)

"""Rendering one tile of one layer for one caller."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.tiles import queries
from camera_registry.tiles.incidents import incidents_tile
from camera_registry.tiles.params import Layer
from camera_registry.tiles.tilemath import Tile

#: View sectors are drawn from this zoom on (a sector is a few pixels wide before).
VIEWS_MIN_ZOOM = 14
#: Cameras are served from this zoom on: a province fits one screen, while a zoom-5 tile of a
#: national registry would carry hundreds of thousands of points (communes show coverage before).
CAMERAS_MIN_ZOOM = 8


def render(
    session: Session,
    *,
    layer: Layer,
    tile: Tile,
    user: Principal,
    incidents: IncidentFilter,
    on: date,
    grid_m: float,
) -> bytes:
    """The tile's bytes (empty when nothing of the layer falls in it)."""
    if layer is Layer.CAMERAS:
        return queries.cameras_tile(session, tile=tile) if tile.z >= CAMERAS_MIN_ZOOM else b""
    if layer is Layer.VIEWS:
        return queries.views_tile(session, tile=tile) if tile.z >= VIEWS_MIN_ZOOM else b""
    if layer is Layer.COMMUNES:
        return queries.communes_tile(session, tile=tile, on=on)
    return incidents_tile(session, tile=tile, flt=incidents, user=user, grid_m=grid_m)

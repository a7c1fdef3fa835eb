"""HTTP route of the vector tiles: ``GET /tiles/{layer}/{z}/{x}/{y}.mvt``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from camera_registry.deps import CurrentUser, SessionDep, SettingsDep
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.tiles import service
from camera_registry.tiles.params import Layer, OnDate, tile_incident_filter
from camera_registry.tiles.tilemath import Tile
from camera_registry.timeutil import today_local

router = APIRouter(prefix="/tiles", tags=["map"])
MVT = "application/vnd.mapbox-vector-tile"
Coordinate = Annotated[int, Path(ge=-(2**31), le=2**31)]


@router.get(
    "/{layer}/{z}/{x}/{y}.mvt",
    summary="A Mapbox Vector Tile of cameras, view sectors, communes or incidents",
    response_class=Response,
    responses={200: {"content": {MVT: {}}, "description": "Mapbox Vector Tile v2"}},
)
def get_tile(
    layer: Layer,
    z: Coordinate,
    x: Coordinate,
    y: Coordinate,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    incidents: Annotated[IncidentFilter, Depends(tile_incident_filter)],
    on: OnDate = None,
) -> Response:
    """One tile (EPSG:3857, extent 4096); incidents are shaped by the caller's role."""
    data = service.render(
        session,
        layer=layer,
        tile=Tile.checked(z, x, y),
        user=user,
        incidents=incidents,
        on=on or today_local(),
        grid_m=settings.planner_grid_m,
    )
    headers = {"Cache-Control": "private, max-age=60", "Vary": "Authorization"}
    return Response(data, media_type=MVT, headers=headers)

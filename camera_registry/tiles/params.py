"""Query parameters of the tile routes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import Query

from camera_registry.incidents.params import incident_filter
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.vocab import IncidentStatus, IncidentType


class Layer(StrEnum):
    """The layers served as vector tiles."""

    CAMERAS = "cameras"
    VIEWS = "views"
    COMMUNES = "communes"
    INCIDENTS = "incidents"


async def tile_incident_filter(
    commune: Annotated[str | None, Query(max_length=16, description="Commune GSO code")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District GSO code")] = None,
    province: Annotated[str | None, Query(max_length=16, description="Province GSO code")] = None,
    from_: Annotated[
        str | None, Query(alias="from", description="Incidents from (date or time, Vietnam time)")
    ] = None,
    to: Annotated[
        str | None, Query(description="Incidents until (a date means to its end)")
    ] = None,
    type: Annotated[list[IncidentType] | None, Query(description="Incident type(s)")] = None,
    status: Annotated[list[IncidentStatus] | None, Query(description="Status(es)")] = None,
    with_footage: Annotated[
        bool | None, Query(description="Only (true) or never (false) clarified with footage")
    ] = None,
) -> IncidentFilter:
    """The incident filters of ``GET /incidents`` (the tile is the bounding box).

    Asynchronous because it only parses: FastAPI then runs it on the event loop
    instead of sending it to the thread pool on every tile request.
    """
    return incident_filter(
        commune=commune,
        district=district,
        province=province,
        bbox=None,
        from_=from_,
        to=to,
        type=type,
        status=status,
        with_footage=with_footage,
    )


OnDate = Annotated[
    date | None, Query(description="Communes in force on this date (default: today, Vietnam)")
]

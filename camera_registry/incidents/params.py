"""Query parameters shared by the incident listing, map and statistics routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from camera_registry.bbox import RequestedBBox
from camera_registry.errors import InvalidInput
from camera_registry.incidents.queries import IncidentFilter
from camera_registry.timeparse import parse_bound
from camera_registry.vocab import IncidentStatus, IncidentType

Code = Annotated[str | None, Query(max_length=16)]


def incident_filter(
    commune: Annotated[str | None, Query(max_length=16, description="Commune GSO code")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District GSO code")] = None,
    province: Annotated[str | None, Query(max_length=16, description="Province GSO code")] = None,
    bbox: RequestedBBox = None,
    from_: Annotated[
        str | None, Query(alias="from", description="From (date or time, Vietnam time)")
    ] = None,
    to: Annotated[str | None, Query(description="Until (a date means to its end)")] = None,
    type: Annotated[list[IncidentType] | None, Query(description="Incident type(s)")] = None,
    status: Annotated[list[IncidentStatus] | None, Query(description="Status(es)")] = None,
    with_footage: Annotated[
        bool | None, Query(description="Only (true) or never (false) clarified with footage")
    ] = None,
) -> IncidentFilter:
    """Parse the filters; a malformed value is a 422 naming the parameter."""
    start = parse_bound(from_, field="from", end=False) if from_ else None
    end = parse_bound(to, field="to", end=True) if to else None
    if start is not None and end is not None and end < start:
        raise InvalidInput("to", "must not be before 'from'")
    return IncidentFilter(
        unit_codes=tuple(c for c in (commune, district, province) if c),
        bbox=bbox,
        start=start,
        end=end,
        types=tuple(t.value for t in type or ()),
        statuses=tuple(s.value for s in status or ()),
        with_footage=with_footage,
    )

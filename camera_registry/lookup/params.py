"""One lookup request, checked: an address or a point, an optional moment, a radius."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from camera_registry.addresses.resolve import Geocoder
from camera_registry.audit.writer import RowSink
from camera_registry.errors import InvalidInput
from camera_registry.lookup.audited import Actor, LookupAnswer, lookup_address, lookup_point
from camera_registry.timeparse import parse_past_moment

#: Largest radius the API and CLI accept (metres).
MAX_RADIUS_M = 2000.0


@dataclass(frozen=True)
class LookupRequest:
    """What was asked."""

    address: str | None
    lon: float | None
    lat: float | None
    at: datetime | None
    radius_m: float


def parse_request(
    *, address: str | None, lat: float | None, lon: float | None, at: str | None, radius: float
) -> LookupRequest:
    """Check that exactly one of address / (lat, lon) is given; read the moment."""
    address = address.strip() if address else None
    if address and (lat is not None or lon is not None):
        raise InvalidInput("address", "give either an address or lat and lon, not both")
    if not address and (lat is None or lon is None):
        field = "lat" if lat is None else "lon"
        raise InvalidInput(field, "give an address, or both lat and lon")
    if not 0 <= radius <= MAX_RADIUS_M:
        raise InvalidInput("radius", f"must be between 0 and {MAX_RADIUS_M:g} m")
    moment = parse_past_moment(at) if at else None
    return LookupRequest(address, lon, lat, moment, float(radius))


def run_lookup(
    session: Session,
    request: LookupRequest,
    actor: Actor,
    geocoder: Geocoder | None = None,
    writer: RowSink | None = None,
) -> LookupAnswer:
    """Answer a checked request (audited, committed; the row through ``writer`` if given)."""
    if request.address:
        return lookup_address(
            session,
            address=request.address,
            at=request.at,
            radius_m=request.radius_m,
            actor=actor,
            geocoder=geocoder,
            writer=writer,
        )
    assert request.lon is not None and request.lat is not None
    return lookup_point(
        session,
        lon=request.lon,
        lat=request.lat,
        at=request.at,
        radius_m=request.radius_m,
        actor=actor,
        writer=writer,
    )

"""HTTP route of the coverage lookup: ``GET /lookup``."""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request

from camera_registry.addresses.geocoder import geocoder_of
from camera_registry.audit.writer import deferred_for
from camera_registry.auth import Principal
from camera_registry.deps import SessionDep
from camera_registry.limits import count_holder_read, in_progress_limited, rate_limited
from camera_registry.lookup.audited import Actor
from camera_registry.lookup.params import MAX_RADIUS_M, parse_request, run_lookup
from camera_registry.lookup.presenters import answer_json
from camera_registry.lookup.schemas import LookupAnswer
from camera_registry.responses import GeoJSONResponse, documented

router = APIRouter(prefix="/lookup", tags=["lookup"])
Looker = Annotated[Principal, Depends(rate_limited("lookup", "rate_lookups_per_minute"))]


@router.get(
    "",
    summary="Which cameras cover an address or a point (at a time)",
    dependencies=[Depends(in_progress_limited("lookup", "max_lookups_in_progress"))],
    response_class=GeoJSONResponse,
    responses=documented(LookupAnswer),
)
async def lookup(
    request: Request,
    session: SessionDep,
    user: Looker,
    address: Annotated[str | None, Query(max_length=500, description="Địa chỉ / address")] = None,
    lat: Annotated[float | None, Query(ge=-85, le=85, description="WGS84 latitude")] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180, description="WGS84 longitude")] = None,
    at: Annotated[
        str | None, Query(max_length=64, description="2023-05-04T21:30 or 04/05/2023 21:30")
    ] = None,
    radius: Annotated[float, Query(ge=0, le=MAX_RADIUS_M, description="metres")] = 300,
) -> GeoJSONResponse:
    """Cameras whose view contains the place, then those within ``radius`` m (audited)."""
    asked = parse_request(address=address, lat=lat, lon=lon, at=at, radius=radius)
    actor = Actor(user.username, user.role.value, user.may_see_holder)
    state = request.app.state

    # group commit of the audit row, awaited here rather than in the lookup's thread
    audit = deferred_for(state, session)

    def answer() -> tuple[GeoJSONResponse, bool]:
        found = run_lookup(session, asked, actor, geocoder_of(state), audit)
        shows_holder = any(
            user.may_see_holder(h.commune_code) and h.owner_contact for h in found.hits
        )
        return GeoJSONResponse(answer_json(found, user.may_see_holder)), shows_holder

    # a thread of the lookups' own few (settings.lookup_threads), not of the shared pool
    try:
        response, shows_holder = await to_thread.run_sync(answer, limiter=state.lookup_threads)
    finally:  # no answer, not even a refusal, leaves before its audit row is committed
        if audit is not None:
            await audit.committed()
    if shows_holder:
        count_holder_read(request, user)
    return response

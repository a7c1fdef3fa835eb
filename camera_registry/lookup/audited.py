"""Lookups as the API and the CLI run them: resolve, look up, audit, commit.

Every lookup is recorded in the audit trail — who asked, when, what (the address
or point, the moment, the radius), how it resolved and which cameras came back,
and how many holders' contacts were shown.  An address that cannot be resolved
is recorded too (outcome ``rejected``) before its 422 goes out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.addresses.resolution import Resolution
from camera_registry.addresses.resolve import Geocoder, resolve_address
from camera_registry.audit import service as audit
from camera_registry.audit.writer import RowSink
from camera_registry.errors import InvalidInput
from camera_registry.lookup.service import CameraHit, cameras_for_area, cameras_for_point

#: Camera codes listed in an audit row (the count is always complete).
AUDIT_CODES = 100


@dataclass(frozen=True)
class Actor:
    """Who asks, for the audit trail and for what they may see."""

    name: str
    role: str | None
    may_see_holder: Callable[[str | None], bool]
    source_addr: str | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class LookupAnswer:
    """The cameras for one question, with how the place was understood."""

    resolution: Resolution | None  # None when a point was given
    lon: float | None
    lat: float | None
    at: datetime | None
    radius_m: float
    hits: list[CameraHit]

    @property
    def imprecise(self) -> bool:
        """True when the answer covers an area rather than a point."""
        return self.resolution is not None and self.resolution.imprecise


def _record(
    session: Session,
    actor: Actor,
    action: str,
    object_id: str,
    detail: dict[str, Any],
    *,
    ok: bool,
    writer: RowSink | None,
) -> None:
    """Audit a lookup and commit; through ``writer`` (group commit) when given.

    A :class:`~camera_registry.audit.writer.Deferred` writer only queues the
    row: its caller awaits the commit before answering.
    """
    fields: dict[str, Any] = {
        "action": action,
        "outcome": "success" if ok else "rejected",
        "actor": actor.name,
        "role": actor.role,
        "object_type": "address" if action == "lookup.address" else "point",
        "object_id": object_id[:128],
        "detail": json.dumps(detail, ensure_ascii=False, default=str),
        "source_addr": actor.source_addr,  # None: the request's own
        "request_id": actor.request_id,
    }
    if writer is None:
        audit.record(session, **fields)
        session.commit()
    else:
        session.commit()  # the lookup's reads end here; its row is written with others
        writer.append(**fields)


def _outcome(actor: Actor, hits: list[CameraHit]) -> dict[str, Any]:
    return {
        "returned": len(hits),
        "seeing": sum(h.sees for h in hits),
        "holders_shown": sum(1 for h in hits if actor.may_see_holder(h.commune_code)),
        "cameras": [h.code for h in hits[:AUDIT_CODES]],
    }


def lookup_address(
    session: Session,
    *,
    address: str,
    at: datetime | None,
    radius_m: float,
    actor: Actor,
    geocoder: Geocoder | None = None,
    now: datetime | None = None,
    writer: RowSink | None = None,
) -> LookupAnswer:
    """Resolve an address and return the cameras covering it (audited, committed)."""
    asked: dict[str, Any] = {"address": address, "at": at, "radius_m": radius_m}
    try:
        res = resolve_address(session, address, geocoder=geocoder)
    except InvalidInput as exc:
        detail = {**asked, "error": exc.detail}
        _record(session, actor, "lookup.address", address, detail, ok=False, writer=writer)
        raise
    if res.area is not None:
        hits = cameras_for_area(session, geometry=res.area, at=at, now=now)
        lon = lat = None
    else:
        assert res.point is not None
        lon, lat = res.point
        hits = cameras_for_point(session, lon=lon, lat=lat, at=at, radius_m=radius_m, now=now)
    resolved = {"step": res.step, "precision": res.precision, "label": res.label}
    detail = {**asked, "resolved": resolved, **_outcome(actor, hits)}
    _record(session, actor, "lookup.address", address, detail, ok=True, writer=writer)
    return LookupAnswer(res, lon, lat, at, radius_m, hits)


def lookup_point(
    session: Session,
    *,
    lon: float,
    lat: float,
    at: datetime | None,
    radius_m: float,
    actor: Actor,
    now: datetime | None = None,
    writer: RowSink | None = None,
) -> LookupAnswer:
    """The cameras covering a point (audited, committed)."""
    hits = cameras_for_point(session, lon=lon, lat=lat, at=at, radius_m=radius_m, now=now)
    detail = {"lon": lon, "lat": lat, "at": at, "radius_m": radius_m, **_outcome(actor, hits)}
    _record(session, actor, "lookup.point", f"{lat:.7f},{lon:.7f}", detail, ok=True, writer=writer)
    return LookupAnswer(None, lon, lat, at, radius_m, hits)

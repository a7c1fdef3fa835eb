"""Response shape of ``GET /lookup``: a FeatureCollection with foreign members."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from camera_registry.responses import FeatureCollection


class LookupQuery(BaseModel):
    """What was asked: the moment, the radius, and the address or the point."""

    at: str | None
    radius_m: float
    address: str | None = None
    lon: float | None = None
    lat: float | None = None


class LookupAnswer(FeatureCollection):
    """Cameras whose view contains the place, then those within the radius."""

    query: LookupQuery
    imprecise: bool
    resolution: dict[str, Any] | None = Field(description="How an address was resolved")

"""Request and response shapes of the site API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from camera_registry.cameras.schemas import Address, Code, Lat, Lon, Short, UnitCode


class SiteCreate(BaseModel):
    """A new site: a pole or building where several cameras are mounted."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code
    name: Short | None = None
    address: Address | None = None
    lon: Lon
    lat: Lat
    commune_code: UnitCode | None = None
    allow_outside_commune: bool = False


class SiteUpdate(BaseModel):
    """A merge patch of a site; a new ``lon``/``lat`` moves every camera on it."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: Short | None = None
    address: Address | None = None
    lon: Lon | None = None
    lat: Lat | None = None
    commune_code: UnitCode | None = None
    allow_outside_commune: bool | None = None

    @field_validator("lon", "lat", "allow_outside_commune", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null")
        return value


class SiteAttach(BaseModel):
    """Cameras to mount on a site (each must be within a short distance of it)."""

    model_config = ConfigDict(extra="forbid")

    cameras: Annotated[list[Code], Field(min_length=1, max_length=100)]


class SiteProperties(BaseModel):
    """What a site's Feature says about it (sites carry no restricted data)."""

    code: str
    name: str | None
    address: str | None
    commune_code: str | None
    commune_name: str | None
    outside_commune: bool
    decommissioned_on: str | None
    cameras: list[str]
    camera_count: int
    created_at: str
    version: int


class SiteFeature(BaseModel):
    """One site as an RFC 7946 Feature (a point)."""

    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any]
    properties: SiteProperties


class SiteCollection(BaseModel):
    """A page of sites with OGC API counts."""

    type: Literal["FeatureCollection"]
    features: list[SiteFeature]
    numberMatched: int  # noqa: N815 (OGC API name)
    numberReturned: int  # noqa: N815 (OGC API name)

"""Request and response shapes of the camera API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from camera_registry.timeutil import today_local
from camera_registry.vocab import CameraKind, CameraStatus, Ownership

Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")]


class CameraCreate(BaseModel):
    """A new camera as a data steward registers it."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code
    lon: float = Field(ge=-180, le=180, description="Longitude, WGS84 decimal degrees")
    lat: float = Field(ge=-90, le=90, description="Latitude, WGS84 decimal degrees")
    direction_deg: float = Field(ge=0, lt=360, description="Azimuth of the view, from north")
    fov_deg: float = Field(ge=1, le=360, description="Horizontal field of view")
    range_m: float = Field(ge=1, le=500, description="Useful range in metres")
    height_m: float | None = Field(default=None, ge=0, le=100)
    kind: CameraKind = CameraKind.FIXED
    ownership: Ownership
    owner_name: str | None = Field(default=None, max_length=200)
    owner_contact: str | None = Field(default=None, max_length=200)
    programme: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    commune_code: str | None = Field(default=None, max_length=16)
    installed_on: date | None = None
    status: CameraStatus = CameraStatus.ACTIVE
    retention_days: int | None = Field(default=None, ge=0, le=3650)
    connected_to_centre: bool = False

    @field_validator("installed_on")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > today_local():
            raise ValueError("must not be in the future")
        return value


class CameraProperties(BaseModel):
    """The properties every role may read."""

    code: str
    commune_code: str | None
    commune_name: str | None
    address: str | None
    direction_deg: float
    fov_deg: float
    range_m: float
    height_m: float | None
    kind: str
    ownership: str
    programme: str | None
    installed_on: date | None
    decommissioned_on: date | None
    status: str
    retention_days: int | None
    connected_to_centre: bool
    version: int


class CameraPropertiesWithHolder(CameraProperties):
    """The properties plus the holder, for the roles allowed to see them."""

    owner_name: str | None
    owner_contact: str | None


def feature(geometry: dict[str, Any], props: CameraProperties, fid: str) -> dict[str, Any]:
    """A camera as an RFC 7946 Feature."""
    return {
        "type": "Feature",
        "id": fid,
        "geometry": geometry,
        "properties": props.model_dump(mode="json"),
    }

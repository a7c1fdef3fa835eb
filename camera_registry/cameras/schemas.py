"""Request and response shapes of the camera API.

The numeric domains (direction 0–<360°, field of view 1–360°, range 1–500 m,
height 0–100 m) are declared once as annotated types and shared by the create
and update bodies, so both answer a bad value with the same 422.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from camera_registry.timeutil import today_local
from camera_registry.vocab import CameraKind, CameraStatus, Ownership


def _not_future(value: date | None) -> date | None:
    if value is not None and value > today_local():
        raise ValueError("must not be in the future")
    return value


Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")]
Lon = Annotated[float, Field(ge=-180, le=180, description="Longitude, WGS84 decimal degrees")]
Lat = Annotated[float, Field(ge=-90, le=90, description="Latitude, WGS84 decimal degrees")]
Direction = Annotated[float, Field(ge=0, lt=360, description="Azimuth of the view, from north")]
Fov = Annotated[float, Field(ge=1, le=360, description="Horizontal field of view, degrees")]
Range = Annotated[float, Field(ge=1, le=500, description="Useful range in metres")]
Height = Annotated[float, Field(ge=0, le=100, description="Mount height in metres")]
Retention = Annotated[int, Field(ge=0, le=3650, description="Footage kept, days")]
Short = Annotated[str, Field(max_length=200)]
Address = Annotated[str, Field(max_length=500)]
UnitCode = Annotated[str, Field(max_length=16)]
PastDate = Annotated[date, AfterValidator(_not_future)]

#: Fields that, when changed, move the camera or reshape its view sector.
GEOMETRY_FIELDS = frozenset({"lon", "lat", "direction_deg", "fov_deg", "range_m"})
#: Fields of the update body that may not be set to null.
NOT_NULL_FIELDS = (
    "code",
    "lon",
    "lat",
    "direction_deg",
    "fov_deg",
    "range_m",
    "kind",
    "ownership",
    "connected_to_centre",
    "allow_outside_commune",
)


class CameraCreate(BaseModel):
    """A new camera as a data steward registers it.

    ``lon``/``lat`` may be left out when ``site_code`` names the site the camera
    is mounted on: it then takes the site's position.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code
    lon: Lon | None = None
    lat: Lat | None = None
    direction_deg: Direction
    fov_deg: Fov
    range_m: Range
    height_m: Height | None = None
    kind: CameraKind = CameraKind.FIXED
    ownership: Ownership
    owner_name: Short | None = None
    owner_contact: Short | None = None
    programme: Short | None = None
    address: Address | None = None
    commune_code: UnitCode | None = None
    site_code: Code | None = None
    installed_on: PastDate | None = None
    last_verified_on: PastDate | None = None
    status: CameraStatus = CameraStatus.ACTIVE
    retention_days: Retention | None = None
    connected_to_centre: bool = False
    allow_outside_commune: bool = Field(
        default=False,
        description="Administrators only: keep a point that lies outside every known commune "
        "(stored without a commune and flagged).",
    )


class CameraUpdate(BaseModel):
    """A partial update (JSON merge patch): only the fields sent change; null clears.

    Status is not here: it changes through ``POST /cameras/{code}/status`` so
    that it keeps its history.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code | None = None
    lon: Lon | None = None
    lat: Lat | None = None
    direction_deg: Direction | None = None
    fov_deg: Fov | None = None
    range_m: Range | None = None
    height_m: Height | None = None
    kind: CameraKind | None = None
    ownership: Ownership | None = None
    owner_name: Short | None = None
    owner_contact: Short | None = None
    programme: Short | None = None
    address: Address | None = None
    commune_code: UnitCode | None = None
    site_code: Code | None = None
    installed_on: PastDate | None = None
    last_verified_on: PastDate | None = None
    retention_days: Retention | None = None
    connected_to_centre: bool | None = None
    allow_outside_commune: bool | None = None
    status: Any = Field(default=None, exclude=True, json_schema_extra={"deprecated": True})
    decommissioned_on: Any = Field(
        default=None, exclude=True, json_schema_extra={"deprecated": True}
    )

    @field_validator(*NOT_NULL_FIELDS, mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null")
        return value

    @field_validator("status", "decommissioned_on", mode="before")
    @classmethod
    def _through_status(cls, value: Any) -> Any:
        raise ValueError(
            "changes only through POST /cameras/{code}/status (or /decommission), "
            "with an effective time and a reason, so that the history is kept"
        )


class StatusChange(BaseModel):
    """A status change: what, since when (may be backdated, not in the future), why."""

    model_config = ConfigDict(extra="forbid")

    status: CameraStatus
    effective_at: datetime | None = Field(
        default=None,
        description="When the change took effect (ISO 8601; without an offset it is read as "
        "Asia/Ho_Chi_Minh time). Default: now.",
    )
    reason: str | None = Field(default=None, max_length=500)


class Decommission(BaseModel):
    """Taking a camera (or a whole site) out of service; its record and history stay."""

    model_config = ConfigDict(extra="forbid")

    effective_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=500)


class CameraProperties(BaseModel):
    """The properties every role may read."""

    code: str
    commune_code: str | None
    commune_name: str | None
    site_code: str | None = None
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
    outside_commune: bool = False
    commune_basis: Literal["derived", "given"] = Field(
        default="derived",
        description="How the commune was decided: 'derived' — the point lies in the commune's "
        "loaded boundary; 'given' — the commune has no boundary loaded yet, so the commune "
        "named at registration (commune_code, or the list's commune column) was taken as given.",
    )
    source: str | None = None
    external_id: str | None = None
    attribution: str | None = None
    imported_at: datetime | None = None
    last_verified_on: date | None = None
    version: int


class CameraPropertiesWithHolder(CameraProperties):
    """The properties plus the holder, for the roles allowed to see them."""

    owner_name: str | None
    owner_contact: str | None


class CameraFeature(BaseModel):
    """A camera as an RFC 7946 Feature (the holder pair only for roles that may see it)."""

    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any] = Field(description="Point, or the view sector with ?geometry=view")
    properties: CameraPropertiesWithHolder | CameraProperties


class CameraCollection(BaseModel):
    """A page of cameras as an RFC 7946 FeatureCollection with OGC API counts and links."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[CameraFeature]
    numberMatched: int  # noqa: N815 (OGC API name)
    numberReturned: int  # noqa: N815 (OGC API name)
    links: list[dict[str, str]] = Field(description="rel/href pairs: self, next, prev")


class StatusEventOut(BaseModel):
    """One status change of a camera, labelled in Vietnamese and English."""

    status: str
    status_label: str
    status_label_en: str
    effective_at: str
    effective_at_local: str
    reason: str | None
    recorded_by: str | None
    recorded_at: str


class CameraHistory(BaseModel):
    """A camera's status history, oldest first."""

    code: str
    events: list[StatusEventOut]


class StatusAnswer(BaseModel):
    """Whether a camera was working at a moment, and since when."""

    code: str
    at: str
    at_local: str
    status: str | None = Field(description="null before the camera was registered")
    status_label: str
    working: bool
    since: str | None
    since_local: str | None
    reason: str | None


#: OpenAPI documentation of routes answering one camera as GeoJSON.
FEATURE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"model": CameraFeature, "content": {"application/geo+json": {}}},
}


def feature(geometry: dict[str, Any], props: CameraProperties, fid: str) -> dict[str, Any]:
    """A camera as an RFC 7946 Feature."""
    return {
        "type": "Feature",
        "id": fid,
        "geometry": geometry,
        "properties": props.model_dump(mode="json"),
    }

"""Request shapes of the incident, evidence and footage-request API.

Times accept ISO 8601 or ``dd/mm/yyyy HH:MM``; a time without an offset is
Asia/Ho_Chi_Minh time.  Single-field rules (hash format, future times, clip
order) fail here with a 422 naming the field; rules that need the database
(commune, camera view, request) are checked by the services.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from camera_registry.db import now_utc
from camera_registry.incidents.requests.vocab import FootageRequestStatus
from camera_registry.timeparse import EXPECTED, aware, in_range, parse_text
from camera_registry.vocab import CustodyAction, IncidentStatus, IncidentType, Usefulness

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: A recorder's clock may be years off (reset to its factory date); beyond that is a typo.
MAX_CLOCK_OFFSET_S = 20 * 366 * 86400


def _moment(value: Any) -> Any:
    if isinstance(value, datetime):
        if not in_range(value):
            raise ValueError(f"is not {EXPECTED}")
        return aware(value)
    if isinstance(value, str):
        parsed = parse_text(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not {EXPECTED}")
        return aware(parsed[0])
    return value


Moment = Annotated[datetime, BeforeValidator(_moment)]
#: Row ids are 32-bit integers (PostgreSQL ``integer``).
MAX_ID = 2_147_483_647
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")]


def check_sha256(value: str) -> str:
    """A SHA-256 hex digest in lower case, or a ValueError saying what is wrong."""
    digest = value.strip().lower()
    if not _HEX64.match(digest):
        raise ValueError(
            f"must be 64 hexadecimal characters (a SHA-256 digest), got {len(digest)} characters"
            if len(digest) != 64
            else "must contain only hexadecimal characters 0-9 and a-f"
        )
    return digest


def _not_future(value: datetime | None) -> datetime | None:
    if value is not None and value > now_utc():
        raise ValueError("must not be in the future")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


class IncidentCreate(_Strict):
    """A new incident: give ``lon``/``lat``, or an ``address`` the lookup can resolve."""

    case_code: Code
    type: IncidentType
    occurred_at: Moment = Field(description="When it happened (or the start of the window)")
    occurred_until: Moment | None = Field(default=None, description="End of the window if unsure")
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    address: str | None = Field(default=None, max_length=500)
    commune_code: str | None = Field(default=None, max_length=16)
    status: IncidentStatus = IncidentStatus.REPORTED
    description: str | None = Field(default=None, max_length=10_000)

    _future = field_validator("occurred_at", "occurred_until")(_not_future)

    @field_validator("occurred_until")
    @classmethod
    def _window(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("occurred_at")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before occurred_at")
        return value


class StatusChange(_Strict):
    """Move an incident along reported → investigating → clarified → closed."""

    status: IncidentStatus
    note: str | None = Field(default=None, max_length=2000)
    effective_at: Moment | None = None

    _future = field_validator("effective_at")(_not_future)


class EvidenceCreate(_Strict):
    """A clip of one camera linked to an incident.

    ``clip_start``/``clip_end`` are the times the recorder showed;
    ``clock_offset_s`` is the recorder's clock minus true time (seconds).
    """

    camera_code: Code
    clip_start: Moment
    clip_end: Moment
    clock_offset_s: float = Field(default=0.0, ge=-MAX_CLOCK_OFFSET_S, le=MAX_CLOCK_OFFSET_S)
    sha256: str
    size_bytes: int | None = Field(default=None, ge=0, le=2**63 - 1)
    storage_uri: str | None = Field(default=None, max_length=1000)
    extracted_by: str | None = Field(default=None, min_length=1, max_length=100)
    extracted_at: Moment | None = None
    usefulness: Usefulness
    note: str | None = Field(default=None, max_length=2000)
    outside_view_reason: str | None = Field(default=None, min_length=3, max_length=2000)
    request_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    _hash = field_validator("sha256")(check_sha256)
    _future = field_validator("extracted_at")(_not_future)

    @field_validator("clip_end")
    @classmethod
    def _ordered(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("clip_start")
        if start is not None and value <= start:
            raise ValueError("the clip must end after it starts (clip_end > clip_start)")
        return value


class CustodyCreate(_Strict):
    """One more step in an evidence file's chain of custody."""

    action: CustodyAction
    note: str | None = Field(default=None, max_length=2000)
    occurred_at: Moment | None = None

    _future = field_validator("occurred_at")(_not_future)

    @field_validator("action")
    @classmethod
    def _not_extracted(cls, value: CustodyAction) -> CustodyAction:
        if value == CustodyAction.EXTRACTED:
            raise ValueError("'extracted' is recorded once, when the evidence is added")
        return value


class HashCheck(_Strict):
    """A clip's SHA-256, to compare with the registered one."""

    sha256: str

    _hash = field_validator("sha256")(check_sha256)


class FootageRequestCreate(_Strict):
    """A request to the holder of a candidate camera."""

    camera_code: Code
    holder_contacted: str = Field(
        min_length=1, max_length=300, description="Who was asked, and how (name, phone, visit)"
    )
    note: str | None = Field(default=None, max_length=2000)


class FootageRequestUpdate(_Strict):
    """The holder's answer, or the delivery, of a footage request."""

    status: FootageRequestStatus
    note: str | None = Field(default=None, max_length=2000)


class TypeCount(BaseModel):
    """Matching incidents of one type, and how many footage clarified."""

    type: str
    type_label: str
    type_label_en: str
    count: int
    clarified_with_footage: int


class CommuneCount(BaseModel):
    """Matching incidents in one commune, by type."""

    commune_code: str | None
    commune_name: str | None
    count: int
    clarified_with_footage: int
    by_type: dict[str, int]


class IncidentStats(BaseModel):
    """Incident counts by commune and type (aggregates: every role may read them)."""

    total: int
    clarified_with_footage: int
    by_type: list[TypeCount]
    by_commune: list[CommuneCount]

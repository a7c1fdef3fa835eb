"""The plain records the demo generator produces and the demo loader stores.

They carry no database or web types: only the vocabulary enums, standard-library
dates and shapely geometries in EPSG:4326 (longitude first).  Every datetime is
timezone-aware (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from shapely.geometry import MultiPolygon

from camera_registry.incidents.requests.vocab import FootageRequestStatus
from camera_registry.vocab import (
    CameraKind,
    CameraStatus,
    IncidentStatus,
    IncidentType,
    Level,
    Ownership,
    Usefulness,
)

#: The demo's local time zone; every timestamp produced is in it.
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: The last moment of the demo's data period: nothing is timestamped after it.
DATA_END = datetime(2026, 10, 31, 23, 59, tzinfo=VN_TZ)

#: The day the 2025 reorganisation took effect (districts abolished, communes merged).
REORG_DAY = date(2025, 7, 1)

#: The last day the legacy (pre-reorganisation) units were valid.
LEGACY_LAST_DAY = date(2025, 6, 30)


@dataclass(frozen=True)
class DemoUnit:
    """An administrative unit (province, district or commune) with its validity."""

    code: str
    name: str
    level: Level
    unit_type: str
    parent_code: str | None
    geometry: MultiPolygon
    boundary_quality: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class DemoSuccession:
    """One predecessor → successor link of the 1 July 2025 reorganisation."""

    predecessor_code: str
    successor_code: str
    effective_on: date
    note: str


@dataclass(frozen=True)
class DemoStatusChange:
    """A camera's status from ``effective_at`` until its next change."""

    status: CameraStatus
    effective_at: datetime
    reason: str


@dataclass(frozen=True)
class DemoCamera:
    """A registered camera; ``status`` is the last entry of ``history``."""

    code: str
    lon: float
    lat: float
    commune_code: str
    address: str
    direction_deg: float
    fov_deg: float
    range_m: float
    height_m: float
    kind: CameraKind
    ownership: Ownership
    owner_name: str | None
    owner_contact: str | None
    programme: str
    installed_on: date
    status: CameraStatus
    retention_days: int
    connected_to_centre: bool
    history: tuple[DemoStatusChange, ...]


@dataclass(frozen=True)
class DemoIncident:
    """A reported incident: what, when, where and how far it has been handled."""

    case_code: str
    type: IncidentType
    occurred_at: datetime
    lon: float
    lat: float
    address: str
    commune_code: str
    status: IncidentStatus
    description: str


@dataclass(frozen=True)
class DemoEvidence:
    """A footage clip extracted from one camera for one incident."""

    case_code: str
    camera_code: str
    clip_start: datetime
    clip_end: datetime
    sha256: str
    size_bytes: int
    storage_uri: str
    extracted_by: str
    extracted_at: datetime
    usefulness: Usefulness
    note: str


@dataclass(frozen=True)
class DemoRequestStep:
    """One status of a footage request, from ``at`` on, recorded by ``actor``."""

    status: FootageRequestStatus
    at: datetime
    actor: str
    note: str | None


@dataclass(frozen=True)
class DemoRequest:
    """A request to a camera's holder for its footage of an incident, with its history.

    A delivered request is the one the clip of the same incident and camera
    came through; ``history`` starts with ``requested`` at ``requested_at``.
    """

    case_code: str
    camera_code: str
    retention_deadline: datetime
    holder_contacted: str
    requested_by: str
    requested_at: datetime
    note: str
    history: tuple[DemoRequestStep, ...]

    @property
    def status(self) -> FootageRequestStatus:
        """Where the request stands now: its last step."""
        return self.history[-1].status


@dataclass(frozen=True)
class DemoPlace:
    """A gazetteer entry (hamlet, market, school, office…) inside a commune."""

    name: str
    kind: str
    commune_code: str
    lon: float
    lat: float
    address: str


@dataclass(frozen=True)
class DemoDataset:
    """Everything the demo loader writes, in an order that respects references."""

    units: tuple[DemoUnit, ...]
    successions: tuple[DemoSuccession, ...]
    cameras: tuple[DemoCamera, ...]
    incidents: tuple[DemoIncident, ...]
    evidence: tuple[DemoEvidence, ...]
    places: tuple[DemoPlace, ...]
    requests: tuple[DemoRequest, ...]


def status_at(camera: DemoCamera, moment: datetime) -> CameraStatus | None:
    """Return the camera's status at ``moment``, or None before its installation."""
    current: CameraStatus | None = None
    for change in camera.history:
        if change.effective_at > moment:
            break
        current = change.status
    return current

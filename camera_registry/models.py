"""Every table of the registry, imported in one place for Alembic and tests."""

from camera_registry.accounts.models import ApiKey, AppUser, UserCommuneScope
from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.db import Base
from camera_registry.incidents.models import (
    CustodyEvent,
    FootageEvidence,
    Incident,
    IncidentStatusEvent,
)
from camera_registry.places.models import Place

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "ApiKey",
    "AppUser",
    "AuditEvent",
    "Base",
    "Camera",
    "CameraStatusEvent",
    "CustodyEvent",
    "FootageEvidence",
    "Incident",
    "IncidentStatusEvent",
    "Place",
    "UserCommuneScope",
]

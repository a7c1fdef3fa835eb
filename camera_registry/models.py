"""Every table of the registry, imported in one place for Alembic and tests."""

from camera_registry.accounts.models import ApiKey, AppUser, AuthSession, UserCommuneScope
from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraSite, CameraStatusEvent
from camera_registry.coverage.models import Road
from camera_registry.db import Base
from camera_registry.incidents.models import (
    CustodyEvent,
    FootageEvidence,
    Incident,
    IncidentStatusEvent,
)
from camera_registry.places.models import Place
from camera_registry.reports.models import CameraMonthTally, IncidentInView, IncidentMonthTally

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "ApiKey",
    "AppUser",
    "AuthSession",
    "AuditEvent",
    "Base",
    "Camera",
    "CameraMonthTally",
    "CameraSite",
    "CameraStatusEvent",
    "CustodyEvent",
    "FootageEvidence",
    "Incident",
    "IncidentStatusEvent",
    "IncidentInView",
    "IncidentMonthTally",
    "Place",
    "Road",
    "UserCommuneScope",
]

"""All HTTP routes of the incidents domain, as one router for the app."""

from __future__ import annotations

from fastapi import APIRouter

from camera_registry.incidents.evidence.routes import router as evidence_router
from camera_registry.incidents.requests.routes import router as request_router
from camera_registry.incidents.routes import router as incidents_router

router = APIRouter()
router.include_router(incidents_router)
router.include_router(evidence_router)
router.include_router(request_router)

"""The app for the lookup benchmark's uvicorn workers (settings from CAMREG_* variables)."""

from __future__ import annotations

from fastapi import FastAPI

from camera_registry.main import create_app
from camera_registry.settings import Settings


def create() -> FastAPI:
    """``uvicorn bench.lookup_app:create --factory``."""
    return create_app(Settings())

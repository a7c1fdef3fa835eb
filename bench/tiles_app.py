"""The app served in the tile benchmark (settings from ``CAMREG_*`` variables)."""

from __future__ import annotations

from fastapi import FastAPI

from camera_registry.main import create_app
from camera_registry.settings import Settings


def create() -> FastAPI:
    """``uvicorn bench.tiles_app:create --factory``."""
    return create_app(Settings())

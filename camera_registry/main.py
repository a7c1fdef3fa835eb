"""The application factory."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from camera_registry import __version__
from camera_registry.admin_units.routes import router as admin_units_router
from camera_registry.cameras.routes import router as cameras_router
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.errors import install_error_handlers
from camera_registry.settings import Settings
from camera_registry.system.routes import router as system_router
from camera_registry.system.service import is_loopback


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """Build the API for the given settings (and optionally an existing engine)."""
    if settings.demo_login and not is_loopback(settings.host):
        raise ValueError(f"demo login is allowed only on a loopback bind, not on {settings.host!r}")
    app = FastAPI(
        title="camreg — Sổ đăng ký camera / Camera registry",
        version=__version__,
        description="Camera-network registry and incident-evidence index.",
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    install_error_handlers(app)
    app.include_router(system_router)
    app.include_router(admin_units_router)
    app.include_router(cameras_router)
    return app

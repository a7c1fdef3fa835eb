"""The application factory."""

from __future__ import annotations

from anyio import CapacityLimiter
from fastapi import FastAPI
from sqlalchemy import Engine

from camera_registry import __version__
from camera_registry.accounts.routes import router as accounts_router
from camera_registry.admin_units.export_routes import router as unit_export_router
from camera_registry.admin_units.importing.routes import router as unit_import_router
from camera_registry.admin_units.routes import router as admin_units_router
from camera_registry.audit.writer import AuditWriter
from camera_registry.cameras.routes import router as cameras_router
from camera_registry.coverage.routes import router as coverage_router
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.imports.routes import router as imports_router
from camera_registry.incidents.api import router as incidents_router
from camera_registry.limits import RateCounter, RateLimiter
from camera_registry.lookup.routes import router as lookup_router
from camera_registry.places.routes import router as places_router
from camera_registry.problems import install_error_handlers
from camera_registry.reports.routes import router as reports_router
from camera_registry.requestlog import install_request_context
from camera_registry.settings import Settings
from camera_registry.sites.routes import router as sites_router
from camera_registry.system.routes import router as system_router
from camera_registry.system.service import is_loopback
from camera_registry.tiles.routes import router as tiles_router
from camera_registry.web.routes import install_web


def create_app(
    settings: Settings, engine: Engine | None = None, rate_counter: RateCounter | None = None
) -> FastAPI:
    """Build the API for the given settings (optionally an existing engine, shared counters)."""
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
    app.state.rate_counter = rate_counter or RateLimiter()
    app.state.audit_writer = AuditWriter(app.state.sessionmaker)  # group commit (lookups)
    app.state.in_progress = {}  # requests in hand per bucket (limits.in_progress_limited)
    app.state.lookup_threads = CapacityLimiter(settings.lookup_threads)
    install_error_handlers(app)
    install_request_context(app)
    # Routes are matched in order, each router costing a scan: the tiles, a map's
    # busiest route by far (dozens per pan), come first.
    app.include_router(tiles_router)
    app.include_router(system_router)
    app.include_router(accounts_router)
    app.include_router(unit_import_router)
    app.include_router(unit_export_router)  # before /admin-units/{…} routes
    app.include_router(admin_units_router)
    app.include_router(imports_router)  # before cameras: /cameras/export ≠ /cameras/{code}
    app.include_router(cameras_router)
    app.include_router(sites_router)
    app.include_router(incidents_router)
    app.include_router(coverage_router)
    app.include_router(lookup_router)
    app.include_router(places_router)
    app.include_router(reports_router)
    install_web(app)  # /map, /static
    return app

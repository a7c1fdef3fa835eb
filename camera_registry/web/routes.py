"""Routes of the map page: the public HTML shell, its static files, and its data calls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from camera_registry.deps import CurrentUser, SessionDep, SettingsDep
from camera_registry.responses import documented
from camera_registry.web import contributions, page
from camera_registry.web.schemas import CameraContributions

router = APIRouter(tags=["map"])


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    """The server's address opened in a browser leads to the map page (behind a prefix too)."""
    return RedirectResponse(request.url_for("map_page"), status_code=307)


@router.get("/map", response_class=HTMLResponse, summary="Bản đồ / the map page (public shell)")
def map_page(settings: SettingsDep) -> HTMLResponse:
    """The page; every piece of data on it is fetched by its scripts with the user's token."""
    headers = {
        "Content-Security-Policy": page.content_security_policy(settings),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(page.render_map(settings), headers=headers)


@router.get(
    "/map/cameras/{code}/evidence",
    summary="A camera's evidence contributions",
    response_model=Any,
    responses=documented(CameraContributions),
)
def camera_evidence(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Counts for every role; the clips themselves for callers allowed the incident (audited)."""
    return contributions.camera_contributions(session, code=code, user=user)


def install_web(app: FastAPI) -> None:
    """Add the map page and its static files (ours and MapLibre's); the tiles are in ``main``."""
    app.include_router(router)
    if page.MAPLIBRE_DIST.is_dir():
        app.mount(
            "/static/vendor/maplibre-gl",
            StaticFiles(directory=page.MAPLIBRE_DIST),
            name="maplibre",
        )
    app.mount("/static", StaticFiles(directory=page.STATIC_DIR), name="static")

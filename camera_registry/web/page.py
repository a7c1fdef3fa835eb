"""The map page's HTML shell: Vietnamese by default, configured for this server.

The page is public (it holds no data); everything it shows comes from
authenticated API calls made by its scripts.  Its Content-Security-Policy lets
it talk to this server only — plus the optional base-map tile server — so a
page served on an offline police network never reaches outside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from camera_registry import __version__
from camera_registry.settings import Settings
from camera_registry.tiles.service import CAMERAS_MIN_ZOOM, VIEWS_MIN_ZOOM

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
#: MapLibre GL JS as installed by ``npm ci`` from package-lock.json.
MAPLIBRE_DIST = WEB_DIR / "node_modules" / "maplibre-gl" / "dist"
LANGUAGES = ("vi", "en")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("camera_registry.web", "templates"),
        autoescape=select_autoescape(["html"]),
    )


@cache
def strings(lang: str) -> dict[str, str]:
    """The interface strings of a language (``static/i18n/<lang>.json``)."""
    data: dict[str, str] = json.loads((STATIC_DIR / "i18n" / f"{lang}.json").read_text("utf-8"))
    return data


def base_map_origin(template: str | None) -> str | None:
    """``scheme://host[:port]`` of the base-map tile URL template, if one is set."""
    if not template:
        return None
    parts = urlsplit(template.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def content_security_policy(settings: Settings) -> str:
    """This server only (and the base map's tile server when configured).

    Scripts come only from this server.  Inline styles are allowed because the
    monthly report, fetched with the user's token and opened from a blob URL,
    inherits this policy and carries its stylesheet inline.
    """
    extra = base_map_origin(settings.map_base_tiles)
    images = "'self' data: blob:" + (f" {extra}" if extra else "")
    connect = "'self'" + (f" {extra}" if extra else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # the monthly report opened from the page
            f"img-src {images}",
            f"connect-src {connect}",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def page_config(settings: Settings) -> dict[str, Any]:
    """What the page's scripts need to know about this server."""
    return {
        "version": __version__,
        "demoLogin": settings.demo_login,
        "baseTiles": settings.map_base_tiles,
        "baseAttribution": settings.map_base_attribution,
        "viewsMinZoom": VIEWS_MIN_ZOOM,
        "camerasMinZoom": CAMERAS_MIN_ZOOM,
        "plannerGridMetres": settings.planner_grid_m,
        "languages": list(LANGUAGES),
    }


def render_map(settings: Settings) -> str:
    """The HTML of ``/map``."""
    template = _environment().get_template("map.html")
    return template.render(
        t=strings("vi"),
        config=json.dumps(page_config(settings), ensure_ascii=False).replace("<", "\\u003c"),
        vendor_ready=(MAPLIBRE_DIST / "maplibre-gl.mjs").is_file(),
        version=__version__,
    )

"""``/map``: a public, offline page in Vietnamese whose libraries come from npm, not a CDN."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from camera_registry.main import create_app
from camera_registry.settings import Settings
from camera_registry.web.page import MAPLIBRE_DIST, STATIC_DIR, WEB_DIR

TEMPLATE = WEB_DIR / "templates" / "map.html"


def config_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="camreg-config">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def page_client(tmp_path: Path, **settings) -> TestClient:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}", **settings))
    return TestClient(app)


def test_the_page_is_public_vietnamese_and_offline(tmp_path):
    response = page_client(tmp_path).get("/map")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="vi">' in html
    assert "<title>Bản đồ camera an ninh — camreg</title>" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self';" in csp
    assert "http" not in csp
    config = config_of(html)
    assert config["baseTiles"] is None and config["demoLogin"] is False
    assert config["viewsMinZoom"] == 14 and config["camerasMinZoom"] == 8


def test_the_servers_address_leads_to_the_map_page(tmp_path):
    response = page_client(tmp_path).get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://testserver/map"


def test_a_base_map_is_allowed_by_the_policy(tmp_path):
    template = "https://tiles.example.vn/osm/{z}/{x}/{y}.png"
    response = page_client(tmp_path, map_base_tiles=template, demo_login=True).get("/map")
    assert (
        "img-src 'self' data: blob: https://tiles.example.vn"
        in response.headers["content-security-policy"]
    )
    config = config_of(response.text)
    assert config["baseTiles"] == template and config["demoLogin"] is True


@pytest.mark.parametrize("value", ["ftp://x/{z}/{x}/{y}", "https://tiles.example.vn/a.png", "x"])
def test_base_map_templates_are_checked(value):
    with pytest.raises(ValidationError, match="map_base_tiles"):
        Settings(map_base_tiles=value)


def test_static_files_and_the_installed_library_are_served(tmp_path):
    client = page_client(tmp_path)
    for path in ("/static/js/main.js", "/static/map.css", "/static/i18n/en.json"):
        assert client.get(path).status_code == 200, path
    assert MAPLIBRE_DIST.is_dir(), "MapLibre is missing: run ./run setup (npm ci)"
    library = client.get("/static/vendor/maplibre-gl/maplibre-gl.mjs")
    assert library.status_code == 200 and b"MapLibre GL JS" in library.content[:200]
    lock = json.loads((WEB_DIR / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/maplibre-gl"]["version"]
    installed = json.loads((MAPLIBRE_DIST.parent / "package.json").read_text())["version"]
    assert installed == pinned


def test_no_script_reaches_outside_the_server():
    for path in STATIC_DIR.rglob("*"):
        if path.suffix in (".js", ".css", ".html", ".json"):
            assert not re.search(r"https?://", path.read_text("utf-8")), path
    assert not re.search(r"https?://", TEMPLATE.read_text("utf-8"))


def test_every_string_exists_in_both_languages():
    vi = json.loads((STATIC_DIR / "i18n" / "vi.json").read_text("utf-8"))
    en = json.loads((STATIC_DIR / "i18n" / "en.json").read_text("utf-8"))
    assert vi.keys() == en.keys()
    used = set(re.findall(r'data-i18n(?:-placeholder)?="([a-z0-9_]+)"', TEMPLATE.read_text()))
    used |= set(
        re.findall(
            r"\bt\('([a-z0-9_]+)'",
            "".join(p.read_text("utf-8") for p in (STATIC_DIR / "js").glob("*.js")),
        )
    )
    used |= {f"role_{r}" for r in ("investigator", "planner", "commune_officer", "viewer", "admin")}
    assert used and used <= vi.keys()
    assert all(vi[k] != en[k] for k in ("title", "search", "layers", "login"))

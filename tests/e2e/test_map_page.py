"""The map page in headless Chromium against a live demo server, on both engines.

What is checked is what a user sees and what reaches their browser: the page
loads without console errors and without any request leaving 127.0.0.1; the
camera layer holds every camera of Cẩm Thủy (515); an address search lists the
cameras the API says see that address; a planner's browser never receives a
holder's contact; a planner's recommended sites drawn from incidents are grid
cells; clicking a camera or a commune opens its card.  Screenshots
go to the artifacts directory (``CAMREG_TEST_ARTIFACTS``, default
``./test-artifacts``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from camera_registry.demo.records import DemoDataset
from camera_registry.timeutil import LOCAL_TZ
from tests.e2e.browser import Recorder, chromium_page
from tests.e2e.conftest import call

CAM_THUY = "390"
TIMEOUT_MS = 60_000
TEXTS = "els => els.map(e => e.textContent)"


def vietnamese_time(iso: str | None) -> str:
    """How the page writes an instant: dd/mm/yyyy HH:MM in Vietnam."""
    if iso is None:
        return "—"
    return datetime.fromisoformat(iso).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def market_address(demo: DemoDataset) -> str:
    """The address of a Cẩm Thủy market (cameras cluster at markets)."""
    return next(p.address for p in demo.places if p.kind == "market" and "Cẩm Thủy" in p.address)


def open_map(page: Any, server: Any, role: str | None = None) -> None:
    page.goto(server.url + "/map")
    page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)
    if role:
        page.click(f"button.demo-role[data-role={role}]")
        page.wait_for_selector("#camera-count:not([hidden])", timeout=TIMEOUT_MS)
        wait_for_tiles(page)


def wait_for_tiles(page: Any) -> None:
    """Until the map has drawn everything it asked for (MapLibre's 'idle')."""
    page.wait_for_function("() => window.camreg.tilesLoaded()", timeout=TIMEOUT_MS)
    assert page.evaluate("() => window.camreg.whenIdle()")


def search(page: Any, address: str) -> None:
    page.fill("#search-input", address)
    page.click("#search-button")
    page.wait_for_selector("#seeing-count", timeout=TIMEOUT_MS)


def wait_for_camera_card(page: Any, code: str) -> None:
    page.wait_for_function(
        "code => document.querySelector('#camera-code')?.textContent === code",
        arg=code,
        timeout=TIMEOUT_MS,
    )


def assert_clean(recorder: Recorder) -> None:
    assert recorder.console_errors == []
    assert recorder.page_errors == []
    assert recorder.foreign_requests() == []
    assert recorder.requests, "the recorder saw no request at all"


def click_lonlat(page: Any, lon: float, lat: float) -> None:
    """Click the map where a WGS84 point is drawn."""
    point = page.evaluate(
        f"(() => {{ const p = window.camreg.project({lon}, {lat}); return [p.x, p.y]; }})()"
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def jump(page: Any, lon: float, lat: float, zoom: float) -> None:
    page.evaluate(f"window.camreg.state.map.jumpTo({{center: [{lon}, {lat}], zoom: {zoom}}})")
    wait_for_tiles(page)


def test_page_loads_offline_and_the_camera_layer_holds_the_district(live_server, demo_key, shots):
    key = demo_key("planner")
    listed = call(live_server, f"/cameras?district={CAM_THUY}&limit=5000", key=key)
    api_codes = {f["id"] for f in listed["features"]}
    assert listed["numberMatched"] == len(api_codes) == 515
    with chromium_page(shots("district-390"), (1280, 800)) as (page, recorder):
        open_map(page, live_server)
        assert page.get_attribute("html", "lang") == "vi"
        assert page.inner_text(".brand strong") == "Bản đồ camera an ninh"
        assert page.is_visible("#login") and not page.is_visible("#search")
        open_map(page, live_server, role="planner")
        assert page.get_attribute("#camera-count", "data-count") == "515"
        assert page.inner_text("#camera-count-value") == "515"
        assert page.input_value("#unit-select").startswith(f"{CAM_THUY}@")
        shown = set(page.evaluate("window.camreg.cameraCodes()"))
        assert api_codes <= shown
        assert all(code.startswith("CT-390-") for code in shown)
        page.check("#toggle-incidents")
        wait_for_tiles(page)
        page.screenshot(path=str(shots("map-overview")))  # the README's picture (docs/map.png)
        page.click("#lang-toggle")
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text(".brand strong") == "Security camera map"
        assert_clean(recorder)


@pytest.mark.engines("spatialite")  # the page's logic; both engines answer /lookup alike
def test_address_search_lists_the_cameras_the_api_says_see_it(
    live_server, demo_key, shots, demo_data
):
    address = market_address(demo_data)
    at = (datetime.now(LOCAL_TZ) - timedelta(days=2)).strftime("%Y-%m-%dT21:30")
    query = f"/lookup?address={quote(address)}&at={quote(at.replace('T', ' '))}"
    answer = call(live_server, query, key=demo_key("investigator"))
    seeing = [f["properties"] for f in answer["features"] if f["properties"]["sees"]]
    assert seeing, "the demo market should be seen by at least one camera"
    with chromium_page(shots("address-search")) as (page, recorder):
        open_map(page, live_server, role="investigator")
        page.fill("#search-at", at)
        search(page, address)
        listed = page.eval_on_selector_all("#seeing-list li", "els => els.map(e => e.dataset.code)")
        assert listed == [p["code"] for p in seeing]
        contacts = page.eval_on_selector_all("#seeing-list .contact", TEXTS)
        assert contacts == [p["owner_contact"] or "—" for p in seeing]
        deadlines = page.eval_on_selector_all("#seeing-list .deadline", TEXTS)
        assert deadlines == [vietnamese_time(p["request_deadline"]) for p in seeing]
        highlighted = page.evaluate("window.camreg.state.map.getFilter('cameras-highlight')")
        assert highlighted[2][1] == listed
        wait_for_tiles(page)
        assert_clean(recorder)


def test_a_planner_never_receives_a_holder_contact(live_server, shots, demo_data):
    contacts = {c.owner_contact for c in demo_data.cameras if c.owner_contact}
    names = {c.owner_name for c in demo_data.cameras if c.owner_name}
    assert len(contacts) > 100
    camera = next(
        c for c in demo_data.cameras if c.commune_code.startswith("15") and c.owner_contact
    )
    with chromium_page(shots("planner-privacy")) as (page, recorder):
        open_map(page, live_server, role="planner")
        search(page, market_address(demo_data))
        page.click("#seeing-list li")
        page.wait_for_selector("#camera-code", timeout=TIMEOUT_MS)
        for layer in ("incidents", "gaps", "hotspots", "recommend"):
            page.check(f"#toggle-{layer}")
        jump(page, camera.lon, camera.lat, 16)
        click_lonlat(page, camera.lon, camera.lat)
        wait_for_camera_card(page, camera.code)
        wait_for_tiles(page)
        assert page.query_selector_all(".contact") == []
        bodies = list(recorder.bodies())
        assert_clean(recorder)
    urls = " ".join(url for url, _ in bodies)
    for part in ("/lookup", f"/cameras/{camera.code}", "/tiles/cameras/", "/tiles/incidents/"):
        assert part in urls
    data = [(url, body) for url, body in bodies if "/static/" not in url]
    assert len(data) > 20
    for url, body in data:
        assert b"owner_contact" not in body and b"owner_name" not in body, url
    for url, body in bodies:
        leaked = [c for c in contacts | names if c.encode() in body]
        assert leaked == [], url


@pytest.mark.engines("spatialite")
def test_camera_and_commune_cards(live_server, demo_key, shots, demo_data):
    clip = demo_data.evidence[0]
    camera = next(c for c in demo_data.cameras if c.code == clip.camera_code)
    key = demo_key("investigator")
    expected = call(live_server, f"/map/cameras/{quote(camera.code)}/evidence", key=key)
    with chromium_page(shots("camera-card")) as (page, recorder):
        open_map(page, live_server, role="investigator")
        jump(page, camera.lon, camera.lat, 16)
        click_lonlat(page, camera.lon, camera.lat)
        wait_for_camera_card(page, camera.code)
        summary = page.inner_text("#evidence-summary")
        assert summary.startswith(
            f"{expected['clips']} đoạn phim · {expected['incidents']} vụ việc"
        )
        assert clip.case_code in page.inner_text("#details table.items")
        page.evaluate("window.camreg.state.map.jumpTo({zoom: 13})")
        wait_for_tiles(page)
        box = page.locator("#map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 40)
        page.wait_for_selector("#commune-name", timeout=TIMEOUT_MS)
        with page.context.expect_page(timeout=TIMEOUT_MS) as opened:
            page.click("#monthly-report")
        report = opened.value
        report.wait_for_function("() => document.title.startsWith('BÁO CÁO')", timeout=TIMEOUT_MS)
        assert page.inner_text("#commune-name") in report.title()
        report.close()
        page.wait_for_selector("#seeing-count", timeout=TIMEOUT_MS)
        wait_for_tiles(page)
        assert_clean(recorder)


# A point inside a drawn recommended cell where no camera or point mark would take the click.
FREE_SPOT_IN_CELL = """cell => {
  const map = window.camreg.state.map;
  const marks = ['cameras', 'recommend', 'incidents-points', 'incidents-cells']
    .filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
  const [w, h] = [map.getCanvas().clientWidth, map.getCanvas().clientHeight];
  for (let y = 20; y < h - 20; y += 10) {
    for (let x = 20; x < w - 20; x += 10) {
      const here = map.queryRenderedFeatures([x, y], { layers: ['recommend-cells'] });
      if (!here.some((f) => f.properties.cell === cell)) continue;
      const box = [[x - 8, y - 8], [x + 8, y + 8]];
      if (map.queryRenderedFeatures(box, { layers: marks }).length) continue;
      const at = map.unproject([x, y]);
      return [at.lng, at.lat];
    }
  }
  return null;
}"""


@pytest.mark.engines("spatialite")  # the page's drawing; test_access checks both engines' answers
def test_a_planner_sees_sites_from_incidents_as_grid_cells(live_server, shots):
    with chromium_page(shots("planner-recommend")) as (page, recorder):
        open_map(page, live_server, role="planner")
        with page.expect_response(lambda r: "/coverage/recommend/" in r.url) as answer:
            page.check("#toggle-recommend")
        features = answer.value.json()["features"]
        cells = [f for f in features if f["properties"]["source"] == "incident"]
        assert cells and {f["geometry"]["type"] for f in cells} == {"Polygon"}
        ring = cells[0]["geometry"]["coordinates"][0]
        jump(page, sum(x for x, _ in ring[:4]) / 4, sum(y for _, y in ring[:4]) / 4, 15)
        spot = page.evaluate(FREE_SPOT_IN_CELL, cells[0]["properties"]["cell"])
        assert spot is not None, "the recommended cell is not drawn"
        click_lonlat(page, *spot)
        page.wait_for_selector(".maplibregl-popup-content", timeout=TIMEOUT_MS)
        popup = page.inner_text(".maplibregl-popup-content")
        assert "Vị trí đề xuất #" in popup and "ô lưới 500 m" in popup
        page.wait_for_selector("#seeing-count", timeout=TIMEOUT_MS)  # the click still looks up
        wait_for_tiles(page)
        assert_clean(recorder)

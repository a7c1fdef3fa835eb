"""The map's communes legend states how many communes of the area have a boundary (Chromium).

The count shown must be the one the API gives for the chosen unit
(``/coverage/units/{code}/children`` → ``boundaries``), in the page's
language: "Ranh giới: 17/17 xã đã có" for the demo's Cẩm Thủy, whose
boundaries are all loaded.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import chromium_page
from tests.e2e.conftest import call, demo_key, live_server, shots  # noqa: F401 — fixtures
from tests.e2e.test_map_page import CAM_THUY, TIMEOUT_MS, assert_clean, open_map


@pytest.mark.engines("spatialite")  # the page's logic; the count itself is tested on both engines
def test_the_communes_legend_shows_the_boundary_count(
    live_server: Any,  # noqa: F811
    demo_key: Any,  # noqa: F811
    shots: Any,  # noqa: F811
) -> None:
    key = demo_key("planner")
    on = "2025-06-30"
    body = call(live_server, f"/coverage/units/{CAM_THUY}/children?on={on}", key=key)
    k, n = body["boundaries"]["with"], body["boundaries"]["total"]
    assert (k, n) == (17, 17)
    with chromium_page(shots("boundary-legend"), (1280, 800)) as (page, recorder):
        open_map(page, live_server, role="planner")
        page.wait_for_selector("#boundary-count", timeout=TIMEOUT_MS)
        text = page.inner_text("#boundary-count")
        assert text == f"Ranh giới: {k}/{n} xã đã có", text
        page.click("#lang-toggle")
        page.wait_for_function(
            "() => document.querySelector('#boundary-count')?.textContent.startsWith('Bound')",
            timeout=TIMEOUT_MS,
        )
        assert page.inner_text("#boundary-count") == f"Boundaries: {k} of {n} communes loaded"
        assert_clean(recorder)

"""The monthly report of a province whose commune boundaries are only partly loaded (both engines).

N (the communes of the unit) comes from the full list, the boundary count is
stated in every format, area and coverage are those of the loaded communes
only (pyproj geodesic areas of shapely unions done here), and a camera whose
commune was given counts in that commune.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import shapely
from geoalchemy2.shape import from_shape
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from camera_registry.reports.figures import MonthlyReport
from tests.coverage.conftest import geod_km2
from tests.coverage.partial import GIVEN_AT, LOADED, N, Province, assert_no_k_of_k, build_province
from tests.reports.conftest import Build

MONTH = "2026-01"
LABEL_VI = "Ranh giới: 3/8 xã đã có"
LABEL_EN = "Boundaries: 3 of 8 communes loaded"


@pytest.fixture
def province(session: Session) -> Province:
    return build_province(session)


def test_counts_use_the_full_list_and_given_cameras(build: Build, province: Province):
    report: MonthlyReport = build("T91", MONTH, coverage=True)
    cams = report.total.cameras
    assert cams.communes_total == N
    lit = {province.code(i) for i in (*LOADED, GIVEN_AT)}
    assert cams.communes_with_active == len(lit) == 4
    assert {c.code for c in report.communes_without_active} == {
        c.code for c in province.communes
    } - lit
    assert (report.boundaries.with_boundary, report.boundaries.total) == (3, N)
    serving = [c for c in province.cameras if c.status != "decommissioned"]
    assert cams.in_service == len(serving) == 6
    assert cams.active_at_end == sum(c.status == "active" for c in serving) == 5
    rows = {u.code: u for u in report.children}
    given = rows[province.code(GIVEN_AT)]
    assert (given.cameras.in_service, given.cameras.active_at_end) == (2, 1)
    assert (given.boundaries.with_boundary, given.boundaries.total) == (0, 1)
    assert report.total.month.incidents == 2  # one recorded in an unloaded commune
    assert any(LABEL_VI in note for note in report.notes)
    assert report.area_basis == "loaded_communes"


def test_area_and_coverage_are_those_of_the_loaded_communes(build: Build, province: Province):
    report = build("T91", MONTH, coverage=True)
    loaded = province.loaded_union
    cov = report.total.coverage
    assert cov is not None
    assert cov.area_km2 == pytest.approx(geod_km2(loaded), rel=1e-3)
    seen = shapely.union_all(province.views()).intersection(loaded)
    # the report rounds areas to 4 decimals (1e-4 km², 100 m²)
    assert cov.covered_km2 == pytest.approx(geod_km2(seen), rel=1e-3, abs=5e-5)
    for i, commune in enumerate(province.communes):
        row = next(u for u in report.children if u.code == commune.code)
        assert row.coverage is not None
        expected = geod_km2(province.squares[i]) if i in LOADED else 0.0
        assert row.coverage.area_km2 == pytest.approx(expected, rel=1e-3, abs=5e-5)


def _get(client, fmt: str, lang: str = "vi") -> bytes:
    params = {"unit": "T91", "month": MONTH, "format": fmt, "lang": lang, "coverage": "true"}
    response = client.get("/reports/monthly", params=params)
    assert response.status_code == 200, response.text
    return bytes(response.content)


def test_every_format_states_the_boundary_count(as_role, province: Province, tmp_path: Path):
    client = as_role("planner")
    body = json.loads(_get(client, "json"))
    assert body["boundaries"] | {"label": None} == {
        "with": 3, "total": N, "level": "commune", "complete": False, "label": None,
    }  # fmt: skip
    assert body["boundaries"]["label"] == LABEL_VI
    assert body["units"][0]["cameras"]["communes_with_active_camera"]["denominator"] == N
    english = json.loads(_get(client, "json", "en"))
    assert english["boundaries"]["label"] == LABEL_EN
    csv_text = _get(client, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(csv_text)))[1:]
    cells = {(r[0], r[1], r[3]): r[5] for r in lines}
    assert cells[("cameras", "T91", "communes_bounded")] == "3"
    assert cells[("cameras", "T91", "communes_total")] == str(N)
    book = load_workbook(io.BytesIO(_get(client, "xlsx")))
    info = [str(row[0]) for row in book.worksheets[0].iter_rows(values_only=True) if row[0]]
    assert LABEL_VI in info
    html = _get(client, "html").decode("utf-8")
    assert LABEL_VI in html and "<b>3/8</b>" in html
    texts = [json.dumps(body, ensure_ascii=False), csv_text, html, "\n".join(info)]
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(_get(client, "pdf"))
        out = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True).stdout
        assert "3/8" in out.decode("utf-8")
        texts.append(out.decode("utf-8"))
    for text in texts:
        assert_no_k_of_k(text)


def test_a_province_outline_is_its_area_and_the_count_stays_partial(
    build: Build, province: Province, session: Session
):
    outline = shapely.MultiPolygon([shapely.union_all(province.squares).envelope])
    province.province.geom = from_shape(outline, srid=4326)
    session.flush()
    report = build("T91", MONTH, coverage=True)
    assert report.area_basis == "unit"
    assert report.total.coverage is not None
    assert report.total.coverage.area_km2 == pytest.approx(geod_km2(outline), rel=1e-3)
    assert (report.boundaries.with_boundary, report.boundaries.total) == (3, N)
    assert report.total.cameras.communes_total == N
    notes = [n for n in report.notes if LABEL_VI in n]
    assert len(notes) == 1 and "ranh giới đơn vị" in notes[0]

"""Listing: attribute filters, sorting, paging and formats, checked against all rows."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from geoalchemy2.shape import to_shape
from shapely.geometry import box
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.imports.fields import ALIASES, BY_NAME, header_candidates
from camera_registry.textnorm import fold
from tests.problems import problem_fields


def _all(session: Session) -> list[Camera]:
    return list(session.scalars(select(Camera)))


def _codes(body: dict) -> list[str]:
    return [f["id"] for f in body["features"]]


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"status": "faulty,offline"}, lambda c: c.status in ("faulty", "offline")),
        ({"status": ["decommissioned"]}, lambda c: c.status == "decommissioned"),
        ({"ownership": "household"}, lambda c: c.ownership == "household"),
        ({"kind": ["ptz", "fisheye"]}, lambda c: c.kind in ("ptz", "fisheye")),
        ({"programme": "camera voi antt"}, lambda c: "camera voi antt" in fold(c.programme or "")),
        ({"programme": "ĐÔ THỊ"}, lambda c: "do thi" in fold(c.programme or "")),
        ({"connected_to_centre": "true"}, lambda c: c.connected_to_centre),
        ({"connected_to_centre": "false"}, lambda c: not c.connected_to_centre),
        (
            {"installed_from": "2022-01-01", "installed_to": "2022-12-31"},
            lambda c: c.installed_on and date(2022, 1, 1) <= c.installed_on <= date(2022, 12, 31),
        ),
        (
            {"installed_from": "2024-01-01", "kind": "anpr", "ownership": "state"},
            lambda c: (
                c.installed_on
                and c.installed_on >= date(2024, 1, 1)
                and c.kind == "anpr"
                and c.ownership == "state"
            ),
        ),
    ],
)
def test_attribute_filters_equal_a_scan_of_all_rows(login, session: Session, params, keep):
    expected = sorted(c.code for c in _all(session) if keep(c))
    body = login("viewer").get("/cameras", params={**params, "limit": 5000}).json()
    assert body["numberMatched"] == len(expected)
    assert _codes(body) == expected and expected


def test_spatial_and_attribute_filters_combine(login, session: Session):
    area = (105.35, 20.10, 105.60, 20.30)
    expected = sorted(
        c.code
        for c in _all(session)
        if box(*area).intersects(to_shape(c.geom)) and c.kind == "fixed"
    )
    params = {"bbox": ",".join(map(str, area)), "kind": "fixed", "district": "390", "limit": 5000}
    body = login("viewer").get("/cameras", params=params).json()
    assert _codes(body) == expected and expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "broken"}, "status"),
        ({"kind": "fixed,laser"}, "kind"),
        ({"ownership": "x"}, "ownership"),
        ({"sort": "owner_name"}, "sort"),
        ({"sort": "-nope"}, "sort"),
        ({"installed_from": "2024-01-01", "installed_to": "2023-01-01"}, "installed_from"),
        ({"installed_from": "01/02/2024"}, "installed_from"),
        ({"connected_to_centre": "maybe"}, "connected_to_centre"),
        ({"format": "xml"}, "format"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_listing_parameters_are_422_naming_them(login, params, field):
    response = login("viewer").get("/cameras", params=params)
    assert response.status_code == 422
    assert problem_fields(response) == [field]


def test_sorting_by_a_key_then_code(login, session: Session):
    rows = [c for c in _all(session) if c.programme == "Camera với ANTT"]
    expected = [
        c.code
        for c in sorted(
            sorted(rows, key=lambda c: c.code), key=lambda c: c.installed_on, reverse=True
        )
    ]
    params = {"programme": "Camera với ANTT", "sort": "-installed_on", "limit": 5000}
    assert _codes(login("viewer").get("/cameras", params=params).json()) == expected
    by_range = sorted(rows, key=lambda c: (c.range_m, c.code))
    params = {"programme": "Camera với ANTT", "sort": "range_m,code", "limit": 5000}
    assert _codes(login("viewer").get("/cameras", params=params).json()) == [
        c.code for c in by_range
    ]


def test_sorted_pages_are_stable_and_complete(login, session: Session):
    client = login("viewer")
    seen: list[str] = []
    for offset in range(0, 515, 150):
        params = {"district": "390", "sort": "-installed_on", "limit": 150, "offset": offset}
        body = client.get("/cameras", params=params).json()
        seen += _codes(body)
        has_next = any(link["rel"] == "next" for link in body["links"])
        assert has_next == (offset + 150 < 515)
    assert len(seen) == 515 == len(set(seen))


def test_page_size_is_capped(login, settings):
    cap = settings.max_page_size
    body = login("viewer").get("/cameras", params={"limit": cap + 10_000}).json()
    assert body["numberReturned"] == min(cap, body["numberMatched"])
    assert body["numberReturned"] <= cap


def test_plain_json_has_lon_lat_and_the_same_cameras(login, session: Session):
    client = login("viewer")
    params = {"commune": "15127", "sort": "code"}
    geo = client.get("/cameras", params=params).json()
    plain = client.get("/cameras", params={**params, "format": "json"})
    assert plain.headers["content-type"].startswith("application/json")
    items = plain.json()["items"]
    assert [i["code"] for i in items] == _codes(geo)
    for item, feature in zip(items, geo["features"], strict=True):
        assert [item["lon"], item["lat"]] == feature["geometry"]["coordinates"]
        assert "owner_contact" not in item


def _csv(response) -> list[dict[str, str]]:
    """CSV rows keyed by the field named in each "Nhãn (field)" header."""
    assert response.headers["content-type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    header = next(reader)
    fields = [re.fullmatch(r".+ \((\w+)\)", h).group(1) for h in header]
    return [dict(zip(fields, row, strict=True)) for row in reader]


def test_csv_headers_are_vietnamese_first_and_read_back_by_the_importer(login):
    response = login("admin").get("/cameras", params={"commune": "15127", "format": "csv"})
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Mã camera (code)", "Kinh độ (lon)", "Vĩ độ (lat)"]
    for text in header:
        field = re.fullmatch(r".+ \((\w+)\)", text).group(1)
        mapped = {ALIASES.get(c) for c in header_candidates(text)} - {None}
        if field in BY_NAME:
            assert mapped == {field}, text
        else:
            assert not mapped, text  # columns the importer does not read are not misread


def test_csv_is_utf8_with_bom_and_matches_the_listing(login):
    client = login("viewer")
    params = {"commune": "15127", "sort": "code"}
    rows = _csv(client.get("/cameras", params={**params, "format": "csv"}))
    geo = client.get("/cameras", params=params).json()
    assert [r["code"] for r in rows] == _codes(geo)
    assert "owner_contact" not in rows[0] and "owner_name" not in rows[0]
    first = geo["features"][0]
    assert float(rows[0]["lon"]) == first["geometry"]["coordinates"][0]
    assert rows[0]["address"] == first["properties"]["address"]  # Vietnamese text intact
    installed = date.fromisoformat(first["properties"]["installed_on"])
    assert rows[0]["installed_on"] == installed.strftime("%d/%m/%Y")
    connected = first["properties"]["connected_to_centre"]
    assert rows[0]["connected_to_centre"] == ("có" if connected else "không")


def test_csv_holder_cells_only_where_allowed(login, cam_thuy_commune, demo_data):
    own, _, _ = cam_thuy_commune
    officer = login("commune_officer", (own,))
    rows = _csv(officer.get("/cameras", params={"district": "390", "format": "csv", "limit": 5000}))
    contacts = {c.code: c.owner_contact for c in demo_data.cameras}
    assert any(r["owner_contact"] for r in rows)
    for row in rows:
        if row["commune_code"] == own:
            assert row["owner_contact"] == (contacts[row["code"]] or "")
        else:
            assert row["owner_contact"] == "" and row["owner_name"] == ""
    investigator = login("investigator")
    rows = _csv(investigator.get("/cameras", params={"commune": own, "format": "csv"}))
    assert all(r["owner_contact"] == (contacts[r["code"]] or "") for r in rows)


def test_json_holder_fields_follow_the_same_rule(login, cam_thuy_commune):
    own, _, _ = cam_thuy_commune
    officer = login("commune_officer", (own,))
    items = officer.get(
        "/cameras", params={"district": "390", "format": "json", "limit": 5000}
    ).json()["items"]
    assert {"owner_contact" in i for i in items if i["commune_code"] == own} == {True}
    assert {"owner_contact" in i for i in items if i["commune_code"] != own} == {False}
    planner = login("planner").get("/cameras", params={"district": "390", "format": "json"})
    assert "owner_contact" not in planner.text and "owner_name" not in planner.text


def test_one_camera_has_an_etag(login):
    response = login("viewer").get("/cameras/CT-390-00001")
    assert response.headers["etag"] == f'"{response.json()["properties"]["version"]}"'

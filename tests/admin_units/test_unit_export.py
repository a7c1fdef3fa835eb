"""Units exported as GeoJSON and GeoPackage read back with pyogrio equal to what was stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from pyogrio.raw import read
from shapely.geometry import MultiPolygon, Polygon, box
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.cli import app
from tests.admin_units.made_up_units import add_unit, geodesic_m2
from tests.factories import MigratedDb

#: An islet lying in the hole of its neighbour: no overlap.
ISLANDS = MultiPolygon([box(109.50, 14.50, 109.52, 14.52), box(109.531, 14.506, 109.539, 14.509)])
HOLED = Polygon(
    [(109.52, 14.50), (109.52, 14.52), (109.55, 14.52), (109.55, 14.50)],  # clockwise on purpose
    [[(109.53, 14.505), (109.54, 14.505), (109.54, 14.51), (109.53, 14.51)]],
)


def _units(session: Session) -> dict[str, dict]:
    province = add_unit(session, "96x", None, level="province")
    add_unit(session, "96x01", ISLANDS, parent=province, published_km2=6.0)
    add_unit(session, "96x02", HOLED, parent=province, valid_from=date(2025, 7, 1))
    add_unit(session, "96x03", None, parent=province)
    add_unit(
        session,
        "96x09",
        box(109.56, 14.5, 109.57, 14.51),
        parent=province,
        valid_to=date(2025, 6, 30),
    )  # fmt: skip — no longer in force
    return {
        "96x01": {"geometry": ISLANDS, "published": 6.0, "valid_from": "1900-01-01"},
        "96x02": {"geometry": MultiPolygon([HOLED]), "published": None, "valid_from": "2025-07-01"},
    }


def _read(path: Path) -> dict[str, dict]:
    meta, _fids, wkb, fields = read(path)
    names = list(meta["fields"])
    out = {}
    for n, geometry in enumerate(wkb):
        props = {name: fields[k][n] for k, name in enumerate(names)}
        props["geometry"] = None if geometry is None else shapely.from_wkb(geometry)
        out[props["code"]] = props
    return out


def _same(got, want) -> bool:
    return got.symmetric_difference(want).area < 1e-14 and got.equals(want)


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_round_trip_through_the_route(client: TestClient, session: Session, tmp_path, fmt):
    stored = _units(session)
    response = client.get("/admin-units/export", params={"format": fmt, "province": "96x"})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    path = tmp_path / f"units.{fmt}"
    path.write_bytes(response.content)
    back = _read(path)
    assert set(back) == set(stored)  # no unit without boundary, none out of force
    for code, want in stored.items():
        got = back[code]
        assert _same(got["geometry"], want["geometry"])
        assert got["parent_code"] == "96x" and got["level"] == "commune"
        assert got["name"] == f"Xã Thử {code}" and got["unit_type"] == "xã"
        assert str(got["valid_from"])[:10] == want["valid_from"]
        assert float(got["population"]) == 1000
        assert float(got["area_km2"]) == pytest.approx(geodesic_m2(want["geometry"]) / 1e6)
        published = got["area_published_km2"]
        if want["published"] is None:
            assert published is None or np.isnan(published)
        else:
            assert float(published) == want["published"]
        assert bool(got["has_boundary"]) is True


def test_geojson_follows_rfc_7946(client: TestClient, session: Session):
    _units(session)
    body = client.get(
        "/admin-units/export", params={"province": "96x", "with_missing": "true"}
    ).json()
    assert body["type"] == "FeatureCollection"
    by_code = {f["id"]: f for f in body["features"]}
    assert by_code["96x03"]["geometry"] is None
    assert by_code["96x03"]["properties"]["has_boundary"] is False
    assert "96x" in by_code and "96x09" not in by_code
    holed = shapely.geometry.shape(by_code["96x02"]["geometry"])
    assert holed.geoms[0].exterior.is_ccw and not holed.geoms[0].interiors[0].is_ccw


def test_level_and_date_filters(client: TestClient, session: Session):
    _units(session)
    old = client.get(
        "/admin-units/export",
        params={"province": "96x", "level": "commune", "at": "2025-06-01"},
    ).json()
    assert sorted(f["id"] for f in old["features"]) == ["96x01", "96x09"]


def test_bad_requests_are_problems_naming_the_field(client: TestClient, session: Session):
    bad_format = client.get("/admin-units/export", params={"format": "shp"})
    assert bad_format.status_code == 422
    assert bad_format.headers["content-type"].startswith("application/problem+json")
    assert "format" in bad_format.text
    unknown = client.get("/admin-units/export", params={"province": "00x"})
    assert unknown.status_code == 422 and "province" in unknown.text


@pytest.fixture
def cli_db(migrated_db: MigratedDb, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_db("camreg_units_cli", seed=_units)
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_cli_export_and_check(cli_db: str, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "ranh_gioi.gpkg"
    result = runner.invoke(app, ["export", "units", "-o", str(out), "--with-missing"])
    assert result.exit_code == 0, result.output
    back = _read(out)
    assert set(back) == {"96x", "96x01", "96x02", "96x03"}
    assert back["96x03"]["geometry"] is None and _same(back["96x01"]["geometry"], ISLANDS)
    check = runner.invoke(app, ["units", "check", "--province", "96x"])
    assert check.exit_code == 0, check.output  # no overlap, gap or outside (96x has no boundary)
    assert "Lệch" in check.output and "96x01" in check.output  # area mismatch: not a fault

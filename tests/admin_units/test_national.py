"""The national unit list loaded by ``camreg init``, checked against the package's own files.

The expectations are read in the test, straight from ``vietnamadminunits``'s
``dataset.db`` (sqlite3) and ``converter_2025.json`` (json), not through the
code under test.
"""

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased
from typer.testing import CliRunner

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.admin_units.national import load_national
from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.db import make_engine
from camera_registry.demo.loader import load_demo
from camera_registry.demo.records import DemoDataset, DemoUnit
from camera_registry.deps import get_session
from camera_registry.errors import InvalidInput
from camera_registry.geoconv import from_db
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import MigratedDb

runner = CliRunner()
AFTER, BEFORE = date(2025, 7, 1), date(2025, 6, 30)
DATA = Path(__import__("vietnamadminunits").__file__).parent / "data"


def package(sql: str, *args: object) -> list[tuple]:
    """Rows of the package's dataset.db, read independently of camreg."""
    con = sqlite3.connect(DATA / "dataset.db")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def in_force(session: Session, level: str, on: date) -> int:
    stmt = select(func.count()).where(
        AdminUnit.level == level,
        AdminUnit.valid_from <= on,
        (AdminUnit.valid_to.is_(None)) | (AdminUnit.valid_to >= on),
    )
    return int(session.scalar(stmt) or 0)


def unit(session: Session, code: str, on: date) -> tuple[AdminUnit, AdminUnit | None]:
    parent = aliased(AdminUnit)
    stmt = (
        select(AdminUnit, parent)
        .outerjoin(parent, parent.id == AdminUnit.parent_id)
        .where(AdminUnit.code == code, AdminUnit.valid_from <= on)
        .where((AdminUnit.valid_to.is_(None)) | (AdminUnit.valid_to >= on))
    )
    row = session.execute(stmt).one()
    return row[0], row[1]


def successors(session: Session, code: str) -> set[str]:
    """Codes of the new units a legacy unit (valid on 30 June 2025) passed into."""
    old, new = aliased(AdminUnit), aliased(AdminUnit)
    stmt = (
        select(new.code)
        .join(AdminUnitSuccession, AdminUnitSuccession.successor_id == new.id)
        .join(old, old.id == AdminUnitSuccession.predecessor_id)
        .where(old.code == code, old.valid_to == BEFORE)
    )
    return set(session.scalars(stmt))


@pytest.fixture(scope="module")
def cli_db(fresh_db_url: Callable[[str], str]) -> Iterator[str]:
    """An empty database of the engine under test, named to the CLI (one per module)."""
    url = fresh_db_url("camreg_national")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMREG_DATABASE_URL", url)
        yield url


@pytest.fixture(scope="module")
def initialised(cli_db: str) -> Iterator[Engine]:
    """The database after ``camreg init`` (which the tests only read, or re-run)."""
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "34 tỉnh, 3.321 xã (sau 01/07/2025)" in output
    assert "63 tỉnh, 696 huyện, 10.035 xã (trước)" in output
    assert "ranh giới: 0 đã có / boundaries: 0 loaded" in output
    engine = make_engine(cli_db)
    yield engine
    engine.dispose()


def test_init_knows_every_unit_without_a_boundary(initialised: Engine):
    (new_provinces, new_communes) = package(
        "SELECT COUNT(DISTINCT provinceCode), COUNT(DISTINCT wardCode) FROM admin_units"
    )[0]
    (old_provinces, old_districts, old_communes) = package(
        "SELECT COUNT(DISTINCT provinceCode), COUNT(DISTINCT districtCode), "
        "COUNT(DISTINCT wardCode) FROM admin_units_legacy"
    )[0]
    assert (new_provinces, new_communes) == (34, 3321)
    with Session(initialised) as session:
        assert in_force(session, "province", AFTER) == new_provinces
        assert in_force(session, "commune", AFTER) == new_communes
        assert in_force(session, "district", AFTER) == 0
        assert in_force(session, "province", BEFORE) == old_provinces == 63
        assert in_force(session, "district", BEFORE) == old_districts == 696
        assert in_force(session, "commune", BEFORE) == old_communes
        total = old_provinces + old_districts + old_communes + new_provinces + new_communes
        assert session.scalar(select(func.count()).select_from(AdminUnit)) == total
        assert session.scalar(select(func.count()).where(AdminUnit.geom.is_not(None))) == 0
        assert set(session.scalars(select(AdminUnit.boundary_quality).distinct())) == {"none"}
        sources = set(session.scalars(select(AdminUnit.source).distinct()))
        assert sources == {f"vietnamadminunits {version('vietnamadminunits')}"}


def test_names_parents_centres_and_areas_match_the_package(initialised: Engine):
    new_rows = package(
        "SELECT wardCode, ward, wardType, provinceCode, province, wardLon, wardLat, wardAreaKm2 "
        "FROM admin_units ORDER BY wardCode"
    )[::250]
    old_rows = package(
        "SELECT wardCode, ward, wardType, districtCode, district, provinceCode, province "
        "FROM admin_units_legacy WHERE wardCode IS NOT NULL ORDER BY wardCode"
    )[::700]
    with Session(initialised) as session:
        for code, name, wtype, pcode, pname, lon, lat, area in new_rows:
            got, parent = unit(session, code, AFTER)
            assert (got.name, got.unit_type, got.level) == (name, wtype, "commune")
            assert parent is not None and (parent.code, parent.name) == (pcode, pname)
            assert parent.valid_from == AFTER and got.valid_to is None
            assert (got.centre_lon, got.centre_lat, got.area_published_km2) == (lon, lat, area)
        for code, name, wtype, dcode, dname, pcode, pname in old_rows:
            got, district = unit(session, code, BEFORE)
            assert (got.name, got.unit_type, got.valid_to) == (name, wtype, BEFORE)
            assert district is not None and (district.code, district.name) == (dcode, dname)
            _, province = unit(session, dcode, BEFORE)
            assert province is not None and (province.code, province.name) == (pcode, pname)
        hanoi, _ = unit(session, "01", AFTER)
        (hanoi_area,) = package("SELECT SUM(wardAreaKm2) FROM admin_units WHERE provinceCode='01'")[
            0
        ]
        assert hanoi.area_published_km2 == pytest.approx(hanoi_area, abs=0.01)
        assert hanoi.name == "Thành phố Hà Nội" and hanoi.unit_type == "Thành phố"


def _legacy_code(full_key: str) -> str:
    pkey, dkey, wkey = full_key.split("_")
    sql = (
        "SELECT wardCode FROM admin_units_legacy "
        "WHERE provinceKey=? AND districtKey=? AND wardKey=?"
    )
    return str(package(sql, pkey, dkey, wkey)[0][0])


def _new_code(pkey: str, wkey: str) -> str:
    sql = "SELECT wardCode FROM admin_units WHERE provinceKey=? AND wardKey=?"
    return str(package(sql, pkey, wkey)[0][0])


def test_successions_follow_the_converter(initialised: Engine):
    conv = json.loads((DATA / "converter_2025.json").read_text(encoding="utf-8"))
    merged = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphocantho"]["phuongcaikhe"]
    divided_key, parts = next(iter(conv["DICT_PROVINCE_WARD_DIVIDED"]["thanhphocantho"].items()))
    cai_khe = _new_code("thanhphocantho", "phuongcaikhe")
    with Session(initialised) as session:
        for full_key in merged:  # several legacy wards went whole into Phường Cái Khế
            assert successors(session, _legacy_code(full_key)) == {cai_khe}
        expected = {_new_code("thanhphocantho", p["newWardKey"]) for p in parts}
        assert len(expected) > 1 and successors(session, _legacy_code(divided_key)) == expected
        (hau_giang,) = package(
            "SELECT DISTINCT provinceCode FROM admin_units_legacy WHERE provinceKey='tinhhaugiang'"
        )[0]
        assert successors(session, hau_giang) == {"92"}  # merged into Thành phố Cần Thơ
        (ninh_kieu,) = package(
            "SELECT DISTINCT districtCode FROM admin_units_legacy WHERE districtKey='quanninhkieu'"
        )[0]
        assert successors(session, ninh_kieu) == {"92"}
        # An island district without communes: into its province and its special zone.
        (hoang_sa,) = package("SELECT wardCode FROM admin_units WHERE ward='Đặc khu Hoàng Sa'")[0]
        assert successors(session, "498") == {"48", hoang_sa}


def test_init_twice_creates_nothing_new(initialised: Engine):
    with Session(initialised) as session:
        before = (
            session.scalar(select(func.count()).select_from(AdminUnit)),
            session.scalar(select(func.count()).select_from(AdminUnitSuccession)),
        )
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 0, again.output
    assert "(0 mới / new)" in " ".join(again.output.split())
    with Session(initialised) as session:
        after = (
            session.scalar(select(func.count()).select_from(AdminUnit)),
            session.scalar(select(func.count()).select_from(AdminUnitSuccession)),
        )
    assert after == before


def test_route_gives_null_geometry_and_centre(initialised: Engine, cli_db: str):
    app_ = create_app(Settings(database_url=cli_db), engine=initialised)

    def session_of(request: Request) -> Iterator[Session]:
        with Session(initialised) as session:
            request.state.session = session
            yield session

    app_.dependency_overrides[get_session] = session_of
    (lon, lat, name) = package(
        "SELECT wardLon, wardLat, ward FROM admin_units WHERE wardCode='00004'"
    )[0]
    with TestClient(app_) as client:
        body = client.get("/admin-units", params={"parent": "01", "at": "2025-07-01"}).json()
        assert len(body["features"]) == 126
        ba_dinh = next(f for f in body["features"] if f["properties"]["code"] == "00004")
        assert ba_dinh["geometry"] is None
        assert ba_dinh["properties"]["name"] == name
        assert ba_dinh["properties"]["has_boundary"] is False
        assert ba_dinh["properties"]["centre"] == [lon, lat]
        with_boundary = client.get("/admin-units", params={"has_boundary": "true"}).json()
        assert with_boundary["features"] == []
        (bounds,) = package("SELECT wardBounds FROM admin_units_legacy WHERE wardCode='00001'")[0:1]
        (south_west, north_east) = bounds[0].split(" – ")
        lat1, lon1 = (float(v) for v in south_west.split(","))
        lat2, lon2 = (float(v) for v in north_east.split(","))
        legacy = client.get("/admin-units", params={"q": "phuc xa", "at": "2025-06-30"}).json()
        (phuc_xa,) = [f for f in legacy["features"] if f["properties"]["code"] == "00001"]
        assert phuc_xa["bbox"] == [min(lon1, lon2), min(lat1, lat2), max(lon1, lon2),
                                   max(lat1, lat2)]  # fmt: skip
        assert "bbox" not in ba_dinh  # the package has no bounds for post-2025 units


def test_demo_loads_over_the_national_list(
    migrated_db: MigratedDb, demo_data: DemoDataset, engine: Engine
):
    url = migrated_db("camreg_national_demo")
    target = make_engine(url)
    try:
        with Session(target) as session:
            load_national(session, provinces={"38", "68"})
            session.commit()
            units_before = session.scalar(select(func.count()).select_from(AdminUnit))
            load_demo(session, demo_data)
        with Session(target) as session:
            assert session.scalar(select(func.count()).select_from(AdminUnit)) == units_before
            _check_demo_units(session, demo_data)
            _check_cam_thuy(session)
            national = _camera_communes(session)
        with Session(engine) as alone:  # the shared database: the demo without the list
            assert national == _camera_communes(alone)
    finally:
        target.dispose()


def _check_demo_units(session: Session, demo_data: DemoDataset) -> None:
    for record in demo_data.units:
        on = record.valid_to or AFTER
        got, parent = unit(session, record.code, on)
        want = record.geometry
        assert got.geom is not None, record.code
        assert from_db(got.geom).symmetric_difference(want).area <= 1e-6 * want.area
        assert got.boundary_quality == record.boundary_quality
        assert (parent.code if parent else None) == record.parent_code
    pairs = select(
        AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id, func.count()
    ).group_by(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id)
    assert all(n == 1 for *_, n in session.execute(pairs))


def _check_cam_thuy(session: Session) -> None:
    district, _ = unit(session, "390", BEFORE)
    communes = list(session.scalars(select(AdminUnit).where(AdminUnit.parent_id == district.id)))
    assert len(communes) == 17 and all(c.geom is not None for c in communes)
    (expected,) = package(
        "SELECT COUNT(DISTINCT wardCode) FROM admin_units_legacy WHERE districtCode='390'"
    )[0]
    assert expected == 17
    thanh_hoa, _ = unit(session, "38", AFTER)  # the demo's polygon, the list's centre
    assert thanh_hoa.boundary_quality == "partial" and thanh_hoa.geom is not None
    assert thanh_hoa.centre_lon is not None and thanh_hoa.area_published_km2 is not None


def _camera_communes(session: Session) -> dict[str, tuple[str, date] | None]:
    commune = aliased(AdminUnit)
    stmt = select(Camera.code, commune.code, commune.valid_from).outerjoin(
        commune, commune.id == Camera.commune_id
    )
    return {code: (c, v) if c else None for code, c, v in session.execute(stmt)}


def test_units_already_stored_keep_their_boundary_and_get_the_list_s_figures(
    session: Session, demo_data: DemoDataset
):
    """On the demo database: the demo's Thanh Hóa units keep polygon, quality and source."""
    demo_units = [u for u in demo_data.units if u.code in ("38", "390", "15127")]
    before = {
        (u.code, u.valid_to): unit(session, u.code, u.valid_to or AFTER)[0] for u in demo_units
    }
    kept = {k: (from_db(u.geom), u.boundary_quality, u.source) for k, u in before.items()}
    first = load_national(session, provinces={"38"})
    (communes,) = package("SELECT COUNT(*) FROM admin_units WHERE provinceCode='38'")[0]
    assert first.provinces == 1 and first.communes == communes
    assert first.with_boundary == sum(1 for u in demo_data.units if _in_thanh_hoa(u))
    assert first.updated == first.with_boundary  # each got its centre (and a published area)
    session.expire_all()
    for (code, valid_to), (geom, quality, source) in kept.items():
        got, _ = unit(session, code, valid_to or AFTER)
        assert from_db(got.geom).equals(geom)
        assert (got.boundary_quality, got.source) == (quality, source)
        assert got.centre_lon is not None and got.centre_lat is not None
    (area,) = package("SELECT wardAreaKm2 FROM admin_units WHERE wardCode='15127'")[0]
    assert unit(session, "15127", AFTER)[0].area_published_km2 == area
    again = load_national(session, provinces={"38"})
    assert (again.created, again.updated, again.successions_created) == (0, 0, 0)
    assert again.unchanged == first.created + first.updated + first.unchanged


def _in_thanh_hoa(record: DemoUnit) -> bool:
    """A demo unit in Thanh Hóa (legacy province 38 or the new one)."""
    return "38" in (record.code, record.parent_code) or "390" in (record.code, record.parent_code)


def test_an_unknown_province_is_refused(session: Session):
    with pytest.raises(InvalidInput) as refused:
        load_national(session, provinces={"38", "99"})
    assert refused.value.errors == [
        {"field": "provinces", "reason": refused.value.errors[0]["reason"]}
    ]
    assert "99" in refused.value.errors[0]["reason"]

"""Importing a province's ward boundaries: stored units, areas, repairs, history, idempotence.

The file is written by the test (see ``unit_files``): twelve post-2025 wards of
a made-up province in VN-2000 / TM-3 metres, one bow-tie ring, one ward with
islands, one wrong published area.  Areas are checked against the test's own
pyproj transform and geodesic computation.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
import shapely
from geoalchemy2.shape import to_shape
from shapely.geometry import Point, box
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.admin_units.importing.mapping import load_mapping, parse_map_options
from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.audit.models import AuditEvent
from camera_registry.auth import Principal
from camera_registry.cameras.models import Camera
from camera_registry.cli import app
from camera_registry.db import make_engine
from camera_registry.errors import InvalidInput
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.admin_units import unit_files as uf
from tests.factories import make_admin_unit, make_camera

ADMIN = Principal(user_id=0, username="test-admin", role=Role.ADMIN)


@pytest.fixture
def legacy(session: Session) -> dict[str, AdminUnit]:
    """The new province 99 and the legacy communes its wards were formed from."""
    return uf.add_legacy_units(session)


@pytest.fixture
def gpkg(tmp_path: Path) -> Path:
    """The wards as a GeoPackage in EPSG:9210."""
    return uf.write_gpkg(tmp_path / "ranh_gioi_xa.gpkg", uf.wards())


def _import(session: Session, path: Path, **options):
    return run_unit_import(
        session,
        source=ImportSource.from_path(path),
        options=UnitImportOptions(**options),
        actor=ADMIN,
    )


def _stored(session: Session) -> dict[str, AdminUnit]:
    found = session.scalars(select(AdminUnit).where(AdminUnit.code.like("990%")))
    return {u.code: u for u in found}


def _check_areas(session: Session) -> None:
    stored = _stored(session)
    for ward in uf.wards():
        want = uf.expected_area_km2(ward)
        assert math.isclose(stored[ward.code].area_km2, want, rel_tol=1e-3), ward.code


def test_every_unit_is_stored_with_its_attributes(session, legacy, gpkg):
    report = _import(session, gpkg)
    assert (report.rows, report.created, report.failed, report.written) == (12, 12, 0, True)
    stored = _stored(session)
    assert set(stored) == {w.code for w in uf.wards()}
    for ward in uf.wards():
        unit = stored[ward.code]
        assert unit.name == ward.stored_name
        assert (unit.level, unit.unit_type) == ("commune", ward.loai)
        assert unit.parent_id == legacy[uf.PROVINCE].id
        assert (unit.valid_from, unit.valid_to) == (uf.REFORM, None)
        assert (unit.population, unit.area_published_km2) == (ward.population, ward.published_km2)
        assert unit.merged_from == ward.merged_from
        shape = to_shape(unit.geom)
        want = shapely.make_valid(uf.to_wgs84(ward.geometry))
        assert shape.geom_type == "MultiPolygon" and shape.is_valid
        assert shape.symmetric_difference(want).area < 1e-6 * want.area
    assert len(to_shape(stored[uf.ISLANDS].geom).geoms) == 3  # the ward and its two islands
    assert len(to_shape(stored[uf.BOWTIE].geom).geoms) == 2  # the bow-tie's two lobes


def test_areas_match_an_independent_geodesic_computation(session, legacy, gpkg):
    _import(session, gpkg)
    _check_areas(session)


def test_report_shows_the_repair_and_the_area_differences(session, legacy, gpkg):
    report = _import(session, gpkg)
    repairs = [i for i in report.warnings if "repaired" in i.reason]
    assert [(i.row, i.value) for i in repairs] == [(7, uf.BOWTIE)]
    assert "Hòa An" in repairs[0].reason and "before" in repairs[0].reason
    flagged = {i.value: i for i in report.warnings if i.column == "dtich_km2"}
    assert {i.row for i in flagged.values()} == {3, 7}  # 11 % too large; the bow-tie halved
    areas = {a["code"]: a for a in report.areas}
    for ward in uf.wards():
        want = uf.expected_area_km2(ward)
        diff = (want - ward.published_km2) / ward.published_km2 * 100
        assert math.isclose(areas[ward.code]["diff_pct"], diff, abs_tol=0.1)
    assert any("ma_xa → code" in n and "dtich_km2 → area_published_km2" in n for n in report.notes)
    assert report.crs == "EPSG:9210"


def test_predecessor_links_match_the_merged_names(session, legacy, gpkg):
    report = _import(session, gpkg)
    assert report.successions == 36
    stored = _stored(session)
    links = session.scalars(
        select(AdminUnitSuccession).where(
            AdminUnitSuccession.successor_id.in_([u.id for u in stored.values()])
        )
    ).all()
    by_id = {u.id: code for code, u in legacy.items()}
    got = {(by_id[s.predecessor_id], s.successor_id, "part" in (s.note or "")) for s in links}
    want = {
        (old, stored[w.code].id, how == "part") for w in uf.wards() for old, how in w.predecessors
    }
    assert got == want
    assert all(s.effective_on == uf.REFORM for s in links)
    assert not [i for i in report.issues if i.column == "sap_nhap"]  # 98001 is not a candidate


def test_unmatched_and_ambiguous_names_are_warnings(session, legacy, tmp_path):
    items = uf.wards()[:2]
    items[0] = _with_text(items[0], "Xã Không Có, Xã An Thục Phán")
    make_admin_unit(session, "97999", name="Xã An Thục Phán", unit_type="Xã",
                    parent_id=legacy["97001"].parent_id, valid_to=uf.LEGACY_END)  # fmt: skip
    report = _import(session, uf.write_gpkg(tmp_path / "two.gpkg", items))
    reasons = sorted(i.reason for i in report.warnings if i.column == "sap_nhap")
    assert len(reasons) == 2
    assert "2 former units" in reasons[1] and "97001" in reasons[1] and "97999" in reasons[1]
    assert "no former unit named 'Xã Không Có'" in reasons[0]
    assert report.written


def _with_text(ward: uf.Ward, text: str) -> uf.Ward:
    return uf.Ward(ward.code, ward.name, ward.loai, ward.geometry, ward.population,
                   ward.published_km2, text, ())  # fmt: skip


def test_reimporting_the_same_file_changes_nothing(session, legacy, gpkg):
    _import(session, gpkg)
    before = {c: (u.id, u.source) for c, u in _stored(session).items()}
    again = _import(session, gpkg)
    assert (again.created, again.updated, again.unchanged, again.successions) == (0, 0, 12, 0)
    assert {c: (u.id, u.source) for c, u in _stored(session).items()} == before


def test_dry_run_reports_everything_and_writes_nothing(session, legacy, gpkg):
    audits = session.scalar(select(func.count()).select_from(AuditEvent))
    report = _import(session, gpkg, dry_run=True)
    assert (report.created, report.written, report.successions) == (12, False, 36)
    assert [i.value for i in report.warnings if "repaired" in i.reason] == [uf.BOWTIE]
    assert _stored(session) == {}
    assert session.scalar(select(func.count()).select_from(AdminUnitSuccession).where(
        AdminUnitSuccession.predecessor_id == legacy["97001"].id)) == 0  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audits


def test_a_national_list_entry_without_boundary_is_updated_not_duplicated(session, legacy, gpkg):
    listed = make_admin_unit(session, "99001", name="Phường Thục Phán", unit_type="Phường",
                             parent=legacy[uf.PROVINCE], valid_from=uf.REFORM,
                             centre_lon=106.0, centre_lat=22.6)  # fmt: skip
    report = _import(session, gpkg)
    assert (report.created, report.updated) == (11, 1)
    versions = session.scalars(select(AdminUnit).where(AdminUnit.code == "99001")).all()
    assert [u.id for u in versions] == [listed.id]
    assert versions[0].geom is not None and versions[0].centre_lon == 106.0


def test_the_province_can_come_from_the_national_list(session, legacy, tmp_path):
    """No ma_tinh column, no --province: each ward's national-list entry gives its parent."""
    for ward in uf.wards():
        make_admin_unit(session, ward.code, name=ward.stored_name,
                        name_folded=ward.stored_name.lower(), unit_type=ward.loai,
                        parent=legacy[uf.PROVINCE], valid_from=uf.REFORM)  # fmt: skip
    path = tmp_path / "no_parent.geojson"
    path.write_bytes(uf.geojson_bytes(uf.wards()).replace(b'"ma_tinh"', b'"ghi_chu"'))
    report = _import(session, path)
    assert (report.updated, report.failed) == (12, 0)
    assert {u.parent_id for u in _stored(session).values()} == {legacy[uf.PROVINCE].id}


@pytest.mark.parametrize("fmt", ["geojson", "shp", "kml", "csv", "xlsx"])
def test_other_formats_give_the_same_units(session, legacy, tmp_path, fmt):
    items, options = uf.wards(), {}
    if fmt == "geojson":
        path = tmp_path / "ranh_gioi.geojson"
        path.write_bytes(uf.geojson_bytes(items))
    elif fmt == "shp":
        path = uf.shapefile_zip(tmp_path, items)
    elif fmt == "kml":
        path = uf.kml_file(tmp_path, items)
    else:
        path = tmp_path / f"ranh_gioi.{fmt}"
        path.write_bytes(uf.csv_bytes(items) if fmt == "csv" else uf.xlsx_bytes(items))
        options["crs"] = "VN2000:105.75"
    report = _import(session, path, **options)
    assert (report.created, report.failed) == (12, 0), report.errors
    _check_areas(session)
    assert report.successions == 36


def test_a_geopackage_with_several_layers_needs_layer(session, legacy, tmp_path):
    path = uf.write_gpkg(tmp_path / "two_layers.gpkg", uf.wards(), layers=("xa_2025", "xa_cu"))
    with pytest.raises(InvalidInput) as caught:
        _import(session, path)
    assert caught.value.errors[0]["field"] == "layer"
    assert "xa_2025" in caught.value.errors[0]["reason"]
    assert "xa_cu" in caught.value.errors[0]["reason"]
    report = _import(session, path, layer="xa_cu")
    assert report.created == 12


def test_topology_and_camera_sections_are_in_the_json_and_csv(session, legacy, gpkg):
    report = _import(session, gpkg)
    body = report.to_json()
    assert {"areas", "topology", "camera_moves"} <= set(body)
    assert body["camera_moves"] == []  # no camera lies near province 99
    text = report.to_csv().decode("utf-8-sig")
    assert "Hòa An" in text and "repaired" in text


def test_an_import_is_audited_once(session, legacy, gpkg):
    _import(session, gpkg)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "admin_unit.import")
    ).all()
    assert [(e.outcome, e.object_id) for e in events][-1:] == [("success", gpkg.name)]


def test_map_option_names_an_unusual_header(session, legacy, tmp_path):
    path = tmp_path / "odd.geojson"
    path.write_bytes(uf.geojson_bytes(uf.wards()).replace(b'"ten_xa"', b'"TEN_DV_MOI"'))
    report = _import(session, path)
    assert report.failed == 12 and {i.column for i in report.errors} == {"name"}
    mapped = _import(session, path, mapping=parse_map_options(["TEN_DV_MOI=name"]))
    assert (mapped.created, mapped.failed) == (12, 0)
    assert any("TEN_DV_MOI → name" in n for n in mapped.notes)


@pytest.fixture
def cli_db(migrated_db, monkeypatch) -> str:
    """A fresh migrated database holding province 99 and its legacy communes."""
    url = migrated_db("camreg_units_cli", seed=uf.add_legacy_units)
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_cli_imports_reports_and_exits_by_outcome(cli_db, gpkg, tmp_path):
    dry = CliRunner().invoke(app, ["import", "units", str(gpkg), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing written (dry run)" in _flat(dry.output) and _count(cli_db) == 0
    report_csv = tmp_path / "report.csv"
    done = CliRunner().invoke(app, ["import", "units", str(gpkg), "--report", str(report_csv)])
    assert done.exit_code == 0, done.output
    assert "12 new" in _flat(done.output) and _count(cli_db) == 12
    assert "repaired" in report_csv.read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(uf.geojson_bytes(uf.wards()).replace("Đặc khu".encode(), "thôn".encode()))
    refused = CliRunner().invoke(app, ["import", "units", str(bad), "--report", str(report_csv)])
    assert refused.exit_code == 1, refused.output
    assert "unknown level word" in report_csv.read_text(encoding="utf-8-sig")
    assert "nothing written" in _flat(refused.output)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as db:
        found = db.scalar(select(func.count()).where(AdminUnit.code.like("990%")))
    engine.dispose()
    return found or 0


def _camera_at(session: Session, code: str, point: Point) -> Camera:
    return make_camera(session, code, point, outside_commune=True)


def test_cameras_whose_commune_changes_are_listed_dry_run_first(session, legacy, tmp_path):
    x0, y0 = uf.ORIGIN
    point = uf.to_wgs84(Point(x0 + 2900, y0 + 1500))  # 100 m inside 99001, west of 99002
    camera = _camera_at(session, "CAM-99-1", point)
    first = _import(session, uf.write_gpkg(tmp_path / "a.gpkg", uf.wards()))
    assert _moves(first) == [("CAM-99-1", None, "99001")]
    moved = uf.wards()
    border = x0 + 2800  # 99001 cedes a 200 m strip to 99002: the camera changes commune
    moved[0] = _reshaped(moved[0], box(x0, y0, border, y0 + uf.SIDE))
    moved[1] = _reshaped(moved[1], box(border, y0, x0 + 2 * uf.SIDE, y0 + uf.SIDE))
    assert uf.to_wgs84(moved[1].geometry).contains(point)  # the test's own check
    path = uf.write_gpkg(tmp_path / "b.gpkg", moved)
    dry = _import(session, path, dry_run=True)
    want = [("CAM-99-1", "99001", "99002")]
    assert [
        (m["camera_code"], m["old_commune"], m["new_commune"]) for m in dry.camera_moves
    ] == want
    session.refresh(camera)
    assert camera.commune_id == _stored(session)["99001"].id  # the dry run moved nothing
    done = _import(session, path)
    assert (done.updated, done.unchanged) == (2, 10)
    assert [(m["camera_code"], m["new_commune"]) for m in done.camera_moves] == [
        ("CAM-99-1", "99002")
    ]
    session.refresh(camera)
    assert camera.commune_id == _stored(session)["99002"].id


def _moves(report) -> list[tuple[str, str | None, str | None]]:
    return [(m["camera_code"], m["old_commune"], m["new_commune"]) for m in report.camera_moves]


def _reshaped(ward: uf.Ward, geometry) -> uf.Ward:
    return uf.Ward(ward.code, ward.name, ward.loai, geometry, ward.population,
                   ward.published_km2, ward.merged_from, ward.predecessors)  # fmt: skip


def test_topology_findings_of_the_import_are_reported(session, legacy, gpkg):
    report = _import(session, gpkg, dry_run=True)
    kinds = sorted((f["kind"], f["code"]) for f in report.topology)
    assert kinds == [
        ("area_mismatch", uf.OFF_AREA),
        ("area_mismatch", uf.BOWTIE),
        ("parent_without_boundary", uf.PROVINCE),
    ]
    assert any(n.startswith("topology") and uf.PROVINCE in n for n in report.notes)


def test_a_mapping_file_gives_columns_and_defaults(session, legacy, tmp_path):
    path = tmp_path / "odd.geojson"
    path.write_bytes(uf.geojson_bytes(uf.wards()).replace(b'"dan_so"', b'"SO_NGUOI"'))
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text(
        'columns:\n  "SO_NGUOI": population\ndefaults:\n  valid_to: 2099-12-31\n'
    )
    report = _import(session, path, mapping=load_mapping(mapping_file))
    assert (report.created, report.failed) == (12, 0)
    stored = _stored(session)
    assert {u.valid_to for u in stored.values()} == {date(2099, 12, 31)}
    assert stored["99002"].population == uf.wards()[1].population


@pytest.mark.parametrize("option", ["Tên=lon", "Tên=unknown", "no equals sign"])
def test_a_bad_map_option_is_a_422_on_map_or_mapping(option):
    with pytest.raises(InvalidInput) as caught:
        parse_map_options([option])
    assert caught.value.errors[0]["field"] in ("map", "mapping")
    if "=" in option:
        assert "name" in caught.value.errors[0]["reason"]  # lists the unit fields

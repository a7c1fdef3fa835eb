"""Same-named former units in one province: the merged-from text is settled by district,
else by centre point, and the choice is reported; both engines.

Hà Nội had two "Phường Quang Trung" (Đống Đa and Hà Đông) and two "Phường Minh
Khai"; a ward's ``sap_nhap`` naming one of them is resolved by the district of
the other names in the same text, or by which candidate's centre lies in the
new boundary.  The units are the test's own (``unit_files``: province 97 → 99).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.auth import Principal
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.admin_units import unit_files as uf
from tests.factories import make_admin_unit

ADMIN = Principal(user_id=0, username="test-admin", role=Role.ADMIN)


def _twin(session: Session, legacy: dict[str, AdminUnit], code: str, name: str, **extra) -> None:
    """A legacy commune named like one of ward 0's predecessors, in a second district."""
    district = make_admin_unit(
        session, "972", name="Huyện Khác", level="district", unit_type="Huyện",
        parent=legacy["97"], valid_to=uf.LEGACY_END,
    )  # fmt: skip
    make_admin_unit(
        session, code, name=name, unit_type=name.split()[0], parent=district,
        valid_to=uf.LEGACY_END, **extra,
    )  # fmt: skip


def _import(session: Session, path: Path):
    return run_unit_import(
        session, source=ImportSource.from_path(path), options=UnitImportOptions(), actor=ADMIN
    )


def _predecessors(session: Session, successor: str) -> set[str]:
    new = session.scalars(select(AdminUnit.id).where(AdminUnit.code == successor)).one()
    links = select(AdminUnitSuccession.predecessor_id).where(
        AdminUnitSuccession.successor_id == new
    )
    return set(session.scalars(select(AdminUnit.code).where(AdminUnit.id.in_(links))))


def test_a_shared_name_is_settled_by_the_district_of_the_other_names(session, tmp_path):
    legacy = uf.add_legacy_units(session)
    _twin(session, legacy, "97991", f"Xã Cát {uf.NAMES[0]}")  # like 97003, other district
    report = _import(session, uf.write_gpkg(tmp_path / "w.gpkg", uf.wards()[:1]))
    assert _predecessors(session, "99001") == {"97001", "97002", "97003"}
    (settled,) = [i for i in report.warnings if i.column == "sap_nhap"]
    assert "97003" in settled.reason and "district" in settled.reason


def test_a_shared_name_is_settled_by_the_centre_inside_the_new_boundary(session, tmp_path):
    legacy = uf.add_legacy_units(session)
    ward = uf.wards()[0]
    inside = uf.to_wgs84(ward.geometry).representative_point()
    only = uf.Ward(ward.code, ward.name, ward.loai, ward.geometry, ward.population,
                   ward.published_km2, f"Xã Cát {uf.NAMES[0]}", ())  # fmt: skip
    legacy["97003"].centre_lon, legacy["97003"].centre_lat = 105.0, 10.0  # far away
    _twin(session, legacy, "97991", f"Xã Cát {uf.NAMES[0]}",
          centre_lon=inside.x, centre_lat=inside.y)  # fmt: skip
    report = _import(session, uf.write_gpkg(tmp_path / "w.gpkg", [only]))
    assert _predecessors(session, "99001") == {"97991"}
    (settled,) = [i for i in report.warnings if i.column == "sap_nhap"]
    assert "97991" in settled.reason and "centre" in settled.reason


def test_a_shared_name_neither_rule_settles_stays_unlinked(session, tmp_path):
    legacy = uf.add_legacy_units(session)
    ward = uf.wards()[0]
    only = uf.Ward(ward.code, ward.name, ward.loai, ward.geometry, ward.population,
                   ward.published_km2, f"Xã Cát {uf.NAMES[0]}", ())  # fmt: skip
    _twin(session, legacy, "97991", f"Xã Cát {uf.NAMES[0]}")
    report = _import(session, uf.write_gpkg(tmp_path / "w.gpkg", [only]))
    assert _predecessors(session, "99001") == set()
    (warning,) = [i for i in report.warnings if i.column == "sap_nhap"]
    assert "2 former units" in warning.reason and "not linked" in warning.reason

"""A boundary file imported over the national list: merged into its rows, and idempotent.

``camreg init`` knows every unit without a polygon; a province's file must then
fill those rows (same id, same ``valid_from``), mark their boundary as loaded
in every field that says so, and neither a second import nor a second init may
change anything afterwards.  Uses the real package list for Cao Bằng (04) and
two of its real ward codes, with squares drawn around the package's centres.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from shapely.geometry import box, mapping
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.national import load_national
from camera_registry.auth import Principal
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.admin_units.test_national import DATA

ADMIN = Principal(user_id=0, username="test-admin", role=Role.ADMIN)
PROVINCE = "04"
REFORM = date(2025, 7, 1)


def _wards() -> list[tuple[str, str, float, float]]:
    """Two wards of Cao Bằng as the package lists them: code, name, centre lon, lat."""
    con = sqlite3.connect(DATA / "dataset.db")
    try:
        return con.execute(
            "SELECT wardCode, ward, wardLon, wardLat FROM admin_units "
            "WHERE provinceCode = ? ORDER BY wardCode LIMIT 2",
            (PROVINCE,),
        ).fetchall()
    finally:
        con.close()


def _file() -> bytes:
    features = [
        {"type": "Feature",
         "geometry": mapping(box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)),
         "properties": {"ma_xa": code, "ten_xa": name, "ma_tinh": PROVINCE}}
        for code, name, lon, lat in _wards()
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _import(session: Session):
    return run_unit_import(
        session,
        source=ImportSource("cao_bang.geojson", _file()),
        options=UnitImportOptions(),
        actor=ADMIN,
    )


def _rows(session: Session) -> list[AdminUnit]:
    """Every stored version of the two codes since the reform (legacy ones reuse codes)."""
    codes = [code for code, *_ in _wards()]
    stmt = select(AdminUnit).where(AdminUnit.code.in_(codes), AdminUnit.valid_from >= REFORM)
    return list(session.scalars(stmt.order_by(AdminUnit.code)))


def test_the_file_fills_the_national_rows_and_says_the_boundary_is_loaded(session, as_role):
    load_national(session, provinces={PROVINCE})
    listed = {u.code: (u.id, u.valid_from) for u in _rows(session)}
    assert len(listed) == 2 and all(u.boundary_quality == "none" for u in _rows(session))
    report = _import(session)
    assert (report.created, report.updated, report.failed) == (0, 2, 0), report.errors
    session.expire_all()
    merged = _rows(session)
    assert {u.code: (u.id, u.valid_from) for u in merged} == listed
    assert [(u.geom is not None, u.boundary_quality) for u in merged] == [(True, "official")] * 2
    body = as_role("planner").get(f"/admin-units?parent={PROVINCE}&has_boundary=true").json()
    assert {f["properties"]["boundary_quality"] for f in body["features"]} == {"official"}


def test_neither_a_second_import_nor_a_second_init_changes_anything(session):
    load_national(session, provinces={PROVINCE})
    _import(session)
    again = _import(session)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    init = load_national(session, provinces={PROVINCE})
    assert (init.created, init.updated) == (0, 0)
    assert _import(session).unchanged == 2

"""Cameras re-derived after boundaries change, on both engines, checked with shapely."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import MultiPolygon, Point, box
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.rederive import CameraMove, rederive_cameras
from camera_registry.audit.models import AuditEvent
from camera_registry.cameras.models import Camera, CameraSite
from camera_registry.geoconv import to_db
from tests.admin_units.made_up_units import add_unit
from tests.factories import make_camera

WEST = box(109.50, 14.50, 109.52, 14.52)
EAST = box(109.52, 14.50, 109.54, 14.52)
FAR = box(109.60, 14.50, 109.62, 14.52)
NEAR_BORDER = Point(109.518, 14.51)  # in WEST until the border moves west of it


def add_camera(session: Session, code: str, point: Point, unit: AdminUnit | None, basis: str):
    return make_camera(
        session, code, point, commune=unit, commune_basis=basis, outside_commune=unit is None
    )


def _reshape(session: Session, unit: AdminUnit, geometry) -> None:
    unit.geom = to_db(MultiPolygon([geometry]) if geometry.geom_type == "Polygon" else geometry)
    session.flush()


def _state(session: Session, code: str) -> tuple[int | None, str, int]:
    row = session.execute(
        select(Camera.commune_id, Camera.commune_basis, Camera.version).where(Camera.code == code)
    ).one()
    return row[0], row[1], row[2]


@pytest.fixture
def province(session: Session) -> AdminUnit:
    return add_unit(session, "97x", None, level="province")


def test_given_cameras_become_derived_when_their_commune_gets_a_boundary(
    session: Session, province: AdminUnit
):
    unit = add_unit(session, "97x01", None, parent=province)
    inside = WEST.centroid
    assert WEST.contains(inside)
    add_camera(session, "T-GIVEN", inside, unit, "given")
    before = _state(session, "T-GIVEN")
    _reshape(session, unit, WEST)
    moves = rederive_cameras(session, unit_ids=[unit.id])
    assert moves == [CameraMove("T-GIVEN", "97x01", "97x01", "derived")]
    assert _state(session, "T-GIVEN") == (unit.id, "derived", before[2] + 1)
    assert "derived" in moves[0].message


def test_a_camera_falling_in_the_neighbour_moves_and_others_stay(
    session: Session, province: AdminUnit
):
    west = add_unit(session, "97x02", WEST, parent=province)
    east = add_unit(session, "97x03", EAST, parent=province)
    far = add_unit(session, "97x04", FAR, parent=province)
    add_camera(session, "T-BORDER", NEAR_BORDER, west, "derived")
    add_camera(session, "T-WEST", Point(109.505, 14.51), west, "derived")
    add_camera(session, "T-FAR", FAR.centroid, far, "derived")
    untouched = {code: _state(session, code) for code in ("T-WEST", "T-FAR")}
    new_west, new_east = box(109.50, 14.50, 109.515, 14.52), box(109.515, 14.50, 109.54, 14.52)
    assert new_east.contains(NEAR_BORDER) and not new_west.contains(NEAR_BORDER)
    _reshape(session, west, new_west)
    _reshape(session, east, new_east)
    moves = rederive_cameras(session, unit_ids=[west.id, east.id])
    assert moves == [CameraMove("T-BORDER", "97x02", "97x03", "derived")]
    assert _state(session, "T-BORDER")[0] == east.id
    assert {code: _state(session, code) for code in untouched} == untouched
    [row] = session.scalars(select(AuditEvent).where(AuditEvent.action == "camera.rederive"))
    assert json.loads(row.detail)["moves"] == [["T-BORDER", "97x02", "97x03", "derived"]]


def test_a_point_left_outside_every_boundary_is_listed_not_moved(
    session: Session, province: AdminUnit
):
    west = add_unit(session, "97x05", WEST, parent=province)
    add_camera(session, "T-LEFT", NEAR_BORDER, west, "derived")
    before = _state(session, "T-LEFT")
    _reshape(session, west, box(109.50, 14.50, 109.515, 14.52))
    [move] = rederive_cameras(session, unit_ids=[west.id])
    assert (move.old_commune, move.new_commune, move.basis) == ("97x05", None, "derived")
    assert "kept" in move.message
    assert _state(session, "T-LEFT") == before  # nothing silently moved


def test_a_given_commune_without_boundary_stands(session: Session, province: AdminUnit):
    bare = add_unit(session, "97x06", None, parent=province)
    west = add_unit(session, "97x07", None, parent=province)
    add_camera(session, "T-BARE", FAR.centroid, bare, "given")
    before = _state(session, "T-BARE")
    _reshape(session, west, WEST)  # another unit gets a boundary: the point is not in it
    assert rederive_cameras(session, unit_ids=[west.id, bare.id]) == []
    assert _state(session, "T-BARE") == before


def test_a_camera_outside_every_commune_gets_one(session: Session, province: AdminUnit):
    unit = add_unit(session, "97x08", None, parent=province)
    add_camera(session, "T-OUT", WEST.centroid, None, "derived")
    _reshape(session, unit, WEST)
    assert rederive_cameras(session, unit_ids=[unit.id]) == [
        CameraMove("T-OUT", None, "97x08", "derived")
    ]
    camera = session.scalars(select(Camera).where(Camera.code == "T-OUT")).one()
    assert camera.outside_commune is False


def test_sites_follow_their_point(session: Session, province: AdminUnit):
    unit = add_unit(session, "97x09", None, parent=province)
    site = CameraSite(code="T-SITE", geom=to_db(WEST.centroid), commune_id=None)
    session.add(site)
    session.flush()
    _reshape(session, unit, WEST)
    rederive_cameras(session, unit_ids=[unit.id])
    row = session.execute(
        select(CameraSite.commune_id, CameraSite.version).where(CameraSite.code == "T-SITE")
    ).one()
    assert tuple(row) == (unit.id, 2)

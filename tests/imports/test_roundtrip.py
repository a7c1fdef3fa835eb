"""Export → import gives back the very same cameras, in every export format, on both engines."""

from __future__ import annotations

import pytest
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.cameras.queries import CameraFilter
from camera_registry.exports.service import export_cameras
from camera_registry.imports.fields import CAMERA_FIELDS
from tests.imports.conftest import ADMIN, counts

CAM_THUY = CameraFilter(unit_codes=("390",))
FORMATS = ("csv", "xlsx", "geojson", "gpkg")


def _snapshot(session: Session, codes: list[str], suffix: str = "") -> dict[str, tuple]:
    session.expire_all()
    wanted = [c + suffix for c in codes]
    out = {}
    for cam in session.scalars(select(Camera).where(Camera.code.in_(wanted))):
        point, view = to_shape(cam.geom), to_shape(cam.view_geom)
        out[cam.code.removesuffix(suffix)] = (
            point.x, point.y, cam.commune_id, shapely.to_wkb(view),
            *(getattr(cam, name) for name in CAMERA_FIELDS),
        )  # fmt: skip
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimporting_an_export_changes_nothing(session: Session, run_file, fmt):
    exported = export_cameras(session, flt=CAM_THUY, user=ADMIN, fmt=fmt)
    assert exported.count >= 515  # the demo's Cẩm Thủy cameras
    before = counts(session)
    report = run_file(exported.content, f"export.{fmt}")
    assert not report.errors, report.errors[:5]
    assert (report.created, report.updated, report.unchanged) == (0, 0, exported.count)
    assert counts(session)[:2] == before[:2]


@pytest.mark.parametrize("fmt", ["csv", "gpkg"])
def test_import_of_an_export_recreates_identical_cameras(session: Session, run_file, fmt):
    """Rename the originals, import the export: the new cameras equal them field by field."""
    exported = export_cameras(session, flt=CAM_THUY, user=ADMIN, fmt=fmt)
    codes = list(
        session.scalars(
            select(Camera.code).where(Camera.code.like("CT-390-%")).order_by(Camera.code)
        )
    )
    original = _snapshot(session, codes)
    session.execute(
        update(Camera).where(Camera.code.in_(codes)).values(code=Camera.code + "-OLD"),
        execution_options={"synchronize_session": False},
    )
    report = run_file(exported.content, f"export.{fmt}")
    assert report.created == exported.count and not report.errors, report.errors[:5]
    recreated = _snapshot(session, codes)
    assert recreated == original
    assert _snapshot(session, codes, "-OLD") == original

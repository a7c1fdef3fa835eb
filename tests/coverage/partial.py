"""A made-up province whose boundaries are only partly loaded, built inside the test session.

Province ``T91`` (no boundary of its own, as the national list leaves it) has
:data:`N` communes in a row of 0.02° squares near 104.0°E 21.0°N, far from the
demo's Cẩm Thủy and Đắk Nông; only the communes at :data:`LOADED` have a
polygon.  Cameras: derived ones inside loaded communes, given ones naming the
unloaded commune :data:`GIVEN_AT` and standing at its centre.  Everything is
rolled back with the test's savepoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import shapely
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon, Point, box
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.incidents.models import Incident
from tests.factories import make_admin_unit, make_camera

N = 8
LOADED = (0, 2, 5)
GIVEN_AT = 3
CODE = "T91"
SIZE = 0.02
WEST, SOUTH = 104.0, 21.0
FROM = date(2025, 7, 1)
#: Populations: loaded communes small, the others large (a ratio over all would be far off).
POPULATION = {i: (5_000 + 1_000 * i if i in LOADED else 100_000) for i in range(N)}
INSTALLED = datetime(2025, 9, 1, tzinfo=UTC)


@dataclass
class Province:
    """The units and cameras created (ids and geometries for the independent checks)."""

    province: AdminUnit
    communes: list[AdminUnit]
    squares: list[MultiPolygon]
    cameras: list[Camera] = field(default_factory=list)

    def code(self, index: int) -> str:
        """The GSO code of commune ``index``."""
        return self.communes[index].code

    @property
    def loaded_union(self) -> MultiPolygon:
        """The union of the loaded communes' squares (computed here, not by camreg)."""
        union = shapely.union_all([self.squares[i] for i in LOADED])
        return union if isinstance(union, MultiPolygon) else MultiPolygon([union])

    def views(self, *, active_only: bool = True) -> list[shapely.Polygon]:
        """The view sectors of the cameras (read back from the rows)."""
        return [
            to_shape(c.view_geom) for c in self.cameras if not active_only or c.status == "active"
        ]


def _unit(
    session: Session, code: str, name: str, level: str, unit_type: str, **extra: Any
) -> AdminUnit:
    return make_admin_unit(
        session, code, name=name, level=level, unit_type=unit_type, valid_from=FROM, **extra
    )


def _camera(
    session: Session, spot: tuple[float, float], commune: AdminUnit, basis: str, status: str
) -> Camera:
    lon, lat = spot
    camera = make_camera(
        session,
        f"T91-CAM-{len(session.new)}-{commune.code}-{lon:.4f}",
        Point(lon, lat),
        fov_deg=90,
        commune=commune,
        installed_on=INSTALLED.date(),
        status=status,
        commune_basis=basis,
    )
    session.add(CameraStatusEvent(camera_id=camera.id, status=status, effective_at=INSTALLED))
    return camera


def _centre(index: int) -> tuple[float, float]:
    return WEST + SIZE * (index + 0.5), SOUTH + SIZE / 2


def assert_no_k_of_k(text: str) -> None:
    """The text never counts the loaded communes as if they were all of them."""
    k = len(LOADED)
    for wrong in (f"{k}/{k}", f"{k} of {k}", f"{k + 1}/{k + 1}"):
        assert wrong not in text, wrong


def build_province(session: Session) -> Province:
    """Create the province, its communes, cameras and two incidents; flush, never commit."""
    province = _unit(session, CODE, "Tỉnh Thử Nghiệm", "province", "tinh", centre_lon=104.08)
    squares, communes = [], []
    for i in range(N):
        square = MultiPolygon([box(WEST + SIZE * i, SOUTH, WEST + SIZE * (i + 1), SOUTH + SIZE)])
        geom = from_shape(square, srid=4326) if i in LOADED else None
        lon, lat = _centre(i)
        commune = _unit(
            session, f"T91{i:02d}", f"Xã Thử {i}", "commune", "xa", parent_id=province.id,
            geom=geom, population=POPULATION[i], centre_lon=lon, centre_lat=lat,
        )  # fmt: skip
        squares.append(square)
        communes.append(commune)
    world = Province(province, communes, squares)
    for i in LOADED:
        lon, lat = _centre(i)
        world.cameras.append(_camera(session, (lon, lat), communes[i], "derived", "active"))
    lon, lat = _centre(0)
    world.cameras.append(_camera(session, (lon - 0.005, lat), communes[0], "derived", "active"))
    lon, lat = _centre(GIVEN_AT)
    world.cameras.append(_camera(session, (lon, lat), communes[GIVEN_AT], "given", "active"))
    world.cameras.append(
        _camera(session, (lon + 0.003, lat), communes[GIVEN_AT], "given", "faulty")
    )
    for n, i in enumerate((0, GIVEN_AT)):
        lon, lat = _centre(i)
        session.add(
            Incident(
                case_code=f"T91-INC-{n}",
                type="property_theft",
                occurred_at=datetime(2026, 1, 10, 3, tzinfo=UTC),
                geom=from_shape(Point(lon + 0.001, lat + 0.001), srid=4326),
                commune_id=communes[i].id,
            )
        )
    session.flush()
    return world

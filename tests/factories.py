"""Test data builders: units, cameras, users and keys, request bodies.

The builders add a row with plain defaults, flush (never commit) and return
it; a test passes only the fields it is about, as keyword overrides.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Protocol

from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.admin_units.models import BEGINNING_OF_RECORDS, AdminUnit
from camera_registry.auth import issue_key
from camera_registry.backup.checksums import table_checksums
from camera_registry.cameras.models import Camera
from camera_registry.db import make_engine
from camera_registry.demo.records import DemoUnit
from camera_registry.geoconv import to_db
from camera_registry.textnorm import fold
from geo import view_sector

_serial = itertools.count(1)
_UNIT_TYPES = {"province": "tỉnh", "district": "huyện"}


class MigratedDb(Protocol):
    """The ``migrated_db`` fixture: a fresh database at head, optionally seeded."""

    def __call__(self, name: str, *, seed: Callable[[Session], object] | None = None) -> str:
        """The URL of a new migrated database (``seed(session)`` run and committed)."""
        ...


def make_admin_unit(
    session: Session,
    code: str,
    geometry: BaseGeometry | None = None,
    *,
    name: str | None = None,
    level: str = "commune",
    parent: AdminUnit | None = None,
    **overrides: Any,
) -> AdminUnit:
    """Add an administrative unit (a polygon is stored as a one-part multipolygon).

    Defaults: the name ``Xã Thử <code>`` folded as the app folds it, a unit type
    in keeping with the level, valid since the beginning of records.
    """
    name = name or f"Xã Thử {code}"
    shape = MultiPolygon([geometry]) if isinstance(geometry, Polygon) else geometry
    fields: dict[str, Any] = {
        "code": code,
        "name": name,
        "name_folded": fold(name),
        "level": level,
        "unit_type": _UNIT_TYPES.get(level, "xã"),
        "parent_id": parent.id if parent else None,
        "geom": to_db(shape) if shape is not None else None,
        "valid_from": BEGINNING_OF_RECORDS,
    }
    unit = AdminUnit(**(fields | overrides))
    session.add(unit)
    session.flush()
    return unit


def add_demo_unit(session: Session, record: DemoUnit) -> AdminUnit:
    """Add one unit of the demo dataset as it stands there (for a database of a few units)."""
    return make_admin_unit(
        session,
        record.code,
        record.geometry,
        name=record.name,
        level=record.level.value,
        unit_type=record.unit_type,
        valid_from=record.valid_from or BEGINNING_OF_RECORDS,
        valid_to=record.valid_to,
    )


def make_camera(
    session: Session,
    code: str,
    point: Point,
    *,
    direction_deg: float = 90,
    fov_deg: float = 60,
    range_m: float = 50,
    commune: AdminUnit | None = None,
    **overrides: Any,
) -> Camera:
    """Add a household camera at ``point`` with the view sector its numbers give."""
    fields: dict[str, Any] = {
        "code": code,
        "geom": to_db(point),
        "view_geom": to_db(view_sector(point.x, point.y, direction_deg, fov_deg, range_m)),
        "direction_deg": direction_deg,
        "fov_deg": fov_deg,
        "range_m": range_m,
        "ownership": "household",
        "commune_id": commune.id if commune else None,
    }
    camera = Camera(**(fields | overrides))
    session.add(camera)
    session.flush()
    return camera


def checksums_at(url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and checksum in the database at ``url`` (own engine)."""
    engine = make_engine(url)
    with Session(engine) as session:
        sums = table_checksums(session)
    engine.dispose()
    return sums


def make_user_key(session: Session, role: str, communes: tuple[str, ...] = ()) -> str:
    """Create a user of a role (with commune scopes) and return a fresh API key."""
    user = accounts.add_user(
        session, username=f"test-{role}-{next(_serial)}", role=role, commune_codes=list(communes)
    )
    key = issue_key(session, user)
    # Commit (the test's outer transaction still rolls it back): a refused request rolls
    # the shared session back, which must not take the caller's account with it.
    session.commit()
    return key


def camera_payload(lon: float, lat: float, **overrides: Any) -> dict[str, Any]:
    """A valid camera registration at a point."""
    body: dict[str, Any] = {
        "code": f"TEST-{next(_serial):05d}",
        "lon": lon,
        "lat": lat,
        "direction_deg": 90,
        "fov_deg": 80,
        "range_m": 60,
        "height_m": 4,
        "kind": "fixed",
        "ownership": "household",
        "owner_name": "Nguyễn Văn Thử",
        "owner_contact": "0900 012 345",
        "installed_on": "2023-03-01",
        "retention_days": 14,
    }
    body.update(overrides)
    return body

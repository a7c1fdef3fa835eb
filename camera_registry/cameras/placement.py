"""Where a camera (or site) is: its commune by point-in-polygon, and who may write there.

Where no loaded boundary holds the point, a commune the request names is taken
as given when that commune has no boundary yet; a point naming none is refused
with the nearest communes as a suggestion (:mod:`camera_registry.cameras.nearest`).

Shared by every write that sets a position — registering or moving a camera,
creating or moving a site — so all of them answer a bad position with the same
problem detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geoalchemy2.elements import WKBElement
from shapely.geometry import Point
from sqlalchemy.orm import Session

from camera_registry.admin_units import queries as units
from camera_registry.admin_units.models import AdminUnit
from camera_registry.auth import Principal
from camera_registry.cameras import queries
from camera_registry.cameras.concurrency import check_version
from camera_registry.cameras.models import Camera, CameraSite
from camera_registry.cameras.nearest import (
    NearestFinder,
    named_without_boundary,
    outside_reason,
)
from camera_registry.errors import Forbidden, InvalidInput
from camera_registry.geoconv import from_db, to_db
from camera_registry.sites import queries as site_queries
from camera_registry.vocab import CommuneBasis, Role
from geo import GeometryInputError, view_sector
from geo.fov import WGS84


@dataclass(frozen=True)
class Placement:
    """A checked position: its commune (and how it was decided), or none when an admin
    placed it outside all."""

    lon: float
    lat: float
    commune: AdminUnit | None
    #: ``derived`` from a loaded boundary, or ``given`` (named; no boundary loaded yet).
    basis: CommuneBasis = CommuneBasis.DERIVED

    @property
    def outside_commune(self) -> bool:
        """Whether the point lies outside every known commune (admin override)."""
        return self.commune is None

    @property
    def commune_code(self) -> str | None:
        """The commune's GSO code, if any."""
        return self.commune.code if self.commune else None

    def point(self) -> WKBElement:
        """The database value of the position."""
        return to_db(Point(self.lon, self.lat))


def sector_for(lon: float, lat: float, direction: float, fov: float, range_m: float) -> WKBElement:
    """The database value of a camera's view sector; bad numbers become 422s."""
    try:
        return to_db(view_sector(lon, lat, direction, fov, range_m))
    except GeometryInputError as exc:
        raise InvalidInput(exc.field, exc.reason) from None


def place(
    session: Session,
    *,
    lon: float,
    lat: float,
    on: date,
    commune_code: str | None,
    allow_outside: bool,
    actor: Principal,
    given_before: str | None = None,
) -> Placement:
    """Derive the commune of a point in force on ``on`` and check it against the request.

    Inside a loaded boundary the point decides (basis ``derived``); a
    ``commune_code`` that disagrees is a 422 on ``commune_code``.  In no loaded
    boundary, a named commune that has no boundary yet is taken as given (basis
    ``given``); otherwise the point is a 422 on ``lon``/``lat`` naming the
    nearest communes, unless an administrator set ``allow_outside_commune``.
    ``given_before`` is the commune a camera was given earlier: it stands, where
    no boundary holds the point, unless the request names another.  A commune
    officer may only place things in their own communes (403).
    """
    if allow_outside and actor.role != Role.ADMIN:
        raise Forbidden("Only an administrator may set allow_outside_commune.")
    commune = units.commune_containing(session, lon=lon, lat=lat, on=on)
    if commune is None:
        given, why_not = named_without_boundary(session, commune_code or given_before, on)
        if given is not None:
            require_scope(actor, given.code, "place cameras")
            unit = session.get(AdminUnit, given.id)
            return Placement(lon, lat, unit, CommuneBasis.GIVEN)
        if not allow_outside:
            hint = why_not + NearestFinder(session).hint(lon, lat, on)
            reason = outside_reason(lon, lat, on, hint)
            raise InvalidInput("lon", reason).with_field("lat", reason)
        if commune_code is not None:
            raise InvalidInput(
                "commune_code", f"the point lies outside every commune, not in {commune_code}"
            )
        return Placement(lon, lat, None)
    if commune_code is not None and commune_code != commune.code:
        raise InvalidInput(
            "commune_code",
            f"the point lies in commune {commune.code} ({commune.name}), not {commune_code}",
        )
    require_scope(actor, commune.code, "place cameras")
    return Placement(lon, lat, commune)


def require_scope(actor: Principal, commune_code: str | None, doing: str) -> None:
    """Admins write anywhere; commune officers only inside their communes (else 403)."""
    if actor.role == Role.ADMIN:
        return
    if actor.role == Role.COMMUNE_OFFICER and commune_code in actor.commune_codes:
        return
    where = f"commune {commune_code}" if commune_code else "no commune"
    raise Forbidden(f"You may {doing} only in your communes, not in {where}.")


def writable_camera(
    session: Session, *, code: str, actor: Principal, doing: str, accepted: frozenset[int] | None
) -> Camera:
    """The camera ``code`` for a write: 404 if absent, 403 outside scope, 412 if stale."""
    row = queries.require_camera(session, code=code)
    require_scope(actor, row.commune_code, doing)
    check_version(f"Camera {code}", row.camera.version, accepted)
    return row.camera


#: How far a given position may lie from the site it names and still be "the same".
SAME_POSITION_M = 1.0
#: How far a camera may be from a site to be mounted on it (it then takes the site's point).
ATTACH_RADIUS_M = 50.0


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in metres between two lon/lat points."""
    return float(WGS84.inv(a[0], a[1], b[0], b[1])[2])


def site_for(session: Session, code: str) -> CameraSite:
    """The site a camera is to be mounted on; it must exist and be in service (422)."""
    site = site_queries.get_site_by_code(session, code=code)
    if site is None:
        raise InvalidInput("site_code", f"no site has code {code!r}")
    if site.decommissioned_on is not None:
        raise InvalidInput(
            "site_code", f"site {code} was decommissioned on {site.decommissioned_on:%d/%m/%Y}"
        )
    return site


def position_for(
    lon: float | None, lat: float | None, site: CameraSite | None
) -> tuple[float, float]:
    """A camera's position: the site's when it is on one (a different point is a 422)."""
    if site is None:
        if lon is None or lat is None:
            missing = [name for name, value in (("lon", lon), ("lat", lat)) if value is None]
            error = InvalidInput(missing[0], "is required unless site_code is given")
            for name in missing[1:]:
                error.with_field(name, "is required unless site_code is given")
            raise error
        return lon, lat
    where = from_db(site.geom)
    if (
        lon is not None
        and lat is not None
        and distance_m((lon, lat), (where.x, where.y)) > SAME_POSITION_M
    ):
        reason = (
            f"the camera is on site {site.code} at ({where.x:.6f}, {where.y:.6f}); cameras on a "
            "site share its position (leave lon/lat out, move the site, or detach the camera)"
        )
        raise InvalidInput("lon", reason).with_field("lat", reason)
    return where.x, where.y


def check_near_site(field: str, camera_code: str, lon: float, lat: float, site: CameraSite) -> None:
    """A camera mounted on a site must already stand close to it (422 on ``field``)."""
    where = from_db(site.geom)
    gap = distance_m((lon, lat), (where.x, where.y))
    if gap > ATTACH_RADIUS_M:
        raise InvalidInput(
            field,
            f"camera {camera_code} is {gap:.0f} m from site {site.code} "
            f"(at most {ATTACH_RADIUS_M:.0f} m); move it closer first",
        )

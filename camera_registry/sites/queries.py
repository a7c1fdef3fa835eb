"""Every query on camera sites; never commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from camera_registry import spatial_sql
from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera, CameraSite
from camera_registry.errors import NotFound
from camera_registry.spatial_sql import BBox


@dataclass(frozen=True)
class SiteRow:
    """A site with its commune and the codes of the cameras on it."""

    site: CameraSite
    commune_code: str | None
    commune_name: str | None
    camera_codes: tuple[str, ...]


def get_site_by_code(session: Session, *, code: str) -> CameraSite | None:
    """The site with this code, if any."""
    return session.scalars(select(CameraSite).where(CameraSite.code == code)).one_or_none()


def site_code_exists(session: Session, *, code: str) -> bool:
    """Whether a site already has this code."""
    return session.scalar(select(exists().where(CameraSite.code == code))) or False


def _camera_codes(session: Session, site_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {i: [] for i in site_ids}
    if site_ids:
        stmt = (
            select(Camera.site_id, Camera.code)
            .where(Camera.site_id.in_(site_ids))
            .order_by(Camera.code)
        )
        for site_id, code in session.execute(stmt):
            if site_id is not None:
                found[site_id].append(code)
    return {i: tuple(codes) for i, codes in found.items()}


def _with_commune() -> Select[CameraSite, str, str]:
    return select(CameraSite, AdminUnit.code, AdminUnit.name).outerjoin(
        AdminUnit, AdminUnit.id == CameraSite.commune_id
    )


def get_site(session: Session, *, code: str) -> SiteRow | None:
    """One site by code, with its commune and cameras."""
    row = session.execute(_with_commune().where(CameraSite.code == code)).one_or_none()
    if row is None:
        return None
    codes = _camera_codes(session, [row[0].id])
    return SiteRow(row[0], row[1], row[2], codes[row[0].id])


def require_site(session: Session, *, code: str) -> SiteRow:
    """One site by code, as :func:`get_site`; 404 when no site has it."""
    row = get_site(session, code=code)
    if row is None:
        raise NotFound(f"No site has code {code!r}.")
    return row


def filtered_sites(
    session: Session, *, commune_code: str | None = None, bbox: BBox | None = None
) -> Select[CameraSite, str, str]:
    """Sites (with their commune) in a commune and/or a bounding box (through the index)."""
    stmt = _with_commune()
    if commune_code is not None:
        stmt = stmt.where(AdminUnit.code == commune_code)
    if bbox is not None:
        stmt = stmt.where(spatial_sql.intersects_bbox(session, CameraSite.geom, bbox))
    return stmt


def list_sites(
    session: Session,
    *,
    commune_code: str | None = None,
    bbox: BBox | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[int, list[SiteRow]]:
    """Sites in a commune and/or a bounding box, by code: total and one page."""
    stmt = filtered_sites(session, commune_code=commune_code, bbox=bbox)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(stmt.order_by(CameraSite.code).limit(limit).offset(offset)).all()
    codes = _camera_codes(session, [r[0].id for r in rows])
    return total, [SiteRow(r[0], r[1], r[2], codes[r[0].id]) for r in rows]


def site_version(session: Session, *, site_id: int) -> int | None:
    """The committed version of a site, read afresh (after a failed write)."""
    return session.scalar(select(CameraSite.version).where(CameraSite.id == site_id))

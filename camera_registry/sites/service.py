"""Site writes: create, attach cameras, move (with every camera), decommission (with every camera).

Each is one transaction: moving a site re-derives the commune of the site and
of each of its cameras and recomputes their view sectors; decommissioning it
appends a status event to each camera's history.  All row changes are flushed
before the audit rows are appended, so concurrent writers queue on the rows
first and never deadlock on the audit chain.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from camera_registry.admin_units.models import AdminUnit
from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.cameras import queries as camera_queries
from camera_registry.cameras.concurrency import check_version, guarded_write
from camera_registry.cameras.models import CameraSite
from camera_registry.cameras.placement import check_near_site, place, require_scope, sector_for
from camera_registry.cameras.queries import CameraRow
from camera_registry.cameras.schemas import Decommission
from camera_registry.cameras.service import apply_placement
from camera_registry.cameras.status import as_aware, effective_time, record_status
from camera_registry.db import now_utc
from camera_registry.errors import Conflict, InvalidInput
from camera_registry.geoconv import from_db
from camera_registry.sites import queries
from camera_registry.sites.schemas import SiteAttach, SiteCreate, SiteUpdate
from camera_registry.timeutil import LOCAL_TZ, today_local
from camera_registry.vocab import CameraStatus

Audit = list[tuple[str, str, str, Any]]


def _write_audit(session: Session, actor: Principal, rows: Audit) -> None:
    session.flush()
    for action, object_type, object_id, detail in rows:
        audit.record_for(
            session,
            actor,
            action,
            object_type=object_type,
            object_id=object_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        )


def create_site(session: Session, *, data: SiteCreate, actor: Principal) -> CameraSite:
    """Register a site; its commune comes from its point, as for cameras."""
    spot = place(
        session,
        lon=data.lon,
        lat=data.lat,
        on=today_local(),
        commune_code=data.commune_code,
        allow_outside=data.allow_outside_commune,
        actor=actor,
    )
    if queries.site_code_exists(session, code=data.code):
        raise Conflict(f"A site with code {data.code!r} already exists.")
    site = CameraSite(
        code=data.code,
        name=data.name,
        address=data.address,
        geom=spot.point(),
        commune_id=spot.commune.id if spot.commune else None,
    )
    session.add(site)
    _write_audit(session, actor, [("site.create", "camera_site", data.code, None)])
    session.commit()
    return site


def _commune_code(session: Session, site: CameraSite) -> str | None:
    """The code of the site's commune, which stands where no boundary holds its point."""
    commune = session.get(AdminUnit, site.commune_id) if site.commune_id else None
    return commune.code if commune else None


def _mount(
    session: Session, row: CameraRow, site: CameraSite, actor: Principal, audit_rows: Audit
) -> None:
    """Put a camera at its site's point: commune re-derived, view recomputed."""
    camera, point = row.camera, from_db(site.geom)
    before = from_db(camera.geom)
    spot = place(
        session,
        lon=point.x,
        lat=point.y,
        on=camera.installed_on or today_local(),
        commune_code=None,
        allow_outside=site.commune_id is None,
        actor=actor,
        # a site in a commune with no boundary yet carries its cameras there too
        given_before=_commune_code(session, site),
    )
    apply_placement(camera, spot)
    camera.site_id = site.id
    camera.view_geom = sector_for(
        point.x, point.y, camera.direction_deg, camera.fov_deg, camera.range_m
    )
    moved = [[before.x, before.y], [point.x, point.y]]
    audit_rows.append(
        ("camera.update", "camera", camera.code, {"site": site.code, "position": moved})
    )


def _attachable(
    session: Session, site: CameraSite, codes: list[str], actor: Principal
) -> list[CameraRow]:
    found = camera_queries.cameras_by_codes(session, codes=codes)
    rows = []
    for i, code in enumerate(codes):
        field = f"cameras.{i}"
        row = found.get(code)
        if row is None:
            raise InvalidInput(field, f"no camera has code {code!r}")
        require_scope(actor, row.commune_code, "mount cameras")
        if row.site_code not in (None, site.code):
            raise InvalidInput(field, f"camera {code} is on site {row.site_code}; detach it first")
        here = from_db(row.camera.geom)
        check_near_site(field, code, here.x, here.y, site)
        rows.append(row)
    return rows


def attach_cameras(
    session: Session, *, code: str, data: SiteAttach, actor: Principal
) -> CameraSite:
    """Mount cameras on a site; each takes the site's point (one transaction)."""
    site = queries.require_site(session, code=code).site
    if site.decommissioned_on is not None:
        raise Conflict(f"Site {code} was decommissioned on {site.decommissioned_on:%d/%m/%Y}.")
    rows = _attachable(session, site, list(dict.fromkeys(data.cameras)), actor)
    with guarded_write(session, what=f"Site {code} or one of its cameras"):
        audit_rows: Audit = []
        for row in rows:
            _mount(session, row, site, actor, audit_rows)
        flag_modified(site, "code")  # the site's representation (its cameras) changed
        audit_rows.append(("site.attach", "camera_site", code, {"cameras": data.cameras}))
        _write_audit(session, actor, audit_rows)
    return site


def update_site(
    session: Session, *, code: str, patch: SiteUpdate, actor: Principal, accepted: frozenset[int]
) -> CameraSite:
    """Rename or move a site; a move takes every camera on it along, in one transaction."""
    row = queries.require_site(session, code=code)
    site = row.site
    require_scope(actor, row.commune_code, "edit sites")
    check_version(f"Site {code}", site.version, accepted)
    changes = patch.model_dump(exclude_unset=True)
    moving = {"lon", "lat", "commune_code", "allow_outside_commune"} & changes.keys()
    if moving and site.decommissioned_on is not None:
        raise Conflict(f"Site {code} was decommissioned on {site.decommissioned_on:%d/%m/%Y}.")
    site_id, start = site.id, site.version
    with guarded_write(
        session,
        what=f"Site {code}",
        expected=start,
        reread=lambda: queries.site_version(session, site_id=site_id),
    ):
        audit_rows: Audit = []
        for name in ("name", "address"):
            if name in changes:
                setattr(site, name, changes[name])
        if moving:
            _move(session, site, changes, actor, audit_rows)
        audit_rows.insert(0, ("site.update", "camera_site", code, changes))
        _write_audit(session, actor, audit_rows)
    return site


def _move(
    session: Session, site: CameraSite, changes: dict[str, Any], actor: Principal, audit_rows: Audit
) -> None:
    here = from_db(site.geom)
    spot = place(
        session,
        lon=changes.get("lon", here.x),
        lat=changes.get("lat", here.y),
        on=today_local(),
        commune_code=changes.get("commune_code"),
        allow_outside=changes.get("allow_outside_commune", site.commune_id is None),
        actor=actor,
        given_before=_commune_code(session, site),
    )
    site.geom = spot.point()
    site.commune_id = spot.commune.id if spot.commune else None
    session.flush()
    for camera_row in camera_queries.cameras_on_site(session, site_id=site.id):
        require_scope(actor, camera_row.commune_code, "move cameras")
        _mount(session, camera_row, site, actor, audit_rows)


def _decommission_cameras(
    session: Session, cameras: list[CameraRow], moment: datetime, reason: str, actor: Principal
) -> Audit:
    """Append a decommissioning to each camera still in service; return their audit rows."""
    rows: Audit = []
    for camera_row in cameras:
        camera = camera_row.camera
        if camera.status == CameraStatus.DECOMMISSIONED.value:
            continue
        record_status(
            session,
            camera,
            status=CameraStatus.DECOMMISSIONED,
            at=moment,
            reason=reason,
            actor=actor,
        )
        detail = {"status": "decommissioned", "effective_at": moment, "reason": reason}
        rows.append(("camera.status", "camera", camera.code, detail))
    return rows


def _checked_moment(cameras: list[CameraRow], data: Decommission, actor: Principal) -> datetime:
    moment = as_aware(data.effective_at).astimezone(UTC) if data.effective_at else now_utc()
    for camera_row in cameras:
        require_scope(actor, camera_row.commune_code, "decommission cameras")
        try:
            effective_time(camera_row.camera, moment)
        except InvalidInput as error:
            reason = f"{error.errors[0]['reason']} (camera {camera_row.camera.code})"
            raise InvalidInput("effective_at", reason) from None
    return moment


def decommission_site(
    session: Session,
    *,
    code: str,
    data: Decommission,
    actor: Principal,
    accepted: frozenset[int] | None,
) -> CameraSite:
    """Decommission a site and every camera on it; each camera's history records it."""
    row = queries.require_site(session, code=code)
    site = row.site
    require_scope(actor, row.commune_code, "decommission sites")
    check_version(f"Site {code}", site.version, accepted)
    if site.decommissioned_on is not None:
        raise Conflict(
            f"Site {code} was already decommissioned on {site.decommissioned_on:%d/%m/%Y}."
        )
    cameras = camera_queries.cameras_on_site(session, site_id=site.id)
    moment = _checked_moment(cameras, data, actor)
    with guarded_write(session, what=f"Site {code} or one of its cameras"):
        reason = data.reason or f"site {code} decommissioned"
        audit_rows = _decommission_cameras(session, cameras, moment, reason, actor)
        site.decommissioned_on = moment.astimezone(LOCAL_TZ).date()
        detail = {"effective_at": moment.isoformat(), "reason": data.reason}
        audit_rows.insert(0, ("site.decommission", "camera_site", code, detail))
        _write_audit(session, actor, audit_rows)
    return site

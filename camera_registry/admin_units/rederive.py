"""Re-deriving the commune of cameras (and sites) after boundaries change.

A boundary import can put a camera in another commune, or confirm a commune
that was only given.  The rule is the registry's own (``cameras.placement``):
point-in-polygon against the communes in force on the camera's installation
date (today when it has none), the lowest code first if two qualify.

* A polygon holds the point → that commune, basis ``derived`` (and the camera
  is no longer "outside every commune").
* No loaded polygon holds it → nothing is changed: a ``given`` commune without
  a boundary stands; a commune that now *has* a boundary not holding the point
  is listed as a move to ``None`` (kept as it is, to be looked at) — nothing is
  silently moved or dropped.

Changes are applied in the caller's session (not committed), each camera's
``version`` bumped; one audit row lists them.  Sites follow their point the
same way, on today's date, as site writes do; they are not listed.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy.orm import Session

from camera_registry.admin_units import topology_queries as tq
from camera_registry.audit import service as audit
from camera_registry.imports.communes import CommuneLocator
from camera_registry.timeutil import today_local
from camera_registry.vocab import CommuneBasis

#: Moves written into the audit row in full; beyond that, only the count.
AUDITED_MOVES = 1000


@dataclass(frozen=True)
class CameraMove:
    """A camera whose commune (or its basis) changed, or no longer holds its point."""

    camera_code: str
    old_commune: str | None
    new_commune: str | None
    basis: str

    @property
    def message(self) -> str:
        """One sentence for the import report, Vietnamese then English."""
        code, old, new = self.camera_code, self.old_commune, self.new_commune
        if new is None:
            return (
                f"Camera {code} nằm ngoài ranh giới xã {old}; vẫn giữ xã {old}, cần kiểm tra /"
                f" camera {code} lies outside the boundary of commune {old}; kept in {old},"
                " to be checked."
            )
        if old == new:
            return (
                f"Camera {code}: xã {new} nay được xác định theo ranh giới / camera {code}:"
                f" commune {new} is now derived from its boundary."
            )
        return (
            f"Camera {code} chuyển từ xã {old or '—'} sang xã {new} / camera {code} moves from"
            f" commune {old or '—'} to {new}."
        )


def _affected(session: Session, unit_ids: Collection[int]) -> tuple[set[int], Any]:
    """Every version id of the units' codes, and the boundaries those versions have."""
    versions = tq.unit_versions(session, unit_ids=unit_ids)
    geoms = tq.wkb_geoms([v.geom for v in versions])
    present = geoms[~shapely.is_missing(geoms)]
    return {v.id for v in versions}, present


def _xy(rows: list[Any]) -> tuple[Any, Any]:
    lon = np.array([r.lon for r in rows], dtype=np.float64)
    return lon, np.array([r.lat for r in rows], dtype=np.float64)


def _located(session: Session, rows: list[Any], dates: list[date]) -> tuple[CommuneLocator, Any]:
    """The communes near the rows, and the index of each row's commune on its date (or -1)."""
    lon, lat = _xy(rows)
    locator = CommuneLocator.around(session, lon, lat)
    return locator, locator.locate(lon, lat, dates)


def _candidates(rows: list[Any], ids: set[int], geoms: Any) -> list[Any]:
    """Rows whose commune is one of ``ids`` or whose point lies in one of ``geoms``."""
    if not rows:
        return []
    inside = np.zeros(len(rows), dtype=bool)
    if len(geoms):
        points = shapely.points(*_xy(rows))
        hit, _ = shapely.STRtree(geoms).query(points, predicate="intersects")
        inside[hit] = True
    return [r for n, r in enumerate(rows) if inside[n] or r.commune_id in ids]


def rederive_cameras(session: Session, *, unit_ids: Collection[int]) -> list[CameraMove]:
    """Re-derive the commune of the cameras in or of the given units; the moves by camera code."""
    if not unit_ids or not tq.anything_placed(session):
        return []
    ids, geoms = _affected(session, unit_ids)
    bbox = tuple(shapely.total_bounds(geoms)) if len(geoms) else None
    rows = tq.cameras_near(session, commune_ids=ids, bbox=bbox)
    rows = _candidates(rows, ids, geoms)
    moves: list[CameraMove] = []
    if rows:
        today = today_local()
        locator, found = _located(session, rows, [r.installed_on or today for r in rows])
        changes, moves = _decide(session, rows, locator, found)
        tq.set_camera_communes(session, changes)
        _audit(session, moves)
    _rederive_sites(session, ids, geoms, bbox)
    return sorted(moves, key=lambda m: m.camera_code)


def _decide(
    session: Session, rows: list[Any], locator: CommuneLocator, found: Any
) -> tuple[list[dict[str, Any]], list[CameraMove]]:
    """The row changes and the moves to report, camera by camera."""
    old_units = tq.unit_codes(session, ids={r.commune_id for r in rows if r.commune_id})
    changes, moves = [], []
    derived = CommuneBasis.DERIVED.value
    for row, index in zip(rows, found.tolist(), strict=True):
        old = old_units.get(row.commune_id) if row.commune_id else None
        old_code = old[0] if old else None
        if index >= 0:
            new = locator.versions[index]
            if new.id != row.commune_id or row.commune_basis != derived:
                change = {"cid": row.id, "new_commune": new.id, "new_basis": derived}
                changes.append(change | {"new_outside": False})
                moves.append(CameraMove(row.code, old_code, new.code, derived))
        elif old is not None and old[1]:  # its commune has a boundary, not holding the point
            moves.append(CameraMove(row.code, old_code, None, row.commune_basis))
    return changes, moves


def _audit(session: Session, moves: list[CameraMove]) -> None:
    if not moves:
        return
    listed = [[m.camera_code, m.old_commune, m.new_commune, m.basis] for m in moves]
    detail = {"count": len(moves), "moves": listed[:AUDITED_MOVES]}
    audit.record(
        session,
        action="camera.rederive",
        object_type="camera",
        detail=json.dumps(detail, ensure_ascii=False),
    )


def _rederive_sites(session: Session, ids: set[int], geoms: Any, bbox: Any) -> None:
    """Sites in or of the units take the commune holding their point today (if any)."""
    rows = _candidates(tq.sites_near(session, commune_ids=ids, bbox=bbox), ids, geoms)
    if not rows:
        return
    locator, found = _located(session, rows, [today_local()] * len(rows))
    changes = [
        {"sid": row.id, "new_commune": locator.versions[index].id}
        for row, index in zip(rows, found.tolist(), strict=True)
        if index >= 0 and locator.versions[index].id != row.commune_id
    ]
    tq.set_site_communes(session, changes)

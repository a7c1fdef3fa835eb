"""What an import will do to each valid row: create, update, or leave alone.

A row whose code is stored and whose every field (and position) equals the
stored camera's is left alone — no write, no version bump, no status event — so
re-running a file changes nothing.  New and changed rows get their commune and
their view sector (computed in the background while the rows are checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from camera_registry.imports.communes import CommuneLocator
from camera_registry.imports.fields import CAMERA_FIELDS
from camera_registry.imports.sectors import SectorJob
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import CameraKind, CameraStatus, CommuneBasis

#: What a new camera gets for fields its row leaves empty (as ``CameraCreate`` does).
NEW_DEFAULTS: dict[str, Any] = {
    "kind": CameraKind.FIXED.value,
    "status": CameraStatus.ACTIVE.value,
    "connected_to_centre": False,
}


@dataclass
class Plan:
    """Rows to insert and to update (full column values), and how many stay as they are."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    status_changes: list[tuple[str, str]] = field(default_factory=list)
    insert_rows: list[int] = field(default_factory=list)
    update_rows: list[int] = field(default_factory=list)
    unchanged: int = 0
    #: View sectors being computed for the rows (none for a dry run).
    sectors: SectorJob | None = None


def _differs(record: dict[str, Any], stored: dict[str, Any]) -> bool:
    if record["lon"] != stored["lon"] or record["lat"] != stored["lat"]:
        return True
    return any(record.get(name) != stored[name] for name in CAMERA_FIELDS)


def _values(record: dict[str, Any]) -> dict[str, Any]:
    values = {name: record.get(name) for name in CAMERA_FIELDS}
    for name, default in NEW_DEFAULTS.items():
        if values[name] is None:
            values[name] = default
    return values


def _commune(
    i: int, located: npt.NDArray[np.int64], locator: CommuneLocator, given: dict[int, Any]
) -> dict[str, Any]:
    """A row's commune and how it was decided (``given``: row → a commune with an ``id``)."""
    if i in given:
        return {"commune_id": given[i].id, "commune_basis": CommuneBasis.GIVEN.value}
    return {
        "commune_id": locator.versions[located[i]].id,
        "commune_basis": CommuneBasis.DERIVED.value,
    }


def plan_changes(
    recs: list[dict[str, Any] | None],
    bad: set[int],
    existing: dict[str, dict[str, Any]],
    located: npt.NDArray[np.int64],
    locator: CommuneLocator,
    given: dict[int, Any] | None = None,
) -> Plan:
    """Sort valid rows into inserts, updates and unchanged ones.

    A stored camera whose commune (or its basis) would change is updated even
    when the row's fields are unchanged.
    """
    plan = Plan()
    for i, record in enumerate(recs):
        if record is None or i in bad:
            continue
        stored = existing.get(record["code"])
        base = {
            "code": record["code"],
            "lon": record["lon"],
            "lat": record["lat"],
            **_commune(i, located, locator, given or {}),
            **_values(record),
        }
        if stored is None:
            plan.inserts.append(base)
            plan.insert_rows.append(i)
        elif _differs(record, stored) or any(
            base[k] != stored[k] for k in ("commune_id", "commune_basis")
        ):
            base.update(
                id=stored["id"],
                version=stored["version"],
                decommissioned_on=stored["decommissioned_on"],
            )
            plan.updates.append(base)
            plan.update_rows.append(i)
            if base["status"] != stored["status"]:
                plan.status_changes.append((record["code"], base["status"]))
        else:
            plan.unchanged += 1
    return plan


def sector_job(
    recs: list[dict[str, Any] | None],
    existing: dict[str, dict[str, Any]],
    *,
    srid: bool,
    threads: int,
) -> SectorJob:
    """Start computing in the background the view sector of every row that may be written.

    That is every new or changed camera (see :class:`SectorJob`); a row equal to
    its stored camera is left out, so re-running a file computes nothing (its
    sector is computed on demand should only its commune change).
    """
    written = np.array(
        [r is not None and (r["code"] not in existing or _differs(r, existing[r["code"]]))
         for r in recs],
        dtype=np.bool_,
    )  # fmt: skip
    columns = tuple(
        np.array([(r or {}).get(k) for r in recs], dtype=np.float64)
        for k in ("lon", "lat", "direction_deg", "fov_deg", "range_m")
    )
    return SectorJob(columns, srid=srid, threads=threads, background=written)


def add_geometry(
    rows: list[dict[str, Any]], indexes: list[int], sectors: SectorJob, *, srid: bool
) -> None:
    """Set each row's ``geom`` and ``view_geom``: WKB, or EWKB (with SRID) on PostGIS.

    ``indexes`` are the rows' places in the file, by which ``sectors`` knows them.
    """
    if not rows:
        return
    views = sectors.wkb(indexes)
    points = shapely.points([r["lon"] for r in rows], [r["lat"] for r in rows])
    if srid:
        points = shapely.set_srid(points, 4326)
    geoms = shapely.to_wkb(points, include_srid=srid)
    for row, geom, view in zip(rows, geoms, views, strict=True):
        row["geom"], row["view_geom"] = geom, view


def stamp(rows: list[dict[str, Any]], *, source: str, now: datetime, new: bool) -> None:
    """Provenance and bookkeeping columns of rows about to be written."""
    for row in rows:
        row.update(source=source, imported_at=now, updated_at=now)
        if row["status"] != CameraStatus.DECOMMISSIONED.value:
            row["decommissioned_on"] = None
        elif row.get("decommissioned_on") is None:
            row["decommissioned_on"] = now.astimezone(LOCAL_TZ).date()
        if new:
            row.update(created_at=now, version=1)


def first_events(
    rows: list[dict[str, Any]], ids: dict[str, int], *, reason: str, actor: str, now: datetime
) -> list[dict[str, Any]]:
    """The initial status event of each new camera (from its installation date, or now)."""
    events = []
    for row in rows:
        installed = row.get("installed_on")
        since = datetime.combine(installed, time(), LOCAL_TZ).astimezone(UTC) if installed else now
        events.append(
            {
                "camera_id": ids[row["code"]],
                "status": row["status"],
                "effective_at": since,
                "reason": reason,
                "recorded_by": actor,
                "recorded_at": now,
            }
        )
    return events

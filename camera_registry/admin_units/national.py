"""Store the national unit list (no polygons) so every unit of the country is known.

``camreg init`` calls :func:`load_national`: every province, district and
commune before and after 1 July 2025, with codes, names, types, parents,
successions, the package's centre point and published area.  A unit without
a boundary has ``geom`` NULL and ``boundary_quality`` :data:`NO_BOUNDARY`.

The load is an upsert by ``(code, valid_from)``: a row that is already there
(from a boundary import or the demo) keeps its name, geometry, quality and
every non-null figure; only its empty fields (parent, centre, published area,
source) are filled.  Running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.admin_units.national_read import (
    REFORM_DAY,
    NationalList,
    NationalUnit,
    read_national,
)
from camera_registry.errors import InvalidInput
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

#: ``boundary_quality`` of a unit whose boundary has not been loaded (``geom`` NULL).
NO_BOUNDARY = "none"

Progress = Callable[[str, int, int], None]
Key = tuple[str, date]
#: The national list's bounds of a unit: (west, south, east, north).
BBOX = ("bbox_west", "bbox_south", "bbox_east", "bbox_north")
_FILLABLE = ("centre_lon", "centre_lat", "area_published_km2", "source", *BBOX)
_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


@dataclass
class NationalCounts:
    """What :func:`load_national` found in the list and what it wrote."""

    provinces: int = 0  # in force from 1 July 2025
    communes: int = 0
    legacy_provinces: int = 0  # in force until 30 June 2025
    legacy_districts: int = 0
    legacy_communes: int = 0
    successions: int = 0  # links in the list (stored or already there)
    created: int = 0  # unit rows inserted
    updated: int = 0  # existing rows whose empty fields were filled
    unchanged: int = 0  # existing rows left as they were
    successions_created: int = 0
    with_boundary: int = 0  # units of the list whose row has a geometry

    def summary(self) -> str:
        """One line for the operator, Vietnamese first (thousands grouped with dots)."""
        n = _grouped
        return (
            "Danh mục đơn vị hành chính / national unit list: "
            f"{self.provinces} tỉnh, {n(self.communes)} xã (sau 01/07/2025); "
            f"{self.legacy_provinces} tỉnh, {self.legacy_districts} huyện, "
            f"{n(self.legacy_communes)} xã (trước) — ranh giới: {n(self.with_boundary)} đã có / "
            f"boundaries: {n(self.with_boundary)} loaded ({n(self.created)} mới / new)"
        )


def _grouped(value: int) -> str:
    """3321 → "3.321", as Vietnamese writes numbers."""
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class _Existing:
    id: int
    parent_id: int | None
    values: dict[str, Any]
    has_boundary: bool


def _existing(session: Session, level: Level, keys: Sequence[Key]) -> dict[Key, _Existing]:
    """The rows already stored for these ``(code, valid_from)`` keys of one level.

    One query over the level (at most ~10,000 rows) is faster on both engines
    than thousands of bound codes.
    """
    wanted = set(keys)
    cols = [getattr(AdminUnit, name) for name in _FILLABLE]
    stmt = select(
        AdminUnit.code, AdminUnit.valid_from, AdminUnit.id, AdminUnit.parent_id,
        AdminUnit.geom.is_not(None), *cols,
    ).where(AdminUnit.level == level.value)  # fmt: skip
    found: dict[Key, _Existing] = {}
    for code, valid_from, uid, parent_id, has_geom, *values in session.execute(stmt):
        if (code, valid_from) in wanted:
            found[code, valid_from] = _Existing(
                uid, parent_id, dict(zip(_FILLABLE, values, strict=True)), bool(has_geom)
            )
    return found


def _row(unit: NationalUnit, parent_id: int | None, source: str) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "name_folded": fold(unit.name),
        "level": unit.level.value,
        "unit_type": unit.unit_type,
        "parent_id": parent_id,
        "centre_lon": unit.centre_lon,
        "centre_lat": unit.centre_lat,
        "area_published_km2": unit.area_published_km2,
        **dict(zip(BBOX, unit.bounds or (None,) * 4, strict=True)),
        "boundary_quality": NO_BOUNDARY,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "source": source,
    }


def _fill(old: _Existing, new: dict[str, Any]) -> dict[str, Any] | None:
    """An existing row's fields with the empty ones filled, or None when none can be."""
    merged = {k: new[k] if old.values[k] is None else old.values[k] for k in _FILLABLE}
    merged["parent_id"] = new["parent_id"] if old.parent_id is None else old.parent_id
    unchanged = merged["parent_id"] == old.parent_id and all(
        merged[k] == old.values[k] for k in _FILLABLE
    )
    return None if unchanged else {"id": old.id, **merged}


def _store_level(
    session: Session,
    level: Level,
    units: Sequence[NationalUnit],
    ids: dict[Key, int],
    source: str,
) -> tuple[int, int, int, int]:
    """Upsert one level's units and record their ids.

    Returns how many rows were created, updated and left unchanged, and how many
    of the level's rows have a boundary.
    """
    keys = [(u.code, u.valid_from) for u in units]
    existing = _existing(session, level, keys)
    inserts, updates = [], []
    for unit in units:
        # A parent is of its child's era: same valid_from.
        parent_id = ids.get((unit.parent_code, unit.valid_from)) if unit.parent_code else None
        row = _row(unit, parent_id, source)
        old = existing.get((unit.code, unit.valid_from))
        if old is None:
            inserts.append(row)
        elif (change := _fill(old, row)) is not None:
            updates.append(change)
    if inserts:
        session.execute(insert(AdminUnit), inserts)
    if updates:  # ORM bulk UPDATE by primary key: every dict has the same keys
        session.execute(update(AdminUnit), updates)
    stored = _existing(session, level, keys) if inserts else existing
    ids.update({key: row.id for key, row in stored.items()})
    boundary = sum(1 for row in stored.values() if row.has_boundary)
    return len(inserts), len(updates), len(existing) - len(updates), boundary


def _store_links(session: Session, national: NationalList, ids: dict[Key, int]) -> int:
    """Insert the successions not stored yet; returns how many were inserted."""
    legacy = {u.code: u.valid_from for u in national.units if u.legacy}
    pairs: dict[tuple[int, int], str] = {}
    for link in national.links:
        pred = ids[link.predecessor_code, legacy[link.predecessor_code]]
        succ = ids[link.successor_code, REFORM_DAY]
        pairs.setdefault((pred, succ), link.note)
    stored: set[tuple[int, int]] = set()
    preds = sorted({p for p, _ in pairs})
    for start in range(0, len(preds), 500):
        stmt = select(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id).where(
            AdminUnitSuccession.predecessor_id.in_(preds[start : start + 500])
        )
        stored.update((p, s) for p, s in session.execute(stmt))
    rows = [
        {"predecessor_id": p, "successor_id": s, "effective_on": REFORM_DAY, "note": note}
        for (p, s), note in pairs.items()
        if (p, s) not in stored
    ]
    if rows:
        session.execute(insert(AdminUnitSuccession), rows)
    return len(rows)


def _count(units: Iterable[NationalUnit], counts: NationalCounts) -> None:
    """Count the list's units per era and level into ``counts``."""
    for unit in units:
        name = ("legacy_" if unit.legacy else "") + unit.level.value + "s"
        setattr(counts, name, getattr(counts, name) + 1)


def load_national(
    session: Session,
    *,
    provinces: Collection[str] | None = None,
    progress: Progress | None = None,
) -> NationalCounts:
    """Upsert the national unit list (or some new provinces of it); does not commit.

    ``provinces`` restricts the load to these post-2025 province codes and the
    legacy provinces that went into them (an unknown code is
    :class:`~camera_registry.errors.InvalidInput`).  ``progress(label, done, total)`` is
    called after each level and after the successions.
    """
    step = progress or (lambda _label, _done, _total: None)
    national = read_national(provinces=provinces)
    known = {u.code for u in national.units if u.level is Level.PROVINCE and not u.legacy}
    if provinces is not None and (unknown := sorted(set(provinces) - known)):
        reason = f"không có tỉnh mã / no post-2025 province with code {', '.join(unknown)}"
        raise InvalidInput("provinces", reason)
    counts = NationalCounts()
    _count(national.units, counts)
    total = len(national.units) + len(national.links)
    ids: dict[Key, int] = {}
    done = 0
    for level in _LEVELS:
        units = [u for u in national.units if u.level is level]
        created, updated, unchanged, boundary = _store_level(
            session, level, units, ids, national.source
        )
        counts.created += created
        counts.updated += updated
        counts.unchanged += unchanged
        counts.with_boundary += boundary
        done += len(units)
        step(f"{level.value}s", done, total)
    counts.successions = len({(x.predecessor_code, x.successor_code) for x in national.links})
    counts.successions_created = _store_links(session, national, ids)
    step("successions", total, total)
    return counts

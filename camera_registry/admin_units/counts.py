"""Cameras of each administrative unit by how their commune was decided (``commune_basis``).

``GET /admin-units?counts=true`` tells a data steward, unit by unit, how many
cameras were placed in a commune by its boundary (``derived``) and how many
only name a commune that has no boundary yet (``given``): the second number
is what importing that province's boundary file will re-derive.  A unit
counts the cameras whose commune is the unit itself or lies under it.
Decommissioned cameras are not counted.  Never commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.models import Camera
from camera_registry.vocab import CameraStatus, CommuneBasis

#: How many levels a commune may lie below a unit (commune → district → province).
MAX_DEPTH = 4


@dataclass(frozen=True)
class BasisCounts:
    """Cameras of a unit whose commune was derived from a boundary, or given."""

    derived: int = 0
    given: int = 0

    def as_json(self) -> dict[str, int]:
        """``{"cameras_derived": …, "cameras_given": …}`` (properties of a unit feature)."""
        return {"cameras_derived": self.derived, "cameras_given": self.given}


def _per_commune(session: Session) -> dict[int, dict[str, int]]:
    """Cameras in service by commune id and basis (one grouped query)."""
    stmt = (
        select(Camera.commune_id, Camera.commune_basis, func.count())
        .where(
            Camera.commune_id.is_not(None),
            Camera.status != CameraStatus.DECOMMISSIONED.value,
        )
        .group_by(Camera.commune_id, Camera.commune_basis)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for commune_id, basis, n in session.execute(stmt):
        if commune_id is not None:
            found[int(commune_id)][str(basis)] = int(n)
    return found


def _ancestry(session: Session, ids: Iterable[int]) -> dict[int, int | None]:
    """``id → parent id`` of the given units and of all their ancestors."""
    parents: dict[int, int | None] = {}
    todo = set(ids)
    for _ in range(MAX_DEPTH + 1):
        todo -= parents.keys()
        if not todo:
            break
        rows = session.execute(
            select(AdminUnit.id, AdminUnit.parent_id).where(AdminUnit.id.in_(sorted(todo)))
        )
        found = {int(i): (None if p is None else int(p)) for i, p in rows}
        parents |= found
        todo = {p for p in found.values() if p is not None}
    return parents


def camera_counts(session: Session, *, unit_ids: Iterable[int]) -> dict[int, BasisCounts]:
    """For each unit id asked: its cameras (its own and those under it) by commune basis."""
    wanted = set(unit_ids)
    totals: dict[int, dict[str, int]] = {i: {} for i in wanted}
    per_commune = _per_commune(session)
    parents = _ancestry(session, per_commune)
    for commune_id, by_basis in per_commune.items():
        current: int | None = commune_id
        for _ in range(MAX_DEPTH + 1):
            if current is None:
                break
            if current in wanted:
                for basis, n in by_basis.items():
                    totals[current][basis] = totals[current].get(basis, 0) + n
            current = parents.get(current)
    return {
        i: BasisCounts(
            derived=t.get(CommuneBasis.DERIVED.value, 0), given=t.get(CommuneBasis.GIVEN.value, 0)
        )
        for i, t in totals.items()
    }

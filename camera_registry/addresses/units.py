"""An in-memory index of administrative unit names, legacy and post-2025 alike.

Addresses name units by name, with or without their type word, with or without
diacritics, sometimes misspelt, and often by names that stopped existing on
1 July 2025.  The registry's ``admin_unit`` table holds every version, so one
index over all of them (kept per database and rebuilt when the table changes)
answers both kinds of names; ``admin_unit_succession`` links legacy and new.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from camera_registry.addresses import queries
from camera_registry.addresses.queries import UnitRow
from camera_registry.addresses.text import TYPE_WORDS, TypedName, canonical, similarity


@dataclass(frozen=True)
class Unit:
    """A unit version with its canonical names."""

    row: UnitRow
    short: str  # canonical name without the type word: "cam lien"
    type_word: str  # canonical type word: "xa"

    @property
    def is_current(self) -> bool:
        """Whether the unit is still in force (no end date)."""
        return self.row.valid_to is None


@dataclass(frozen=True)
class Scored:
    """A unit and how well a part of an address matched it (0-100)."""

    unit: Unit
    score: float


def _unit(row: UnitRow) -> Unit:
    full = canonical(row.name)
    type_word = canonical(row.unit_type)
    short = full.removeprefix(type_word).strip() if full.startswith(type_word) else full
    return Unit(row=row, short=short, type_word=type_word)


class UnitIndex:
    """Units by id, their parents, successors and predecessors, and name matching."""

    def __init__(self, rows: Iterable[UnitRow], links: Iterable[tuple[int, int]]) -> None:
        self.units = {row.id: _unit(row) for row in rows}
        self.successors: dict[int, list[int]] = defaultdict(list)
        self.predecessors: dict[int, list[int]] = defaultdict(list)
        for old, new in links:
            self.successors[old].append(new)
            self.predecessors[new].append(old)

    def ancestors(self, unit: Unit) -> list[Unit]:
        """Parent, grandparent … of a unit version."""
        chain: list[Unit] = []
        parent = unit.row.parent_id
        while parent is not None and parent in self.units and len(chain) < 4:
            chain.append(self.units[parent])
            parent = self.units[parent].row.parent_id
        return chain

    def label(self, unit: Unit) -> str:
        """``"Xã Cẩm Liên, Huyện Cẩm Thủy, Tỉnh Thanh Hóa"``."""
        return ", ".join(u.row.name for u in [unit, *self.ancestors(unit)])

    def related(self, ids: Iterable[int]) -> set[int]:
        """The ids with their direct successors and predecessors."""
        out = set(ids)
        for unit_id in list(out):
            out.update(self.successors.get(unit_id, ()))
            out.update(self.predecessors.get(unit_id, ()))
        return out

    def by_code(self, code: str, *, legacy: bool) -> Unit | None:
        """The legacy (ended) or current version of a unit code."""
        for unit in self.units.values():
            if unit.row.code == code and (unit.row.valid_to is not None) == legacy:
                return unit
        return None

    def match(
        self, name: TypedName, level: str, *, within: set[int] | None, raw: str = ""
    ) -> list[Scored]:
        """Units of ``level`` whose name matches, best first, optionally under ``within``."""
        if name.type_word and level not in TYPE_WORDS[name.type_word]:
            return []
        marks = unicodedata.normalize("NFC", raw).lower()
        out = []
        for unit in self.units.values():
            if unit.row.level != level:
                continue
            if within is not None and not within.intersection(
                a.row.id for a in self.ancestors(unit)
            ):
                continue
            score = similarity(name.name, unit.short)
            if score <= 0:
                continue
            if name.type_word and name.type_word != unit.type_word:
                score -= 5
            short_marks = unit.row.name.lower().removeprefix(unit.row.unit_type.lower()).strip()
            if short_marks and short_marks in marks:
                score += 0.5  # diacritics agree: a tie-breaker between "Tân" and "Tấn"
            out.append(Scored(unit, score))
        out.sort(key=lambda s: (-s.score, s.unit.row.valid_to is not None, s.unit.row.code))
        return out


_CACHE: dict[str, tuple[tuple[int, int, int], UnitIndex]] = {}
_LOCK = threading.Lock()


def unit_index(session: Session) -> UnitIndex:
    """The index for the session's database, rebuilt when its units change."""
    key = str(session.get_bind().engine.url)
    fingerprint = queries.units_fingerprint(session)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    index = UnitIndex(queries.unit_rows(session), queries.succession_pairs(session))
    with _LOCK:
        _CACHE[key] = (fingerprint, index)
    return index

"""Which of the frame's communes an incident recorded under another commune version belongs to.

An incident's ``commune_id`` is the commune in force when it happened.  A
cumulative report framed in July 2025 units counts incidents of 2022 recorded
under legacy communes; a report on a former district's territory counts
incidents recorded under the merged communes.  The succession links between
unit versions say where each version's territory went:

* a version of the frame's communes counts as itself;
* a version whose territory went wholly into one frame commune (following
  successions forward, or backward for versions newer than the frame) is
  mapped to it by id, in SQL;
* a version whose territory was divided (or came from several frame communes)
  is *ambiguous*: its incidents are placed by their point, among the candidate
  communes only (lowest code first on a shared edge).

Versions not linked to the frame's communes are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from camera_registry.reports import queries
from camera_registry.reports.frame import Frame


@dataclass(frozen=True)
class Attribution:
    """Commune versions mapped to frame communes: by id, or by point among candidates."""

    direct: dict[int, int]
    ambiguous: dict[int, tuple[int, ...]]

    @property
    def direct_ids(self) -> list[int]:
        """Commune versions whose incidents are attributed by id."""
        return sorted(self.direct)

    @property
    def ambiguous_ids(self) -> list[int]:
        """Commune versions whose incidents are placed by their point."""
        return sorted(self.ambiguous)

    @property
    def candidate_ids(self) -> list[int]:
        """Frame communes an ambiguous version's incidents may fall in."""
        return sorted({c for cands in self.ambiguous.values() for c in cands})


def _closure(start: int, edges: dict[int, list[int]], stop: set[int]) -> set[int]:
    """Versions reached from ``start`` along ``edges``, stopping at versions in ``stop``."""
    reached: set[int] = set()
    todo, seen = [start], {start}
    while todo:
        current = todo.pop()
        for nxt in edges.get(current, []):
            if nxt in seen:
                continue
            seen.add(nxt)
            if nxt in stop:
                reached.add(nxt)
            else:
                todo.append(nxt)
    return reached


def _component(
    frame_ids: set[int], fwd: dict[int, list[int]], back: dict[int, list[int]], live: set[int]
) -> set[int]:
    """Commune versions linked to the frame communes, not crossing other live versions."""
    found = set(frame_ids)
    todo = list(frame_ids)
    while todo:
        current = todo.pop()
        for nxt in fwd.get(current, []) + back.get(current, []):
            if nxt not in found and nxt not in live:
                found.add(nxt)
                todo.append(nxt)
    return found - frame_ids


def build(session: Session, *, frame: Frame) -> Attribution:
    """Map every commune version linked to the frame's communes (see the module docstring)."""
    versions = {v.id: v for v in queries.commune_versions(session)}
    fwd: dict[int, list[int]] = defaultdict(list)
    back: dict[int, list[int]] = defaultdict(list)
    for pred, succ in queries.commune_successions(session):
        fwd[pred].append(succ)
        back[succ].append(pred)
    on: date = frame.on
    live = {i for i, v in versions.items() if _live(v.valid_from, v.valid_to, on)}
    frame_ids = set(frame.commune_ids)
    direct = {i: i for i in frame_ids}
    ambiguous: dict[int, tuple[int, ...]] = {}
    for vid in sorted(_component(frame_ids, fwd, back, live)):
        ended = versions[vid].valid_to
        older = ended is not None and ended < on
        reached = _closure(vid, fwd if older else back, live)
        inside = reached & frame_ids
        if not inside:
            continue
        if reached == inside and len(inside) == 1:
            direct[vid] = next(iter(inside))
        else:
            ambiguous[vid] = tuple(sorted(inside))
    return Attribution(direct, ambiguous)


def _live(valid_from: date, valid_to: date | None, on: date) -> bool:
    return valid_from <= on and (valid_to is None or on <= valid_to)

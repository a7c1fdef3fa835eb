"""Incident figures of a report: counted once per commune, type and month bucket, then summed.

The time from the earliest month a report needs (the cumulative start, or 36
months back for the outcome comparison) to the end of the report month is cut
at local month starts into buckets; the database counts each (commune, type,
bucket) once, and every period of the report — the month, the previous month,
the same month last year, the cumulative period, the 12-month trend, the
comparison windows — is a sum of whole buckets.  A district's figures are the
sums of its communes' figures, so they reconcile by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from camera_registry.coverage.params import local_midnight
from camera_registry.reports import queries
from camera_registry.reports.attribution import Attribution
from camera_registry.reports.figures import TYPES, IncidentBlock, TrendPoint, TypeFigures
from camera_registry.reports.frame import Frame
from camera_registry.reports.params import add_months

#: The first month of the outcome comparison, relative to the report month (three 12-month
#: windows: −35 … −24, −23 … −12, −11 … 0).
COMPARISON_START = -35
#: Footage windows: the report month and the same month last year, the two periods whose
#: "footage available" a report shows (not the previous month nor the cumulative period).
MONTH, LAST_YEAR = 0, 1


@dataclass(frozen=True)
class Timeline:
    """Bucket boundaries (local month starts) and where each period of the report falls."""

    month: date
    since: date
    starts: list[date]

    @property
    def boundaries(self) -> list[datetime]:
        """The boundaries as UTC instants."""
        return [local_midnight(d) for d in self.starts]

    def bucket(self, first: date) -> int | None:
        """The bucket that is exactly ``first``'s month, if there is one."""
        if first in self.starts[:-1]:
            index = self.starts.index(first)
            if self.starts[index + 1] == add_months(first, 1):
                return index
        return None

    def between(self, start: date, end: date) -> list[int]:
        """Buckets inside ``[start, end)`` (both are boundaries)."""
        return [
            i for i, s in enumerate(self.starts[:-1]) if start <= s and self.starts[i + 1] <= end
        ]

    @property
    def cumulative(self) -> list[int]:
        """Buckets from ``since`` to the end of the report month."""
        return self.between(self.since, add_months(self.month, 1))

    def windows(self) -> list[int]:
        """The buckets of the footage windows: this month and the same month last year."""
        firsts = [self.month, add_months(self.month, -12)]
        found = [self.bucket(first) for first in firsts]
        return [-1 if index is None else index for index in found]


def timeline(month: date, since: date) -> Timeline:
    """The buckets of a report of ``month`` with its cumulative section from ``since``."""
    edges = {add_months(month, k) for k in (COMPARISON_START, -23, -12)}
    edges |= {add_months(month, k) for k in range(-11, 2)}
    edges.add(since)
    start = min(since, add_months(month, COMPARISON_START))
    return Timeline(month, since, sorted(e for e in edges if e >= start))


@dataclass(frozen=True)
class Tally:
    """The frame's counts: ``cells[commune, type, bucket]`` = (incidents, clarified, seen).

    Seen: incidents with footage available.  ``rows`` maps a commune id to
    its index on the first axis (types follow :data:`TYPES`); ``windows``
    gives the bucket of each footage window (-1: not in the timeline).
    """

    rows: dict[int, int]
    windows: list[int]
    cells: npt.NDArray[np.int64]

    def part(self, communes: Sequence[int], buckets: Sequence[int]) -> npt.NDArray[np.int64]:
        """The cells of some communes and buckets, summed: an array ``[type, measure]``."""
        chosen = self.cells[[self.rows[c] for c in communes]][:, :, list(buckets)]
        total: npt.NDArray[np.int64] = chosen.sum(axis=(0, 2))
        return total


def collect(session: Session, *, frame: Frame, attribution: Attribution, tl: Timeline) -> Tally:
    """Count the frame's incidents (recorded under its communes or placed by point)."""
    rows = {cid: i for i, cid in enumerate(frame.commune_ids)}
    kinds = {kind: i for i, kind in enumerate(TYPES)}
    direct = {version: rows[cid] for version, cid in attribution.direct.items()}
    found = [
        (direct[cid], kinds[kind], b, n, k, f)
        for cid, kind, b, n, k, f in queries.tally_counts(
            session, commune_ids=attribution.direct_ids, starts=tl.starts
        )
    ]
    by_code = {c.code: rows[c.id] for c in frame.communes}
    found += [
        (by_code[code], kinds[kind], b, n, k, f)
        for code, kind, b, n, k, f in queries.placed_incident_counts(
            session,
            commune_ids=attribution.ambiguous_ids,
            candidate_ids=attribution.candidate_ids,
            boundaries=tl.boundaries,
        )
    ]
    cells = np.zeros((len(rows), len(TYPES), len(tl.starts) - 1, 3), dtype=np.int64)
    if found:
        at = np.array(found, dtype=np.int64)
        np.add.at(cells, (at[:, 0], at[:, 1], at[:, 2]), at[:, 3:])
    return Tally(rows, tl.windows(), cells)


def block(
    tally: Tally, communes: Sequence[int], buckets: Iterable[int], window: int | None
) -> IncidentBlock:
    """The incidents of some communes over some buckets, by type.

    ``window`` selects the footage-available counts (``None``: not computed).
    """
    part = tally.part(communes, list(buckets))
    seen: list[int | None] = [None] * len(TYPES)
    if window is not None:
        b = tally.windows[window]
        seen = [0] * len(TYPES) if b < 0 else [int(v) for v in tally.part(communes, [b])[:, 2]]
    return IncidentBlock(
        {
            kind: TypeFigures(int(part[i, 0]), seen[i], int(part[i, 1]))
            for i, kind in enumerate(TYPES)
        }
    )


def month_block(
    tally: Tally, communes: Sequence[int], tl: Timeline, first: date, window: int | None
) -> IncidentBlock:
    """The block of one whole month (empty when the month is before the timeline)."""
    index = tl.bucket(first)
    return block(tally, communes, [] if index is None else [index], window)


def trend(tally: Tally, communes: Sequence[int], tl: Timeline) -> list[TrendPoint]:
    """Incidents and incidents clarified with footage in each of the last 12 months."""
    points = []
    for back in range(11, -1, -1):
        first = add_months(tl.month, -back)
        index = tl.bucket(first)
        n, k, _ = tally.part(communes, [] if index is None else [index]).sum(axis=0)
        points.append(TrendPoint(first, int(n), int(k)))
    return points


def per_commune(tally: Tally, buckets: Iterable[int]) -> dict[int, int]:
    """All incidents of each commune over some buckets (every type)."""
    totals = tally.cells[:, :, list(buckets), 0].sum(axis=(1, 2))
    return {cid: int(totals[i]) for cid, i in tally.rows.items()}

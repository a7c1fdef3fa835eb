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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from camera_registry.coverage.params import local_midnight
from camera_registry.reports import queries
from camera_registry.reports.attribution import Attribution
from camera_registry.reports.frame import Frame
from camera_registry.reports.model import TYPES, IncidentBlock, TrendPoint, TypeFigures
from camera_registry.reports.params import add_months

#: The first month of the outcome comparison, relative to the report month (three 12-month
#: windows: −35 … −24, −23 … −12, −11 … 0).
COMPARISON_START = -35
#: Footage windows: the report month and the same month last year.  "Footage available"
#: needs a point-in-view test per incident, the costliest figure of a report, so it is
#: computed for these two months only (not for the previous month nor the cumulative period).
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

    def windows(self) -> list[tuple[datetime, datetime]]:
        """The footage windows: this month and the same month last year."""
        firsts = [self.month, add_months(self.month, -12)]
        return [(local_midnight(f), local_midnight(add_months(f, 1))) for f in firsts]


def timeline(month: date, since: date) -> Timeline:
    """The buckets of a report of ``month`` with its cumulative section from ``since``."""
    edges = {add_months(month, k) for k in (COMPARISON_START, -23, -12)}
    edges |= {add_months(month, k) for k in range(-11, 2)}
    edges.add(since)
    start = min(since, add_months(month, COMPARISON_START))
    return Timeline(month, since, sorted(e for e in edges if e >= start))


@dataclass
class Tally:
    """Counts per (commune id, type, bucket) and footage available per (commune, type, window)."""

    counts: dict[tuple[int, str, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    footage: dict[tuple[int, str, int], int] = field(default_factory=lambda: defaultdict(int))

    def add_count(self, commune: int, kind: str, bucket: int, n: int, clarified: int) -> None:
        """Add incidents (and clarified ones) of a commune, type and bucket."""
        cell = self.counts[(commune, kind, bucket)]
        cell[0] += n
        cell[1] += clarified


def collect(session: Session, *, frame: Frame, attribution: Attribution, tl: Timeline) -> Tally:
    """Count the frame's incidents (recorded under its communes or placed by point)."""
    tally = Tally()
    by_code = {c.code: c.id for c in frame.communes}
    bounds, windows = tl.boundaries, tl.windows()
    for cid, kind, bucket, n, k in queries.tally_counts(
        session, commune_ids=attribution.direct_ids, starts=tl.starts
    ):
        tally.add_count(attribution.direct[cid], kind, bucket, n, k)
    for code, kind, bucket, n, k in queries.placed_incident_counts(
        session,
        commune_ids=attribution.ambiguous_ids,
        candidate_ids=attribution.candidate_ids,
        boundaries=bounds,
    ):
        tally.add_count(by_code[code], kind, bucket, n, k)
    for cid, kind, window, n in queries.footage_available(
        session, commune_ids=attribution.direct_ids, windows=windows
    ):
        tally.footage[(attribution.direct[cid], kind, window)] += n
    for code, kind, window, n in queries.placed_footage_available(
        session,
        commune_ids=attribution.ambiguous_ids,
        candidate_ids=attribution.candidate_ids,
        windows=windows,
    ):
        tally.footage[(by_code[code], kind, window)] += n
    return tally


def block(
    tally: Tally, communes: Sequence[int], buckets: Iterable[int], window: int | None
) -> IncidentBlock:
    """The incidents of some communes over some buckets, by type.

    ``window`` selects the footage-available counts (``None``: not computed).
    """
    chosen = list(buckets)
    by_type: dict[str, TypeFigures] = {}
    for kind in TYPES:
        n = k = 0
        for commune in communes:
            for b in chosen:
                cell = tally.counts.get((commune, kind, b))
                if cell:
                    n, k = n + cell[0], k + cell[1]
        seen = None
        if window is not None:
            seen = sum(tally.footage.get((c, kind, window), 0) for c in communes)
        by_type[kind] = TypeFigures(n, seen, k)
    return IncidentBlock(by_type)


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
        figures = month_block(tally, communes, tl, first, MONTH)
        points.append(TrendPoint(first, figures.incidents, figures.clarified))
    return points


def per_commune(tally: Tally, buckets: Iterable[int]) -> dict[int, int]:
    """All incidents of each commune over some buckets (every type)."""
    chosen = set(buckets)
    totals: dict[int, int] = defaultdict(int)
    for (commune, _kind, b), (n, _k) in tally.counts.items():
        if b in chosen:
            totals[commune] += n
    return totals

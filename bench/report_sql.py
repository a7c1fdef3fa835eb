"""The hand-written comparison: the report's counts as plain SQL GROUP BYs over the raw tables.

What an analyst would write without camreg: incidents of the unit's communes
since the cumulative start, grouped by commune and type, with FILTER clauses
for the report month, the previous month, the same month last year, the two
comparison windows, "clarified with footage" (status + a useful clip) and
"footage available" (a camera active at that moment whose view contains the
point); the 12-month trend grouped by month; cameras in service and active at
month end per commune.  No monthly tally: that is camreg's own structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from camera_registry.coverage.params import local_midnight
from camera_registry.reports.params import add_months

STATUS_THEN = (
    "(SELECT e.status FROM camera_status_event e WHERE e.camera_id = c.id "
    "AND e.effective_at <= {t} ORDER BY e.effective_at DESC, e.id DESC LIMIT 1)"
)
COUNTS = f"""
WITH useful AS (
    SELECT DISTINCT incident_id FROM footage_evidence
    WHERE usefulness IN ('decisive', 'supporting'))
SELECT i.commune_id, i.type,
    count(*) FILTER (WHERE i.occurred_at >= %(since)s) AS cumulative,
    count(*) FILTER (WHERE i.occurred_at >= %(since)s AND i.status IN ('clarified', 'closed')
                     AND u.incident_id IS NOT NULL) AS cumulative_clarified,
    count(*) FILTER (WHERE i.occurred_at >= %(m0)s) AS month,
    count(*) FILTER (WHERE i.occurred_at >= %(m0)s AND i.status IN ('clarified', 'closed')
                     AND u.incident_id IS NOT NULL) AS month_clarified,
    count(*) FILTER (WHERE i.occurred_at >= %(p0)s AND i.occurred_at < %(m0)s) AS previous,
    count(*) FILTER (WHERE i.occurred_at >= %(y0)s AND i.occurred_at < %(y1)s) AS last_year,
    count(*) FILTER (WHERE i.occurred_at >= %(b0)s AND i.occurred_at < %(b1)s) AS before,
    count(*) FILTER (WHERE i.occurred_at >= %(a0)s) AS after,
    count(*) FILTER (WHERE (i.occurred_at >= %(m0)s
                            OR (i.occurred_at >= %(y0)s AND i.occurred_at < %(y1)s))
                     AND EXISTS (SELECT 1 FROM camera c
                                 WHERE c.view_geom && i.geom AND ST_Intersects(c.view_geom, i.geom)
                                 AND {STATUS_THEN.format(t="i.occurred_at")} = 'active'))
        AS footage
FROM incident i LEFT JOIN useful u ON u.incident_id = i.id
WHERE i.commune_id = ANY(%(communes)s) AND i.occurred_at >= %(start)s AND i.occurred_at < %(m1)s
GROUP BY 1, 2
"""
TREND = """
SELECT date_trunc('month', i.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS m, count(*),
    count(*) FILTER (WHERE i.status IN ('clarified', 'closed') AND EXISTS (
        SELECT 1 FROM footage_evidence f WHERE f.incident_id = i.id
        AND f.usefulness IN ('decisive', 'supporting')))
FROM incident i
WHERE i.commune_id = ANY(%(communes)s) AND i.occurred_at >= %(a0)s AND i.occurred_at < %(m1)s
GROUP BY 1 ORDER BY 1
"""
CAMERAS = f"""
SELECT u.id, count(*) FILTER (WHERE s.st IS NOT NULL AND s.st <> 'decommissioned'),
    count(*) FILTER (WHERE s.st = 'active')
FROM camera c
JOIN admin_unit u ON u.id = ANY(%(communes)s) AND ST_Intersects(u.geom, c.geom)
CROSS JOIN LATERAL (SELECT {STATUS_THEN.format(t="%(end)s")} AS st) s
GROUP BY 1
"""


@dataclass(frozen=True)
class Bounds:
    """The instants the hand-written SQL needs."""

    params: dict[str, Any]


def bounds(month: date, since: date, communes: list[int]) -> Bounds:
    """Parameters of a report of ``month`` with its cumulative part from ``since``."""
    first = add_months(month, -35)
    return Bounds(
        {
            "communes": communes,
            "start": local_midnight(min(since, first)),
            "since": local_midnight(since),
            "m0": local_midnight(month),
            "m1": local_midnight(add_months(month, 1)),
            "p0": local_midnight(add_months(month, -1)),
            "y0": local_midnight(add_months(month, -12)),
            "y1": local_midnight(add_months(month, -11)),
            "b0": local_midnight(first),
            "b1": local_midnight(add_months(month, -23)),
            "a0": local_midnight(add_months(month, -11)),
            "end": local_midnight(add_months(month, 1)),
        }
    )


def run(conn: Any, b: Bounds) -> dict[str, Any]:
    """Run the three statements; return their totals over the unit."""
    rows = conn.execute(COUNTS, b.params).fetchall()
    trend = conn.execute(TREND, b.params).fetchall()
    cams = conn.execute(CAMERAS, b.params).fetchall()
    totals = {
        name: sum(r[i] for r in rows)
        for i, name in enumerate(
            ["cumulative", "cumulative_clarified", "month", "month_clarified", "previous",
             "last_year", "before", "after", "footage"], start=2
        )
    }  # fmt: skip
    totals["trend"] = [int(n) for _m, n, _k in trend]
    totals["in_service"] = sum(r[1] for r in cams)
    totals["active"] = sum(r[2] for r in cams)
    return totals

"""The outcome comparison: communes that gained cameras against communes that did not.

Three consecutive 12-month windows end with the report month: *before*
(months −35 … −24), *gain* (−23 … −12) and *after* (−11 … 0).  A commune
"gained cameras" when at least one camera now lying in it was installed during
the gain window; the comparison group is the communes in which no camera was
installed in any of the three windows; communes with installations only
before or after the gain window belong to neither group.  Incidents of every
type are counted.  The RES is shown only when each of a, b, c, d reaches
:data:`~camera_registry.reports.stats.MIN_COUNT`; it is an observational
comparison (communes were not chosen at random), which every format says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from camera_registry.reports.cameras import PlacedCamera
from camera_registry.reports.figures import Comparison, UnitRef
from camera_registry.reports.frame import Frame
from camera_registry.reports.incidents import Tally, Timeline, per_commune
from camera_registry.reports.params import add_months
from camera_registry.reports.stats import MIN_COUNT, large_enough, relative_effect_size


def _window(month: date, first: int, last: int) -> tuple[date, date]:
    """Months ``first`` … ``last`` relative to ``month``, as (first day, last day)."""
    return add_months(month, first), add_months(month, last + 1) - timedelta(days=1)


def _installs(cameras: Sequence[PlacedCamera], start: date, end: date) -> set[int]:
    """Communes with a camera installed on a day in ``[start, end]``."""
    return {
        c.commune_id
        for c in cameras
        if c.row.installed_on is not None and start <= c.row.installed_on <= end
    }


def compare(
    frame: Frame, tl: Timeline, tally: Tally, cameras: Sequence[PlacedCamera]
) -> Comparison:
    """The comparison for the frame's communes (see the module docstring)."""
    month = tl.month
    before, gain, after = _window(month, -35, -24), _window(month, -23, -12), _window(month, -11, 0)
    gained = _installs(cameras, *gain)
    touched = _installs(cameras, before[0], after[1])
    refs = {c.id: UnitRef(c.code, c.name) for c in frame.communes}
    treated = [i for i in frame.commune_ids if i in gained]
    control = [i for i in frame.commune_ids if i not in touched]
    excluded = [i for i in frame.commune_ids if i not in gained and i in touched]
    pre = per_commune(tally, tl.between(before[0], gain[0]))
    post = per_commune(tally, tl.between(after[0], add_months(month, 1)))
    a, b = sum(pre.get(i, 0) for i in treated), sum(post.get(i, 0) for i in treated)
    c, d = sum(pre.get(i, 0) for i in control), sum(post.get(i, 0) for i in control)
    effect = relative_effect_size(a, b, c, d) if large_enough(a, b, c, d) else None
    return Comparison(
        before=before,
        gain=gain,
        after=after,
        treated=[refs[i] for i in treated],
        control=[refs[i] for i in control],
        excluded=[refs[i] for i in excluded],
        a=a,
        b=b,
        c=c,
        d=d,
        min_count=MIN_COUNT,
        res=effect.res if effect else None,
        ci_low=effect.ci_low if effect else None,
        ci_high=effect.ci_high if effect else None,
    )

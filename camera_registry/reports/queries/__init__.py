"""Every query of the reports domain: aggregates only; never commits.

Split by what is read: unit versions (:mod:`.units`), the monthly tally and
its time buckets (:mod:`.tally`), incident rows (:mod:`.incidents`) and
cameras (:mod:`.cameras`); :mod:`.rebuild` recounts the trigger-kept summaries.
"""

from camera_registry.reports.queries.cameras import (
    CameraRow,
    camera_rows,
    contributions,
    status_changes,
)
from camera_registry.reports.queries.incidents import placed_incident_counts
from camera_registry.reports.queries.rebuild import rebuild_tally
from camera_registry.reports.queries.tally import (
    CountRow,
    bucket,
    local_month,
    tally_counts,
    tally_rows,
)
from camera_registry.reports.queries.units import (
    VersionRow,
    commune_successions,
    commune_versions,
    predecessors_of,
    successors_of,
)

__all__ = [
    "CameraRow",
    "CountRow",
    "VersionRow",
    "bucket",
    "camera_rows",
    "commune_successions",
    "commune_versions",
    "contributions",
    "local_month",
    "placed_incident_counts",
    "predecessors_of",
    "rebuild_tally",
    "status_changes",
    "successors_of",
    "tally_counts",
    "tally_rows",
]

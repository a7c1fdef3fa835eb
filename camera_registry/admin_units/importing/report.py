"""The report of a boundary import: the camera import's row report, plus what boundaries change.

Beside the counts and row issues of :class:`ImportReport` it lists each unit's
computed and published area, the topology findings of the imported units
(overlaps, gaps, units outside their parent, area differences), and every
registered camera whose commune the new boundaries change.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from camera_registry.imports.report import ImportReport

#: Computed and published areas further apart than this (in %) are reported.
AREA_TOLERANCE_PCT = 5.0


@dataclass
class UnitImportReport(ImportReport):
    """An import report with areas, topology findings and camera moves."""

    areas: list[dict[str, Any]] = field(default_factory=list)
    topology: list[dict[str, Any]] = field(default_factory=list)
    camera_moves: list[dict[str, Any]] = field(default_factory=list)
    successions: int = 0

    def summary(self) -> str:
        """One line for humans, with the boundary-specific counts."""
        extra = (
            f"; {len(self.topology)} topology finding(s), "
            f"{len(self.camera_moves)} camera(s) change commune"
        )
        return super().summary() + extra

    def to_csv(self) -> bytes:
        """The issues, then the topology findings and camera moves, as CSV (UTF-8 with BOM)."""
        out = io.StringIO()
        writer = csv.writer(out)
        if self.topology:
            writer.writerow([])
            writer.writerow(["Kiểm tra topo (topology)", "Mã (code)", "Mã khác (other)",
                             "Số đo (measure)", "Mô tả (message)"])  # fmt: skip
            for f in self.topology:
                writer.writerow([f["kind"], f["code"], f.get("other_code") or "",
                                 f.get("measure"), f["message"]])  # fmt: skip
        if self.camera_moves:
            writer.writerow([])
            writer.writerow(["Camera", "Xã cũ (old commune)", "Xã mới (new commune)"])
            for m in self.camera_moves:
                writer.writerow([m["camera_code"], m["old_commune"] or "", m["new_commune"] or ""])
        return super().to_csv() + out.getvalue().encode("utf-8")


def area_entry(code: str, computed_km2: float, published_km2: float | None) -> dict[str, Any]:
    """One line of ``areas``: computed and published km² and their difference in %."""
    diff = None
    if published_km2:
        diff = round((computed_km2 - published_km2) / published_km2 * 100.0, 3)
    return {
        "code": code,
        "computed_km2": round(computed_km2, 6),
        "published_km2": published_km2,
        "diff_pct": diff,
    }

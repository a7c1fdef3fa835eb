"""Hot spots and recommended camera sites as GeoJSON (RFC 7946, EPSG:4326).

Hot spots are cells of the incidents grid (:mod:`.cells`); recommended sites
drawn from incidents go to callers who may not see incident points as the
planner-grid cell of that grid holding them (:func:`plan_json`), the cell
``GET /incidents`` shows.
"""

from __future__ import annotations

from typing import Any

from camera_registry.coverage.cells import cell_id, cell_polygon
from camera_registry.coverage.planning import INCIDENT_SOURCE, PlanReport, Recommendation
from camera_registry.coverage.presenters import (
    geometry_json,
    incident_label,
    period_json,
    rounded,
    unit_at_json,
)
from camera_registry.coverage.service import HotspotReport
from camera_registry.geoconv import feature_collection
from camera_registry.incidents.grid import cell_of
from geo.placement import GREEDY_GUARANTEE, Site

#: The grid of hot-spot cells and of coarsened recommended sites (that of GET /incidents).
GRID = (
    "global WGS84 grid of the incidents listing: rows cell_m / 111320 degrees of latitude tall, "
    "columns cell_m / (111320 cos(row-centre latitude)) degrees wide; id cell:{cell_m}:{col}:{row}"
)


def hotspots_json(report: HotspotReport) -> dict[str, Any]:
    """The body of ``GET /coverage/hotspots/{code}``: ranked grid cells."""
    features = [
        {
            "type": "Feature",
            "id": h.cell.cell_id,
            "geometry": geometry_json(h.cell.polygon),
            "properties": {
                "rank": h.rank,
                "cell": h.cell.cell_id,
                "incidents_uncovered": h.cell.count,
                "weight": rounded(h.cell.weight, 3),
                "by_type": [
                    {"type": t, "label": incident_label(t), "count": n}
                    for t, n in sorted(h.by_type.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            },
        }
        for h in report.cells
    ]
    return feature_collection(
        features,
        numberMatched=report.cells_total,
        numberReturned=len(features),
        unit=unit_at_json(report.at),
        period=period_json(report.period),
        cell_m=report.cell_m,
        grid=GRID,
        incidents_total=report.incidents_total,
        incidents_uncovered=report.uncovered,
        weight_uncovered=rounded(report.uncovered_weight, 3),
    )


def _site_geometry(s: Site, cell_m: float | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The site's Point, or — for an incident-derived site shown coarse — its grid cell."""
    if cell_m is None or s.source != INCIDENT_SOURCE:
        point = {"type": "Point", "coordinates": [round(s.lon, 7), round(s.lat, 7)]}
        return point, {"position": "exact"}
    cell = cell_of(s.lon, s.lat, cell_m)
    position = {"position": "cell", "cell": cell_id(cell, cell_m), "cell_m": cell_m}
    return geometry_json(cell_polygon(cell, cell_m)), position


def _pick_feature(p: Recommendation, cell_m: float | None) -> dict[str, Any]:
    s = p.site
    geometry, position = _site_geometry(s, cell_m)
    return {
        "type": "Feature",
        "id": f"pick-{p.rank}",
        "geometry": geometry,
        "properties": {
            "rank": p.rank,
            **position,
            "direction_deg": s.direction_deg,
            "fov_deg": s.fov_deg,
            "range_m": s.range_m,
            "source": s.source,
            "marginal_gain": rounded(p.gain, 3),
            "running_total": rounded(p.total, 3),
            "incidents_newly_covered": p.incidents,
            "incident_weight_newly_covered": rounded(p.incident_weight, 3),
            "road_m_newly_covered": rounded(p.road_m, 1),
        },
    }


def plan_json(report: PlanReport, site_cell_m: float | None = None) -> dict[str, Any]:
    """The body of ``GET /coverage/recommend/{code}``: the picks, ranked.

    A pick is a Point, except that with ``site_cell_m`` a site drawn from incidents
    is the Polygon of the incidents-grid cell of that size holding it (``"position":
    "cell"``), with no finer coordinate anywhere: the cell the incidents listing and
    the hot spots show a planner.  Direction, gains and counts are the same either way.
    """
    o = report.options
    features = [_pick_feature(p, site_cell_m) for p in report.picks]
    return feature_collection(
        features,
        numberMatched=len(features),
        numberReturned=len(features),
        unit=unit_at_json(report.at),
        period=period_json(report.period),
        k=o.k,
        camera={"fov_deg": o.fov_deg, "range_m": o.range_m, "directions": o.directions},
        road_weight_per_km=o.road_weight,
        uncovered_incidents=report.uncovered_incidents,
        uncovered_weight=rounded(report.uncovered_weight, 3),
        uncovered_road_km=rounded(report.uncovered_road_km, 3),
        objective_max=rounded(report.objective_max, 3),
        candidate_points=report.candidate_points,
        candidate_sites=report.candidate_sites,
        site_cell_m=site_cell_m,
        grid=GRID,
        method="lazy greedy maximum coverage",
        guarantee=f"≥ {GREEDY_GUARANTEE:.1%} (1 − 1/e) of the best possible choice of k sites",
    )

"""Coverage answers as JSON and GeoJSON (RFC 7946, EPSG:4326, longitude first).

Numbers stay numbers (areas in km², shares as fractions 0–1, lengths in km);
labels are Vietnamese first with English after a slash.  This module holds a
unit's figures, its children and its gaps, and the parts every answer shares;
hot spots and recommended sites are in :mod:`.plan_presenters`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from camera_registry.coverage.boundaries import Territory
from camera_registry.coverage.params import Period, UnitAt
from camera_registry.coverage.service import (
    ChildrenReport,
    GapReport,
    Tally,
    UnitBrief,
    UnitReport,
)
from camera_registry.coverage.snapshot import Figures
from camera_registry.geoconv import feature_collection
from camera_registry.vocab import IncidentType, Level, label

AREA_METHOD = "Lambert azimuthal equal-area (WGS84) centred on the unit"
#: What ``cameras_by_given_commune`` counts.
GIVEN_NOTE = (
    "Camera tính theo xã được khai báo (xã chưa có ranh giới), không theo vị trí / cameras "
    "counted in the commune they name (no boundary loaded), not by their position"
)


def rounded(value: float | None, digits: int = 6) -> float | None:
    """A figure rounded for JSON (``None`` stays ``None``)."""
    return None if value is None else round(value, digits)


def level_label(level: str) -> str:
    """``"Xã/Phường/Thị trấn / Commune"`` for a level value."""
    return f"{label(Level(level))} / {label(Level(level), 'en')}"


def incident_label(kind: str) -> str:
    """Vietnamese / English label of an incident type."""
    return f"{label(IncidentType(kind))} / {label(IncidentType(kind), 'en')}"


def geometry_json(geometry: BaseGeometry, precision: int = 7) -> dict[str, Any]:
    """A shapely geometry as an RFC 7946 geometry (counter-clockwise exteriors)."""
    oriented = shapely.orient_polygons(geometry, exterior_cw=False)
    rounded = shapely.transform(oriented, lambda xy: np.round(xy, precision))
    return dict(mapping(rounded))


def brief_json(brief: UnitBrief) -> dict[str, Any]:
    """A unit's code, name and level."""
    return {
        "code": brief.code,
        "name": brief.name,
        "level": brief.level,
        "level_label": level_label(brief.level),
        "unit_type": brief.unit_type,
    }


def territory_json(land: Territory) -> dict[str, Any]:
    """How many communes have a boundary, and which area the figures are measured over."""
    return {
        "boundaries": land.boundaries.as_json(),
        "area_basis": land.basis,
        "area_note": land.note,
    }


def unit_at_json(at: UnitAt) -> dict[str, Any]:
    """The unit version answered about, whether it was in force, and its boundaries loaded."""
    unit = at.unit
    return {
        **brief_json(UnitBrief.of(unit)),
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "population": unit.population,
        "on": at.on.isoformat(),
        "in_force_on_date": at.in_force,
        "note": at.note,
        "has_boundary": at.unit.geom is not None,
        **territory_json(at.territory),
    }


def period_json(period: Period) -> dict[str, str]:
    """A period as ISO dates (both days included)."""
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def figures_json(f: Figures) -> dict[str, Any]:
    """An area's figures."""
    roads = None
    if f.roads_km is not None:
        roads = {
            "length_km": rounded(f.roads_km, 3),
            "in_view_km": rounded(f.roads_in_view_km, 3),
            "in_view_share": rounded(f.roads_in_view_share),
        }
    return {
        "area_km2": rounded(f.area_km2),
        "population": f.population,
        "cameras": {
            "registered": sum(f.cameras_by_status.values()),
            "total": f.cameras_total,
            "active": f.cameras_active,
            "by_status": f.cameras_by_status,
            "per_km2": rounded(f.per_km2(f.cameras_total)),
            "active_per_km2": rounded(f.per_km2(f.cameras_active)),
            "per_1000_residents": rounded(f.per_1000(f.cameras_total)),
            "active_per_1000_residents": rounded(f.per_1000(f.cameras_active)),
        },
        "coverage": {
            "covered_km2": rounded(f.covered_km2),
            "covered_share": rounded(f.covered_share),
            "area_method": AREA_METHOD,
        },
        "incidents": {
            "total": f.incidents_total,
            "in_working_view": f.incidents_in_view,
            "in_working_view_share": rounded(f.incidents_in_view_share),
            "weighted_total": rounded(f.incident_weight_total, 3),
            "weighted_in_working_view": rounded(f.incident_weight_in_view, 3),
        },
        "roads": roads,
    }


def tally_json(tally: Tally | None) -> dict[str, Any] | None:
    """ "17/17": units with an active camera, of how many, and which have none."""
    if tally is None:
        return None
    return {
        "with_active_camera": tally.with_active_camera,
        "total": tally.total,
        "ratio": tally.label,
        "with_boundary": tally.with_boundary,
        "without_camera": [brief_json(b) for b in tally.without],
    }


def unit_report_json(report: UnitReport) -> dict[str, Any]:
    """The body of ``GET /coverage/units/{code}``."""
    return {
        "unit": unit_at_json(report.at),
        "period": period_json(report.period),
        **figures_json(report.figures),
        "boundaries": report.at.territory.boundaries.as_json(),
        "cameras_by_given_commune": {
            "total": report.given.total,
            "active": report.given.active,
            "note": GIVEN_NOTE,
        },
        "children": tally_json(report.children),
        "communes": tally_json(report.communes),
    }


def children_json(report: ChildrenReport) -> dict[str, Any]:
    """The body of ``GET /coverage/units/{code}/children``."""
    rows = [
        {**brief_json(b), **figures_json(f), **territory_json(land)} for b, f, land in report.rows
    ]
    return {
        "unit": unit_at_json(report.at),
        "period": period_json(report.period),
        "boundaries": report.at.territory.boundaries.as_json(),
        "children": rows,
        "numberReturned": len(rows),
    }


def gaps_json(report: GapReport) -> dict[str, Any]:
    """The body of ``GET /coverage/gaps/{code}``: one gap Feature."""
    share_covered = report.covered_share
    props = {
        "kind": "gap",
        "label": "Vùng ngoài tầm camera / Area outside every active view",
        "unit": unit_at_json(report.at),
        "unit_km2": rounded(report.unit_km2),
        "covered_km2": rounded(report.covered_km2),
        "covered_share": rounded(share_covered),
        "gap_km2": rounded(report.gap_km2),
        "gap_share": rounded(None if share_covered is None else 1.0 - share_covered),
        "cameras_active": report.cameras_active,
        "boundaries": report.at.territory.boundaries.as_json(),
        "area_basis": report.at.territory.basis,
        "area_note": report.at.territory.note,
        "simplified_tolerance_m": report.tolerance_m,
        "area_method": AREA_METHOD,
    }
    feature = {
        "type": "Feature",
        "id": f"gap-{report.at.unit.code}",
        "geometry": geometry_json(report.gap),
        "properties": props,
    }
    return feature_collection([feature], numberMatched=1, numberReturned=1)

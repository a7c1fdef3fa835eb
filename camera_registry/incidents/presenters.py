"""Incidents as GeoJSON and counts, shaped for the caller's role.

Callers allowed the details get one Feature per incident (exact point,
address, description).  Everyone else gets grid cells: the centre of a cell
of ``grid_m`` metres and the number of incidents in it, by type — never a
description, an address, a case code or a point finer than the grid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from camera_registry.geoconv import feature_collection
from camera_registry.incidents.grid import cell_centre, cell_of
from camera_registry.incidents.queries import IncidentRow, StatsRow
from camera_registry.timeparse import local_iso, local_text
from camera_registry.vocab import IncidentStatus, IncidentType, label


def type_labels(value: str) -> dict[str, str]:
    """Vietnamese and English labels of an incident type."""
    member = IncidentType(value)
    return {"type_label": label(member), "type_label_en": label(member, "en")}


def incident_properties(row: IncidentRow) -> dict[str, Any]:
    """Every property of an incident, for callers allowed its details."""
    inc = row.incident
    status = IncidentStatus(inc.status)
    return {
        "kind": "incident",
        "case_code": inc.case_code,
        "type": inc.type,
        **type_labels(inc.type),
        "occurred_at": local_iso(inc.occurred_at),
        "occurred_at_local": local_text(inc.occurred_at),
        "occurred_until": local_iso(inc.occurred_until),
        "occurred_until_local": local_text(inc.occurred_until),
        "address": inc.address,
        "commune_code": row.commune_code,
        "commune_name": row.commune_name,
        "status": inc.status,
        "status_label": label(status),
        "status_label_en": label(status, "en"),
        "clarified_with_footage": row.with_footage,
        "description": inc.description,
    }


def incident_feature(row: IncidentRow) -> dict[str, Any]:
    """An incident as an RFC 7946 Feature (exact point)."""
    return {
        "type": "Feature",
        "id": row.incident.case_code,
        "geometry": {"type": "Point", "coordinates": [round(row.lon, 7), round(row.lat, 7)]},
        "properties": incident_properties(row),
    }


def cell_features(
    points: Iterable[tuple[float, float, str, bool]], grid_m: float
) -> list[dict[str, Any]]:
    """Incidents aggregated into grid cells, as Features at the cells' centres."""
    by_type: dict[tuple[int, int], Counter[str]] = {}
    footage: Counter[tuple[int, int]] = Counter()
    for lon, lat, itype, tagged in points:
        cell = cell_of(lon, lat, grid_m)
        by_type.setdefault(cell, Counter())[itype] += 1
        footage[cell] += int(tagged)
    features = []
    for (col, row), counts in sorted(by_type.items()):
        lon, lat = cell_centre(col, row, grid_m)
        features.append(
            {
                "type": "Feature",
                "id": f"cell:{grid_m:g}:{col}:{row}",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "kind": "cell",
                    "grid_m": grid_m,
                    "count": sum(counts.values()),
                    "clarified_with_footage": footage[(col, row)],
                    "by_type": dict(sorted(counts.items())),
                },
            }
        )
    return features


def collection(
    features: list[dict[str, Any]], counts: dict[str, int], grid_m: float | None
) -> dict[str, Any]:
    """The FeatureCollection of a listing, with the counts of everything matched."""
    members: dict[str, Any] = {
        "numberMatched": sum(counts.values()),
        "numberReturned": len(features),
        "countsByType": dict(sorted(counts.items())),
    }
    if grid_m is not None:
        members["gridMetres"] = grid_m
    return feature_collection(features, **members)


def stats_body(rows: list[StatsRow]) -> dict[str, Any]:
    """Counts by type and by commune (with each commune's counts by type)."""
    types: dict[str, list[int]] = {}
    # GSO codes are reused across the 2025 reorganisation: a commune is its code and name
    communes: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for r in rows:
        t = types.setdefault(r.type, [0, 0])
        t[0] += r.count
        t[1] += r.with_footage
        c = communes.setdefault(
            (r.commune_code, r.commune_name),
            {
                "commune_code": r.commune_code,
                "commune_name": r.commune_name,
                "count": 0,
                "clarified_with_footage": 0,
                "by_type": {},
            },
        )
        c["count"] += r.count
        c["clarified_with_footage"] += r.with_footage
        c["by_type"][r.type] = c["by_type"].get(r.type, 0) + r.count
    by_type = [
        {"type": k, **type_labels(k), "count": v[0], "clarified_with_footage": v[1]}
        for k, v in sorted(types.items())
    ]
    return {
        "total": sum(r.count for r in rows),
        "clarified_with_footage": sum(r.with_footage for r in rows),
        "by_type": by_type,
        "by_commune": [
            communes[k] for k in sorted(communes, key=lambda k: (k[0] or "", k[1] or ""))
        ],
    }

"""OpenStreetMap cameras as users export them from Overpass (GeoJSON).

Tags read (https://wiki.openstreetmap.org/wiki/Tag:man_made=surveillance):

=========================  ===================================================
OSM                        camreg
=========================  ===================================================
``@id`` ``node/123``       code ``OSM-node-123``, external_id ``osm:node/123``
``camera:direction``       direction_deg; degrees, N/NNE/…, or a clockwise
                           range ``"A-B"`` → direction = middle, fov = width
``camera:type``            kind: fixed → fixed; panning, dome → ptz (fov 360°
                           unless ``camera:direction`` is a range)
``surveillance:type``      ``ALPR`` → kind anpr; ``guard`` rows are skipped
``surveillance``           ownership: ``public`` → state, otherwise the default
``operator:type``          ownership: government/public → state, community →
                           community, private → household, business → business
``operator``               owner_name
``height``                 height_m (``"5"``, ``"5 m"``)
``start_date``             installed_on (full dates only)
``check_date``             last_verified_on (or ``survey:date``)
``addr:*``                 address
``surveillance:zone``,     kept in the report's notes only: camreg has no
``camera:mount``           column for them
=========================  ===================================================

OSM records neither field of view nor range: unless the mapping's ``defaults``
say otherwise, a fixed camera gets ``fov_deg`` 90 and every camera
``range_m`` 50, ownership ``business``.  Every row carries the attribution
"© OpenStreetMap contributors, ODbL 1.0", as the licence requires.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from camera_registry.imports.table import Table, add_geojson_point

ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
DEFAULTS: dict[str, object] = {"fov_deg": 90, "range_m": 50, "ownership": "business"}

_HEADERS = [
    "code", "camera:direction", "fov", "camera:type", "height", "operator", "ownership",
    "address", "start_date", "check_date", "external_id", "attribution",
]  # fmt: skip
_COLUMNS = {
    "code": "code",
    "camera:direction": "direction_deg",
    "fov": "fov_deg",
    "camera:type": "kind",
    "height": "height_m",
    "operator": "owner_name",
    "ownership": "ownership",
    "address": "address",
    "start_date": "installed_on",
    "check_date": "last_verified_on",
    "external_id": "external_id",
    "attribution": "attribution",
}
_OPERATOR_TYPE = {
    "government": "state",
    "public": "state",
    "police": "state",
    "military": "state",
    "community": "community",
    "private": "household",
    "household": "household",
    "business": "business",
    "commercial": "business",
}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_METRES = re.compile(r"\s*m(?:et(?:re|er)s?)?\s*$", re.IGNORECASE)


def _tags(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature.get("properties")
    props = props if isinstance(props, dict) else {}
    nested = props.get("tags")
    return nested if isinstance(nested, dict) else props


def _osm_id(feature: dict[str, Any]) -> str | None:
    props = feature.get("properties")
    props = props if isinstance(props, dict) else {}
    for candidate in (props.get("@id"), feature.get("id")):
        if isinstance(candidate, str) and "/" in candidate:
            return candidate
    if props.get("type") and props.get("id") is not None:
        return f"{props['type']}/{props['id']}"
    return None


def is_overpass(features: list[dict[str, Any]]) -> bool:
    """Whether these GeoJSON features are OSM objects tagged man_made=surveillance."""
    return any(_tags(f).get("man_made") == "surveillance" for f in features)


def _kind_and_fov(tags: dict[str, Any]) -> tuple[str, str | None]:
    if str(tags.get("surveillance:type", "")).lower() == "alpr":
        return "anpr", None
    camera_type = str(tags.get("camera:type", "")).lower()
    if camera_type in ("panning", "dome"):
        return "ptz", "360"
    return "fixed", None


def _ownership(tags: dict[str, Any]) -> str | None:
    found = _OPERATOR_TYPE.get(str(tags.get("operator:type", "")).lower())
    if found is None and tags.get("surveillance") == "public":
        return "state"
    return found


def _address(tags: dict[str, Any]) -> str | None:
    parts = [tags.get(k) for k in ("addr:housenumber", "addr:street", "addr:city")]
    text = ", ".join(str(p) for p in parts if p)
    return text or None


def _date(table: Table, row: int, tags: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = tags.get(key)
        if value is None:
            continue
        if _FULL_DATE.match(str(value)):
            return str(value)
        table.row_warnings.append(
            (row, key, str(value), "not a full date (yyyy-mm-dd); left empty")
        )
    return None


def _row(table: Table, row: int, tags: dict[str, Any], osm_id: str) -> list[object]:
    kind, fov = _kind_and_fov(tags)
    direction = tags.get("camera:direction")
    if direction is None and fov == "360":
        direction = "0"
    if direction is not None and "-" in str(direction) and fov == "360":
        fov = None  # the range gives the field of view
    height = tags.get("height")
    values = {
        "code": "OSM-" + osm_id.replace("/", "-"),
        "camera:direction": direction,
        "fov": fov,
        "camera:type": kind,
        "height": _METRES.sub("", str(height)) if height is not None else None,
        "operator": tags.get("operator"),
        "ownership": _ownership(tags),
        "address": _address(tags),
        "start_date": _date(table, row, tags, ("start_date",)),
        "check_date": _date(table, row, tags, ("check_date", "survey:date")),
        "external_id": "osm:" + osm_id,
        "attribution": ATTRIBUTION,
    }
    return [values[h] for h in _HEADERS]


def _skip_reason(tags: dict[str, Any], osm_id: str | None) -> str | None:
    if tags.get("man_made") != "surveillance":
        return "not tagged man_made=surveillance; skipped"
    if str(tags.get("surveillance:type", "camera")).lower() == "guard":
        return "surveillance:type=guard is not a camera; skipped"
    if osm_id is None:
        return "the feature has no OSM id (@id); skipped"
    return None


def read_features(features: list[dict[str, Any]], max_vertices: int) -> Table:
    """Turn Overpass GeoJSON features into a table of camreg fields.

    A feature whose geometry has more than ``max_vertices`` vertices is a row error.
    """
    table = Table(format="geojson", headers=list(_HEADERS), rows=[], points=[], crs="EPSG:4326")
    table.columns = dict(_COLUMNS)
    table.defaults = dict(DEFAULTS)
    table.preset = "osm"
    extras: Counter[str] = Counter()
    for index, feature in enumerate(features, start=1):
        tags, osm_id = _tags(feature), _osm_id(feature)
        reason = _skip_reason(tags, osm_id)
        if reason is not None:
            table.row_warnings.append((index, "man_made", str(tags.get("man_made")), reason))
            continue
        assert osm_id is not None
        extras.update(f"{k}={tags[k]}" for k in ("surveillance:zone", "camera:mount") if k in tags)
        table.rows.append((index, _row(table, index, tags, osm_id)))
        add_geojson_point(table, index, feature.get("geometry"), max_vertices)
    table.notes.append(f"OpenStreetMap data: {ATTRIBUTION}")
    if extras:
        kept = ", ".join(f"{k} ×{n}" for k, n in sorted(extras.items()))
        table.notes.append(f"OSM tags with no camreg column (not stored): {kept}")
    return table

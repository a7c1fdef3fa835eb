"""Turning camera rows into GeoJSON for a given caller."""

from __future__ import annotations

from typing import Any

from camera_registry.auth import Principal
from camera_registry.cameras.queries import CameraRow
from camera_registry.cameras.schemas import CameraProperties, CameraPropertiesWithHolder, feature
from camera_registry.errors import InvalidInput
from camera_registry.geoconv import geojson_geometry
from camera_registry.spatial_sql import BBox


def camera_feature(row: CameraRow, user: Principal, geometry: str) -> dict[str, Any]:
    """A camera as a Feature, with the holder only for callers allowed to see it."""
    cam = row.camera
    fields = {
        name: getattr(cam, name)
        for name in CameraProperties.model_fields
        if name not in ("commune_code", "commune_name")
    }
    fields.update(commune_code=row.commune_code, commune_name=row.commune_name)
    props: CameraProperties
    if user.may_see_holder(row.commune_code):
        props = CameraPropertiesWithHolder(
            **fields, owner_name=cam.owner_name, owner_contact=cam.owner_contact
        )
    else:
        props = CameraProperties(**fields)
    geom = geojson_geometry(cam.view_geom if geometry == "view" else cam.geom)
    return feature(geom, props, cam.code)


def parse_bbox(text: str) -> BBox:
    """Parse ``minLon,minLat,maxLon,maxLat`` (RFC 7946 order) or raise a 422."""
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InvalidInput("bbox", "must be four numbers: minLon,minLat,maxLon,maxLat") from None
    if len(values) != 4 or any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise InvalidInput("bbox", "must be four finite numbers: minLon,minLat,maxLon,maxLat")
    minx, miny, maxx, maxy = values
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidInput(
            "bbox", "must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90"
        )
    return minx, miny, maxx, maxy

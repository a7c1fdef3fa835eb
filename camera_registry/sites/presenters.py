"""Sites as GeoJSON (sites carry no restricted data)."""

from __future__ import annotations

from typing import Any

from camera_registry.geoconv import geojson_geometry
from camera_registry.sites.queries import SiteRow


def site_feature(row: SiteRow) -> dict[str, Any]:
    """One site as an RFC 7946 Feature, with the codes of its cameras."""
    site = row.site
    return {
        "type": "Feature",
        "id": site.code,
        "geometry": geojson_geometry(site.geom),
        "properties": {
            "code": site.code,
            "name": site.name,
            "address": site.address,
            "commune_code": row.commune_code,
            "commune_name": row.commune_name,
            "outside_commune": site.commune_id is None,
            "decommissioned_on": (
                site.decommissioned_on.isoformat() if site.decommissioned_on else None
            ),
            "cameras": list(row.camera_codes),
            "camera_count": len(row.camera_codes),
            "created_at": site.created_at.isoformat(),
            "version": site.version,
        },
    }

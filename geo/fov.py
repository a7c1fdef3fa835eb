"""A camera's view sector: the ground area it can usefully see.

The sector is built geodesically on the WGS84 ellipsoid: every arc vertex lies
exactly ``range_m`` metres from the camera along the geodesic with the given
azimuth.  That is what a local azimuthal-equidistant projection centred on the
camera gives, without choosing a UTM zone (Vietnam spans zones 48 and 49, and a
camera on the border would be distorted in the wrong one) and without building
a projection object per camera.
"""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod
from shapely.geometry import Polygon

from geo.errors import GeometryInputError, finite_number

WGS84 = Geod(ellps="WGS84")

#: Largest angle between two consecutive arc vertices.  A 3° chord loses
#: (1 - sin(x)/x) ≈ 0.05 % of the sector's area, well inside the 1 % promise.
MAX_ARC_STEP_DEG = 3.0

#: Longest range the geometry accepts; the registry's own limit is stricter.
MAX_RANGE_M = 50_000.0

#: Smallest field of view and range accepted: below these the sector is a sliver
#: that floating-point lon/lat cannot represent as a valid polygon.
MIN_FOV_DEG = 0.1
MIN_RANGE_M = 0.1

#: A field of view within this of 360° is drawn as a disc; otherwise its two radial
#: edges would lie closer together than floating point resolves and cross.
FULL_CIRCLE_TOLERANCE_DEG = 1e-3


def check_sector_inputs(
    lon: float, lat: float, direction_deg: float, fov_deg: float, range_m: float
) -> tuple[float, float, float, float, float]:
    """Validate view-sector inputs and return them as floats.

    Raises
    ------
    GeometryInputError
        Naming the first argument that is out of its domain.
    """
    lon = finite_number("lon", lon)
    lat = finite_number("lat", lat)
    direction_deg = finite_number("direction_deg", direction_deg)
    fov_deg = finite_number("fov_deg", fov_deg)
    range_m = finite_number("range_m", range_m)
    if not -180.0 <= lon <= 180.0:
        raise GeometryInputError("lon", "must be between -180 and 180 degrees")
    if not -85.0 <= lat <= 85.0:
        raise GeometryInputError("lat", "must be between -85 and 85 degrees")
    if not 0.0 <= direction_deg < 360.0:
        raise GeometryInputError("direction_deg", "must be at least 0 and below 360 degrees")
    if not MIN_FOV_DEG <= fov_deg <= 360.0:
        raise GeometryInputError("fov_deg", f"must be between {MIN_FOV_DEG:g} and 360 degrees")
    if not MIN_RANGE_M <= range_m <= MAX_RANGE_M:
        raise GeometryInputError(
            "range_m", f"must be between {MIN_RANGE_M:g} and {MAX_RANGE_M:g} m"
        )
    return lon, lat, direction_deg, fov_deg, range_m


def view_sector(
    lon: float, lat: float, direction_deg: float, fov_deg: float, range_m: float
) -> Polygon:
    """Return the view sector of a camera as a WGS84 polygon.

    Parameters
    ----------
    lon, lat:
        The camera's position in decimal degrees (EPSG:4326).
    direction_deg:
        Azimuth of the optical axis, degrees clockwise from true north, in [0, 360).
    fov_deg:
        Horizontal field of view in degrees, in (0, 360]; 360 is a fisheye or PTZ
        camera and gives a disc.
    range_m:
        Useful range in metres (> 0).

    Returns
    -------
    shapely.Polygon
        A valid polygon with counter-clockwise exterior, longitude first.

    Examples
    --------
    >>> s = view_sector(105.47, 20.20, 350, 40, 100)
    >>> s.is_valid and s.contains(s.representative_point())
    True
    """
    lon, lat, direction_deg, fov_deg, range_m = check_sector_inputs(
        lon, lat, direction_deg, fov_deg, range_m
    )
    full_circle = fov_deg >= 360.0 - FULL_CIRCLE_TOLERANCE_DEG
    if full_circle:
        fov_deg = 360.0
    steps = max(2, math.ceil(fov_deg / MAX_ARC_STEP_DEG))
    start = direction_deg - fov_deg / 2.0
    azimuths = start + np.arange(steps + (0 if full_circle else 1)) * (fov_deg / steps)
    count = azimuths.size
    arc_lon, arc_lat, _ = WGS84.fwd(
        np.full(count, lon), np.full(count, lat), azimuths, np.full(count, range_m)
    )
    arc = list(zip(arc_lon.tolist(), arc_lat.tolist(), strict=True))
    # Azimuths run clockwise; reverse so the exterior ring is counter-clockwise.
    ring = arc[::-1] if full_circle else [(lon, lat), *arc[::-1]]
    return Polygon(ring)

"""Property tests for geo.fov.view_sector.

Every expectation is computed independently of fov.py: areas analytically and
with pyproj's geodesic polygon area, membership with Geod.inv (distance and
azimuth from the camera), never by re-running the sector construction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo.errors import GeometryInputError
from geo.fov import MAX_RANGE_M, view_sector

GEOD = Geod(ellps="WGS84")

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

vn_lon = st.floats(102.0, 110.0)
vn_lat = st.floats(8.0, 23.5)
border_lon = st.floats(107.99, 108.01)
directions = st.floats(0.0, 360.0, exclude_max=True)
# Slivers and near-discs are covered by the edge-case tests at the end.
fovs = st.one_of(st.floats(0.5, 359.5), st.just(360.0))
ranges = st.floats(1.0, MAX_RANGE_M)
short_ranges = st.floats(1.0, 500.0)


def _point_at(lon: float, lat: float, azimuth: float, distance: float) -> tuple[float, float]:
    plon, plat, _ = GEOD.fwd(lon, lat, azimuth, distance)
    return plon, plat


def _angle_diff(a: np.ndarray, b: float) -> np.ndarray:
    """Absolute smallest difference between azimuths, in [0, 180]."""
    return np.abs((a - b + 180.0) % 360.0 - 180.0)


def _sector_area_truth(fov_deg: float, range_m: float) -> float:
    # The area of a geodesic disc of radius r is pi r^2 (1 - K r^2 / 12 + ...);
    # K r^2 < 1e-4 for r <= 50 km, far below the 1 % tolerance.
    return fov_deg / 360.0 * math.pi * range_m**2


def _check_valid(sector: shapely.Polygon) -> None:
    assert isinstance(sector, shapely.Polygon)
    assert not sector.is_empty
    assert sector.is_valid, shapely.is_valid_reason(sector)
    assert sector.exterior.is_ccw


def _check_area(sector: shapely.Polygon, fov_deg: float, range_m: float) -> None:
    truth = _sector_area_truth(fov_deg, range_m)
    geodesic_area, _ = GEOD.geometry_area_perimeter(sector)
    # pyproj's area is signed: positive means counter-clockwise.
    assert geodesic_area > 0
    assert abs(geodesic_area - truth) / truth < 0.01


def _check_membership(
    sector: shapely.Polygon,
    lon: float,
    lat: float,
    direction: float,
    fov: float,
    range_m: float,
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    count = 200
    # Spread test points over a square around the camera, in metres.
    east = rng.uniform(-1.3 * range_m, 1.3 * range_m, count)
    north = rng.uniform(-1.3 * range_m, 1.3 * range_m, count)
    plon, plat, _ = GEOD.fwd(
        np.full(count, lon),
        np.full(count, lat),
        np.degrees(np.arctan2(east, north)),
        np.hypot(east, north),
    )
    azimuth, _, distance = GEOD.inv(np.full(count, lon), np.full(count, lat), plon, plat)
    off_axis = _angle_diff(np.asarray(azimuth), direction)
    distance = np.asarray(distance)
    # Keep away from the boundary: chords cut 0.035 % of the radius, and the
    # straight lon/lat edges drift from geodesics by well under 1° at 50 km.
    radial_margin = 0.01 * range_m + 0.01
    angular_margin = 1.0
    inside = (distance < range_m - radial_margin) & (
        (off_axis < fov / 2.0 - angular_margin) | (fov >= 360.0)
    )
    outside = (distance > range_m + radial_margin) | (off_axis > fov / 2.0 + angular_margin)
    # Points within a metre of the apex are too close to tell apart in degrees.
    inside &= distance > 1.0
    contained = shapely.contains_xy(sector, plon, plat)
    assert np.all(contained[inside])
    assert not np.any(contained[outside])


@PROPERTY
@given(vn_lon, vn_lat, directions, fovs, ranges)
def test_sector_is_valid_counter_clockwise_polygon(lon, lat, direction, fov, range_m):
    sector = view_sector(lon, lat, direction, fov, range_m)
    _check_valid(sector)
    if fov < 360.0:
        assert sector.exterior.coords[0] == pytest.approx((lon, lat), abs=1e-12)


@PROPERTY
@given(vn_lon, vn_lat, directions, fovs, short_ranges)
def test_area_matches_analytic_sector_area_for_short_ranges(lon, lat, direction, fov, range_m):
    _check_area(view_sector(lon, lat, direction, fov, range_m), fov, range_m)


@PROPERTY
@given(vn_lon, vn_lat, directions, fovs, ranges)
def test_area_matches_geodesic_truth_up_to_max_range(lon, lat, direction, fov, range_m):
    _check_area(view_sector(lon, lat, direction, fov, range_m), fov, range_m)


@PROPERTY
@given(vn_lon, vn_lat, directions, fovs, ranges, st.integers(0, 2**32 - 1))
def test_membership_agrees_with_geodesic_distance_and_azimuth(
    lon, lat, direction, fov, range_m, seed
):
    sector = view_sector(lon, lat, direction, fov, range_m)
    _check_membership(sector, lon, lat, direction, fov, range_m, seed)


@PROPERTY
@given(border_lon, vn_lat, directions, fovs, ranges, st.integers(0, 2**32 - 1))
def test_cameras_on_the_utm_48_49_border(lon, lat, direction, fov, range_m, seed):
    sector = view_sector(lon, lat, direction, fov, range_m)
    _check_valid(sector)
    _check_area(sector, fov, range_m)
    _check_membership(sector, lon, lat, direction, fov, range_m, seed)


@pytest.mark.parametrize("offset", [0.01, 0.001, 1e-9])
def test_border_does_not_change_the_sector_shape(offset):
    """Mirror-image cameras either side of 108°E get mirror-image sectors."""
    west = view_sector(108.0 - offset, 16.0, 90.0, 60.0, 5_000.0)
    east = view_sector(108.0 + offset, 16.0, 270.0, 60.0, 5_000.0)
    west_area, _ = GEOD.geometry_area_perimeter(west)
    east_area, _ = GEOD.geometry_area_perimeter(east)
    assert west_area == pytest.approx(east_area, rel=1e-9)


@PROPERTY
@given(vn_lon, vn_lat, st.floats(1.0, MAX_RANGE_M), directions)
def test_fov_360_is_a_disc(lon, lat, range_m, direction):
    disc = view_sector(lon, lat, direction, 360.0, range_m)
    _check_valid(disc)
    azimuths = np.arange(0.0, 360.0, 2.5)
    count = azimuths.size
    for factor, expected in ((0.9, True), (1.1, False)):
        plon, plat, _ = GEOD.fwd(
            np.full(count, lon), np.full(count, lat), azimuths, np.full(count, factor * range_m)
        )
        assert np.all(shapely.contains_xy(disc, plon, plat) == expected)


@pytest.mark.parametrize(
    ("lon", "lat"), [(105.47, 20.20), (108.0, 16.05), (107.995, 12.0), (102.2, 23.3)]
)
@pytest.mark.parametrize("range_m", [10.0, 150.0, 20_000.0])
def test_sector_straddling_north(lon, lat, range_m):
    sector = view_sector(lon, lat, 350.0, 40.0, range_m)
    _check_valid(sector)
    for azimuth, expected in (
        (5.0, True),
        (345.0, True),
        (0.0, True),
        (30.0, False),
        (320.0, False),
    ):
        point = shapely.Point(_point_at(lon, lat, azimuth, range_m / 2.0))
        assert sector.contains(point) is expected, azimuth
    _check_area(sector, 40.0, range_m)


VALID = {"lon": 105.47, "lat": 20.2, "direction_deg": 90.0, "fov_deg": 60.0, "range_m": 100.0}

BAD_VALUES = [
    ("direction_deg", 400.0),
    ("direction_deg", -1.0),
    ("direction_deg", 360.0),
    ("fov_deg", 0.0),
    ("fov_deg", -3.0),
    ("fov_deg", 361.0),
    ("range_m", -5.0),
    ("range_m", 0.0),
    ("range_m", MAX_RANGE_M * 1.01),
    ("lon", 180.5),
    ("lon", -181.0),
    ("lat", 90.5),
    ("lat", -91.0),
] + [
    (field, value)
    for field in VALID
    for value in (float("nan"), float("inf"), -float("inf"), "abc", "", None, [1.0])
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
def test_invalid_input_names_the_field(field, value):
    with pytest.raises(GeometryInputError) as caught:
        view_sector(**{**VALID, field: value})
    assert caught.value.field == field
    assert caught.value.reason


@pytest.mark.parametrize("field", list(VALID))
@given(st.text(alphabet="abcxyz°'\" NSEW-", min_size=1, max_size=6))
@settings(max_examples=20, deadline=None)
def test_non_numeric_strings_name_the_field(field, text):
    with pytest.raises(GeometryInputError) as caught:
        view_sector(**{**VALID, field: text})
    assert caught.value.field == field


@pytest.mark.parametrize("fov", [360.0 - 1e-10, math.nextafter(360.0, 0.0)])
def test_fov_just_below_360_is_valid(fov):
    _check_valid(view_sector(105.0, 16.0, 10.0, fov, 100.0))


@pytest.mark.parametrize(("fov", "range_m"), [(1e-300, 100.0), (1e-12, 100.0), (10.0, 1e-9)])
def test_degenerate_sectors_are_rejected_or_valid(fov, range_m):
    try:
        sector = view_sector(105.0, 8.0, 10.0, fov, range_m)
    except GeometryInputError:
        return
    _check_valid(sector)

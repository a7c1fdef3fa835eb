"""Tests for geo.crs: VN-2000, TM-3 zones, UTM zones and user CRS names.

Reference values come from pyproj's EPSG database used directly (not through
geo.crs) and from a hand-written 7-parameter Helmert transformation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyproj import CRS, Geod, Proj, Transformer
from pyproj.database import query_crs_info

from geo.crs import (
    PROVINCE_CENTRAL_MERIDIAN,
    VN2000_TM3_EPSG,
    crs_from_user,
    from_wgs84,
    to_wgs84,
    utm_epsg_for,
    vn2000_tm3,
)
from geo.dms import parse_dms
from geo.errors import GeometryInputError
from geo.vn2000 import _build_vn2000_tm

GEOD = Geod(ellps="WGS84")
PROJ_WGS84_TO_VN2000 = Transformer.from_crs(4326, 4756, always_xy=True)
PROJ_VN2000_TO_WGS84 = Transformer.from_crs(4756, 4326, always_xy=True)
PROPERTY = settings(max_examples=200, deadline=None)

vn_lon = st.floats(102.0, 110.0)
vn_lat = st.floats(8.0, 23.5)
table_meridians = st.sampled_from(sorted(set(PROVINCE_CENTRAL_MERIDIAN.values())))
# Meridians without an EPSG code get a CRS built on the fly (and a new transformer).
any_meridian = st.one_of(table_meridians, st.sampled_from([103.5, 105.25, 106.75, 109.0]))

# "VN-2000 to WGS 84 (2)" (EPSG:6960), as published by the Vietnamese
# standard: metres, arc-seconds, ppm; EPSG applies it as coordinate frame rotation.
HELMERT = (-191.90441429, -39.30318279, -111.45032835, -0.00928836, 0.01975479, -0.00427372)
HELMERT_SCALE_PPM = 0.252906278
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)

# Away from the Mekong delta blocks, where PROJ prefers the local variant (1).
NATIONAL_POINTS = [
    (105.8342, 21.0278),  # Hà Nội
    (105.7760, 19.8070),  # Thanh Hóa
    (107.5905, 16.4637),  # Huế
    (108.2022, 16.0544),  # Đà Nẵng
    (106.7615, 21.8537),  # Lạng Sơn
    (108.0378, 12.6667),  # Buôn Ma Thuột
    (109.1967, 12.2388),  # Nha Trang
    (103.0180, 22.3860),  # Điện Biên/Lai Châu border area
]


def _ecef(lon: float, lat: float) -> np.ndarray:
    phi, lam = math.radians(lat), math.radians(lon)
    n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
    return np.array(
        [
            n * math.cos(phi) * math.cos(lam),
            n * math.cos(phi) * math.sin(lam),
            n * (1 - E2) * math.sin(phi),
        ]
    )


def _geodetic(xyz: np.ndarray) -> tuple[float, float]:
    x, y, z = xyz
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - E2))
    for _ in range(10):
        n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
        h = p / math.cos(phi) - n
        phi = math.atan2(z, p * (1 - E2 * n / (n + h)))
    return math.degrees(math.atan2(y, x)), math.degrees(phi)


def _helmert_vn2000_to_wgs84(lon: float, lat: float, *, position_vector: bool = False):
    tx, ty, tz, rx, ry, rz = HELMERT
    rx, ry, rz = (math.radians(r / 3600.0) for r in (rx, ry, rz))
    if position_vector:
        rx, ry, rz = -rx, -ry, -rz
    rotation = np.array([[1.0, rz, -ry], [-rz, 1.0, rx], [ry, -rx, 1.0]])
    xyz = np.array([tx, ty, tz]) + (1 + HELMERT_SCALE_PPM * 1e-6) * rotation @ _ecef(lon, lat)
    return _geodetic(xyz)


def _distance(lon1, lat1, lon2, lat2) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


# --- tables against the EPSG database -----------------------------------------


def test_tm3_epsg_table_matches_the_epsg_database():
    for meridian, code in VN2000_TM3_EPSG.items():
        crs = CRS.from_epsg(code)
        params = {p.name: p.value for p in crs.coordinate_operation.params}
        assert crs.name.startswith("VN-2000 / TM-3")
        assert crs.geodetic_crs.to_epsg() == 4756
        assert params["Longitude of natural origin"] == meridian
        assert params["Scale factor at natural origin"] == 0.9999
        assert params["False easting"] == 500_000
    in_database = {
        int(info.code) for info in query_crs_info(auth_name="EPSG") if "VN-2000 / TM-3" in info.name
    }
    assert in_database == set(VN2000_TM3_EPSG.values())


def test_province_table_follows_circular_973():
    assert len(PROVINCE_CENTRAL_MERIDIAN) == 63
    assert all(len(code) == 2 and code.isdigit() for code in PROVINCE_CENTRAL_MERIDIAN)
    expected = {"38": 105.0, "67": 108.5, "01": 105.0, "79": 105.75, "48": 107.75}
    assert {code: PROVINCE_CENTRAL_MERIDIAN[code] for code in expected} == expected
    # Every meridian the circular uses has an EPSG code in PROJ's database.
    assert set(PROVINCE_CENTRAL_MERIDIAN.values()) <= set(VN2000_TM3_EPSG)


# Provincial capitals must fall inside EPSG's area of use of their province's zone.
CAPITALS = {
    "01": (105.85, 21.03),
    "02": (104.98, 22.82),
    "06": (105.83, 22.15),
    "11": (103.02, 21.39),
    "14": (103.91, 21.33),
    "17": (105.34, 20.82),
    "20": (106.76, 21.85),
    "38": (105.78, 19.81),
    "45": (107.10, 16.82),
    "48": (108.22, 16.07),
    "51": (108.80, 15.12),
    "52": (109.22, 13.78),
    "62": (108.00, 14.35),
    "67": (107.69, 12.00),
    "79": (106.70, 10.78),
    "91": (105.08, 10.01),
    "96": (105.15, 9.18),
}


@pytest.mark.parametrize(("code", "capital"), sorted(CAPITALS.items()))
def test_province_zone_covers_its_capital(code, capital):
    area = vn2000_tm3(PROVINCE_CENTRAL_MERIDIAN[code]).area_of_use
    lon, lat = capital
    assert area.west <= lon <= area.east and area.south <= lat <= area.north


# --- transformations ------------------------------------------------------------


@PROPERTY
@given(vn_lon, vn_lat, any_meridian)
def test_round_trip_wgs84_tm3_wgs84_within_a_millimetre(lon, lat, meridian):
    crs = vn2000_tm3(meridian)
    x, y = from_wgs84(lon, lat, crs)
    back_lon, back_lat = to_wgs84(x, y, crs)
    assert _distance(lon, lat, back_lon, back_lat) < 1e-3


@PROPERTY
@given(vn_lon, vn_lat)
@example(107.111328125, 10.0)  # on the edge of EPSG:5194's area (Mekong delta blocks)
def test_from_wgs84_stays_within_two_millimetres_of_proj_reverse_shift(lon, lat):
    """from_wgs84 inverts to_wgs84 exactly; PROJ's own reverse is 1.5 mm away at most.

    Except along the edge of the Mekong delta blocks, where PROJ picks its shift
    by where the point lies: there its forward (chosen by the WGS84 point) and its
    inverse (chosen by the VN-2000 point, ~220 m away) are different operations,
    up to 1 m apart, and from_wgs84 follows the inverse, so that VN-2000
    coordinates a user typed come back unchanged.
    """
    proj_lon, proj_lat = PROJ_WGS84_TO_VN2000.transform(lon, lat)
    proj_self = _distance(*PROJ_VN2000_TO_WGS84.transform(proj_lon, proj_lat), lon, lat)
    ours = from_wgs84(lon, lat, 4756)
    assert _distance(*ours, proj_lon, proj_lat) < (2e-3 if proj_self < 2e-3 else 1.0)
    assert _distance(*to_wgs84(*ours, 4756), lon, lat) < 1e-6


def test_round_trip_is_vectorised_and_keeps_shape():
    lons = np.linspace(102.5, 109.5, 12).reshape(3, 4)
    lats = np.linspace(8.5, 23.0, 12).reshape(3, 4)
    xs, ys = from_wgs84(lons, lats, "VN2000:105.75")
    assert xs.shape == ys.shape == (3, 4)
    back_lons, back_lats = to_wgs84(xs, ys, "VN2000:105.75")
    assert np.max(GEOD.inv(lons, lats, back_lons, back_lats)[2]) < 1e-3


@pytest.mark.parametrize(
    ("easting", "northing", "epsg", "spec"),
    [
        (585_000.0, 2_327_000.0, 5897, "VN2000:105"),  # Hà Nội
        (573_500.0, 2_191_000.0, 5897, "VN-2000 TM-3 105°00'"),  # Thanh Hóa
        (545_000.0, 1_777_000.0, 5899, "VN-2000 / TM-3 107-45"),  # Đà Nẵng
        (603_000.0, 1_192_000.0, 9210, "VN2000:105 45"),  # TP HCM (Mekong block area)
    ],
)
def test_control_point_agrees_with_pyproj_epsg_pipeline(easting, northing, epsg, spec):
    reference = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    ref_lon, ref_lat = reference.transform(easting, northing)
    lon, lat = to_wgs84(easting, northing, spec)
    assert _distance(lon, lat, ref_lon, ref_lat) < 1.0


@pytest.mark.parametrize(("lon", "lat"), NATIONAL_POINTS)
def test_datum_shift_is_the_published_helmert_transformation(lon, lat):
    expected = _helmert_vn2000_to_wgs84(lon, lat)
    got = to_wgs84(lon, lat, 4756)
    assert _distance(*got, *expected) < 0.01


@pytest.mark.parametrize(("lon", "lat"), NATIONAL_POINTS + [(105.5, 10.0), (106.7, 10.78)])
def test_datum_shift_magnitude_is_about_225_metres_east_south_east(lon, lat):
    """VN-2000 and WGS84 share an ellipsoid but not an origin.

    The same lon/lat numbers in the two systems are 220-230 m apart, not a few
    metres: a VN-2000 position plotted on a WGS84 map lands west-north-west of
    where it belongs.
    """
    wgs_lon, wgs_lat = to_wgs84(lon, lat, "VN2000")
    azimuth, _, distance = GEOD.inv(lon, lat, wgs_lon, wgs_lat)
    assert 215.0 < distance < 235.0
    assert 115.0 < azimuth < 125.0


def test_mekong_delta_uses_the_local_variant_within_a_metre_of_the_national_one():
    lon, lat = 105.5, 10.0  # inside blocks DBSCL 02/03
    national = _helmert_vn2000_to_wgs84(lon, lat)
    assert _distance(*to_wgs84(lon, lat, 4756), *national) < 1.5


def test_towgs84_position_vector_convention_would_be_about_a_metre_off():
    """Why the module relies on EPSG rather than a "+towgs84=…" string."""
    lon, lat = NATIONAL_POINTS[0]
    epsg = to_wgs84(lon, lat, 4756)
    naive = _helmert_vn2000_to_wgs84(lon, lat, position_vector=True)
    assert 0.3 < _distance(*epsg, *naive) < 2.0


@pytest.mark.parametrize("meridian", [105.0, 107.75, 108.5])
def test_built_crs_equals_the_epsg_definition(meridian):
    built = _build_vn2000_tm(meridian, 3)
    official = CRS.from_epsg(VN2000_TM3_EPSG[meridian])
    lons = np.array([meridian - 1.2, meridian, meridian + 1.4])
    lats = np.array([9.0, 16.0, 22.5])
    xs, ys = from_wgs84(lons, lats, built)
    ref_xs, ref_ys = Transformer.from_crs(4326, official, always_xy=True).transform(lons, lats)
    assert np.max(np.hypot(xs - ref_xs, ys - ref_ys)) < 1e-3


def test_meridian_without_epsg_code_composes_projection_and_datum_shift():
    crs = vn2000_tm3(105.25)
    assert crs.to_epsg() is None
    assert crs.name == "VN-2000 / TM-3 105-15"
    tm = Proj("+proj=tmerc +lat_0=0 +lon_0=105.25 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84")
    vn_lon, vn_lat = tm(560_000.0, 2_300_000.0, inverse=True)
    expected = _helmert_vn2000_to_wgs84(vn_lon, vn_lat)
    assert _distance(*to_wgs84(560_000.0, 2_300_000.0, crs), *expected) < 0.01


def test_six_degree_zones():
    assert vn2000_tm3(105.0, zone_width=6).to_epsg() == 3405
    assert vn2000_tm3(111.0, zone_width=6).to_epsg() == 3406
    params = {p.name: p.value for p in vn2000_tm3(108.0, 6).coordinate_operation.params}
    assert params["Scale factor at natural origin"] == 0.9996


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"central_meridian_deg": float("nan")}, "central_meridian_deg"),
        ({"central_meridian_deg": 50.0}, "central_meridian_deg"),
        ({"central_meridian_deg": "abc"}, "central_meridian_deg"),
        ({"central_meridian_deg": 105.0, "zone_width": 4}, "zone_width"),
    ],
)
def test_vn2000_tm3_rejects_bad_input(kwargs, field):
    with pytest.raises(GeometryInputError) as caught:
        vn2000_tm3(**kwargs)
    assert caught.value.field == field


def test_scalars_in_scalars_out():
    lon, lat = to_wgs84(585_000.0, 2_327_000.0, 5897)
    assert isinstance(lon, float) and isinstance(lat, float)
    x, y = from_wgs84([105.8], [21.0], "UTM48")
    assert isinstance(x, np.ndarray) and x.shape == (1,)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: to_wgs84(float("nan"), 1.0, 5897), "xs"),
        (lambda: to_wgs84(1.0, float("inf"), 5897), "ys"),
        (lambda: to_wgs84([1.0, 2.0], [1.0], 5897), "ys"),
        (lambda: to_wgs84("north", 1.0, 5897), "xs"),
        (lambda: to_wgs84(1.0, 1.0, "Hà Nội 72"), "crs"),
        (lambda: from_wgs84(181.0, 10.0, 5897), "lons"),
        (lambda: from_wgs84(105.0, -91.0, 5897), "lats"),
        (lambda: from_wgs84(105.0, 10.0, 999_999), "crs"),
    ],
)
def test_transform_errors_name_the_argument(call, field):
    with pytest.raises(GeometryInputError) as caught:
        call()
    assert caught.value.field == field


# --- UTM zones ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat", "epsg"),
    [
        (107.99, 16.0, 32648),
        (108.0 - 1e-9, 16.0, 32648),
        (108.0, 16.0, 32649),
        (108.01, 16.0, 32649),
        (102.0, 22.0, 32648),
        (101.99, 22.0, 32647),
        (113.99, 10.0, 32649),
        (114.0, 10.0, 32650),
        (105.0, -1.0, 32748),
        (-180.0, 0.0, 32601),
        (180.0, 0.0, 32660),
    ],
)
def test_utm_epsg_for_zone_borders(lon, lat, epsg):
    assert utm_epsg_for(lon, lat) == epsg


@PROPERTY
@given(st.floats(-180.0, 180.0), st.floats(-90.0, 90.0))
def test_utm_zone_central_meridian_is_within_three_degrees(lon, lat):
    crs = CRS.from_epsg(utm_epsg_for(lon, lat))
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    offset = (lon - params["Longitude of natural origin"] + 180.0) % 360.0 - 180.0
    assert -3.0 <= offset <= 3.0
    assert (params["False northing"] == 0) == (lat >= 0)


@pytest.mark.parametrize(
    ("lon", "lat", "field"),
    [(float("nan"), 10.0, "lon"), (181.0, 10.0, "lon"), (105.0, 91.0, "lat"), (105.0, "x", "lat")],
)
def test_utm_epsg_for_rejects_bad_input(lon, lat, field):
    with pytest.raises(GeometryInputError) as caught:
        utm_epsg_for(lon, lat)
    assert caught.value.field == field


# --- CRS names users type ---------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "epsg"),
    [
        (4326, 4326),
        ("EPSG:4326", 4326),
        (" epsg:3405 ", 3405),
        ("4756", 4756),
        ("WGS84", 4326),
        ("WGS 84 / UTM zone 49N", 32649),
        ("UTM48", 32648),
        ("VN2000", 4756),
        ("VN-2000", 4756),
        ("VN2000-UTM48", 3405),
        ("VN-2000 / UTM zone 49N", 3406),
        ("VN2000:105.0", 5897),
        ("VN2000:105", 5897),
        ("VN-2000 TM-3 105°00'", 5897),
        ("vn2000 tm3 105°45′", 9210),
        ("VN-2000 / TM-3 107-45", 5899),
        ("VN2000:107.75", 5899),
        ("VN2000-TM3-108.5", 9218),
        ("VN2000 TM-6 105", 3405),
    ],
)
def test_crs_from_user_known_forms(spec, epsg):
    assert crs_from_user(spec).to_epsg() == epsg


def test_crs_from_user_builds_zones_without_epsg_code():
    crs = crs_from_user("VN2000:105°15'")
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    assert params["Longitude of natural origin"] == 105.25
    assert crs.geodetic_crs.to_epsg() == 4756


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "foo",
        "EPSG:999999",
        0,
        -1,
        True,
        3.5,
        None,
        "EPSG:5773",  # a vertical CRS
        "+proj=longlat +datum=WGS84",
        "VN2000:abc",
        "VN2000:200",
        "VN2000:48",
        "VN2000-UTM50",
        "VN2000 TM-4 105",
        "UTM61",
    ],
)
def test_crs_from_user_rejects_unknown(spec):
    with pytest.raises(GeometryInputError) as caught:
        crs_from_user(spec)
    assert caught.value.field == "crs"


# --- degrees, minutes, seconds ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20°12'30\"N", 20 + 12 / 60 + 30 / 3600),
        ("20 12 30.5", 20 + 12 / 60 + 30.5 / 3600),
        ("105°28′15″E", 105 + 28 / 60 + 15 / 3600),
        ("20°12.5'", 20 + 12.5 / 60),
        ("20°12'30,5\"", 20 + 12 / 60 + 30.5 / 3600),  # Vietnamese decimal comma
        ("20º 12’ 30” B", 20 + 12 / 60 + 30 / 3600),  # "smart" quotes, Bắc
        ("105°28'15\"Đ", 105 + 28 / 60 + 15 / 3600),  # Đông
        ("105°28'15\" đ", 105 + 28 / 60 + 15 / 3600),
        ("105 28 15 D", 105 + 28 / 60 + 15 / 3600),
        ("105°28'15\"T", -(105 + 28 / 60 + 15 / 3600)),  # Tây
        ("77°02'W", -(77 + 2 / 60)),
        ("33°51'S", -(33 + 51 / 60)),
        ("N 20°12'", 20.2),
        ("20°12'30''N", 20 + 12 / 60 + 30 / 3600),
        ("-20 12", -20.2),
        ("−20.5", -20.5),
        ("+105.75", 105.75),
        ("20.2083", 20.2083),
        ("20,5", 20.5),
        ("0", 0.0),
        ("180", 180.0),
        ("90 N", 90.0),
    ],
)
def test_parse_dms_reads_what_people_type(text, expected):
    assert parse_dms(text) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "N",
        "20 61",  # minutes >= 60
        "20 12 60",  # seconds >= 60
        "95N",  # latitude beyond 90
        "181",
        "20 12 30 40",
        "N20S",  # two hemispheres
        "-20N",  # sign and hemisphere
        "20.5 12",  # decimals before the last component
        "20,12,30",
        "30'",  # no degrees
        "20°°",
        "--20",
        "20 X",
        "1e5",
        "20°12'30\"N extra",
    ],
)
def test_parse_dms_rejects_nonsense(text):
    with pytest.raises(GeometryInputError) as caught:
        parse_dms(text)
    assert caught.value.field == "coordinate"


def test_parse_dms_rejects_non_text():
    with pytest.raises(GeometryInputError) as caught:
        parse_dms(20.5)  # type: ignore[arg-type]
    assert caught.value.field == "coordinate"


@PROPERTY
@given(st.integers(0, 89), st.integers(0, 59), st.floats(0, 59.999), st.sampled_from("NSB"))
def test_parse_dms_round_trips_formatted_latitudes(degrees, minutes, seconds, hemisphere):
    text = f"{degrees}°{minutes:02d}'{seconds:.3f}\"{hemisphere}"
    value = degrees + minutes / 60 + float(f"{seconds:.3f}") / 3600
    sign = -1 if hemisphere == "S" else 1
    assert parse_dms(text) == pytest.approx(sign * value, abs=1e-12)

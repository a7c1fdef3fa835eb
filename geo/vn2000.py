"""VN-2000, Vietnam's national datum: its EPSG codes and transverse Mercator zones.

Provincial cadastre uses VN-2000 transverse Mercator 3° zones ("TM-3": scale
factor 0.9999, false easting 500 000 m) with a central meridian per province,
following Circular 973/2001/TT-TCĐC.  :data:`PROVINCE_CENTRAL_MERIDIAN` gives
that meridian per legacy (pre-2025) GSO province code; :func:`vn2000_tm3`
returns the CRS of a zone.  :mod:`geo.crs` reads the names users give these
systems and converts coordinates.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pyproj import CRS
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion

from geo.errors import GeometryInputError, finite_number

VN2000_EPSG = 4756
#: VN-2000 / UTM zone 48N and 49N.
VN2000_UTM_EPSG: dict[int, int] = {48: 3405, 49: 3406}

#: EPSG codes of "VN-2000 / TM-3 …" keyed by central meridian.  Every meridian in
#: :data:`PROVINCE_CENTRAL_MERIDIAN` has one; other meridians get a CRS built on
#: the same datum.
VN2000_TM3_EPSG: dict[float, int] = {
    102.0: 5896,
    103.0: 9205,
    104.0: 9206,
    104.5: 9207,
    104.75: 9208,
    105.0: 5897,
    105.5: 9209,
    105.75: 9210,
    106.0: 9211,
    106.25: 9212,
    106.5: 9213,
    107.0: 9214,
    107.25: 9215,
    107.5: 9216,
    107.75: 5899,
    108.0: 5898,
    108.25: 9217,
    108.5: 9218,
}

#: TM-3 central meridian (decimal degrees) per legacy two-digit GSO province
#: code, after Circular 973/2001/TT-TCĐC.
PROVINCE_CENTRAL_MERIDIAN: dict[str, float] = {
    "01": 105.0,  # Hà Nội
    "02": 105.5,  # Hà Giang
    "04": 105.75,  # Cao Bằng
    "06": 106.5,  # Bắc Kạn
    "08": 106.0,  # Tuyên Quang
    "10": 104.75,  # Lào Cai
    "11": 103.0,  # Điện Biên
    "12": 103.0,  # Lai Châu
    "14": 104.0,  # Sơn La
    "15": 104.75,  # Yên Bái
    "17": 106.0,  # Hòa Bình
    "19": 106.5,  # Thái Nguyên
    "20": 107.25,  # Lạng Sơn
    "22": 107.75,  # Quảng Ninh
    "24": 107.0,  # Bắc Giang
    "25": 104.75,  # Phú Thọ
    "26": 105.0,  # Vĩnh Phúc
    "27": 105.5,  # Bắc Ninh
    "30": 105.5,  # Hải Dương
    "31": 105.75,  # Hải Phòng
    "33": 105.5,  # Hưng Yên
    "34": 105.5,  # Thái Bình
    "35": 105.0,  # Hà Nam
    "36": 105.5,  # Nam Định
    "37": 105.0,  # Ninh Bình
    "38": 105.0,  # Thanh Hóa
    "40": 104.75,  # Nghệ An
    "42": 105.5,  # Hà Tĩnh
    "44": 106.0,  # Quảng Bình
    "45": 106.25,  # Quảng Trị
    "46": 107.0,  # Thừa Thiên Huế
    "48": 107.75,  # Đà Nẵng
    "49": 107.75,  # Quảng Nam
    "51": 108.0,  # Quảng Ngãi
    "52": 108.25,  # Bình Định
    "54": 108.5,  # Phú Yên
    "56": 108.25,  # Khánh Hòa
    "58": 108.25,  # Ninh Thuận
    "60": 108.5,  # Bình Thuận
    "62": 107.5,  # Kon Tum
    "64": 108.5,  # Gia Lai
    "66": 108.5,  # Đắk Lắk
    "67": 108.5,  # Đắk Nông
    "68": 107.75,  # Lâm Đồng
    "70": 106.25,  # Bình Phước
    "72": 105.5,  # Tây Ninh
    "74": 105.75,  # Bình Dương
    "75": 107.75,  # Đồng Nai
    "77": 107.75,  # Bà Rịa - Vũng Tàu
    "79": 105.75,  # TP Hồ Chí Minh
    "80": 105.75,  # Long An
    "82": 105.75,  # Tiền Giang
    "83": 105.75,  # Bến Tre
    "84": 105.5,  # Trà Vinh
    "86": 105.5,  # Vĩnh Long
    "87": 105.0,  # Đồng Tháp
    "89": 104.75,  # An Giang
    "91": 104.5,  # Kiên Giang
    "92": 105.0,  # Cần Thơ
    "93": 105.0,  # Hậu Giang
    "94": 105.5,  # Sóc Trăng
    "95": 105.0,  # Bạc Liêu
    "96": 104.5,  # Cà Mau
}

#: Central meridians outside this range are not Vietnamese and almost surely a typo.
_MERIDIAN_RANGE = (100.0, 120.0)
_SCALE_FACTOR = {3: 0.9999, 6: 0.9996}


def _meridian_label(degrees: float) -> str:
    """Name a meridian the way EPSG names TM-3 zones: 105.75 → ``"105-45"``."""
    minutes = (degrees - math.floor(degrees)) * 60.0
    if minutes.is_integer():
        return f"{math.floor(degrees)}-{int(minutes):02d}"
    return f"{degrees:g}"


def _build_vn2000_tm(meridian: float, zone_width: int) -> CRS:
    """Build a VN-2000 transverse Mercator CRS on the EPSG:4756 datum.

    Keeping EPSG:4756 as the base CRS (rather than a PROJ string with
    ``+towgs84``) lets PROJ find the EPSG datum transformation by itself.
    """
    conversion = TransverseMercatorConversion(
        latitude_natural_origin=0.0,
        longitude_natural_origin=meridian,
        false_easting=500_000.0,
        false_northing=0.0,
        scale_factor_natural_origin=_SCALE_FACTOR[zone_width],
    )
    return ProjectedCRS(
        conversion=conversion,
        geodetic_crs=CRS.from_epsg(VN2000_EPSG),
        name=f"VN-2000 / TM-{zone_width} {_meridian_label(meridian)}",
    )


@lru_cache(maxsize=64)
def vn2000_tm3(central_meridian_deg: float, zone_width: int = 3) -> CRS:
    """Return the VN-2000 transverse Mercator CRS for a central meridian.

    Parameters
    ----------
    central_meridian_deg:
        The zone's central meridian in decimal degrees east (105.75 for 105°45').
    zone_width:
        3 for the cadastral TM-3 zones (scale 0.9999), 6 for the topographic
        6° zones (scale 0.9996, i.e. VN-2000 / UTM on 105° and 111°).

    Returns
    -------
    pyproj.CRS
        The EPSG definition when one exists, otherwise an equivalent CRS built on
        the EPSG:4756 datum so that PROJ applies the same datum shift.

    Raises
    ------
    GeometryInputError
        ``field="central_meridian_deg"`` or ``"zone_width"`` when out of domain.
    """
    meridian = finite_number("central_meridian_deg", central_meridian_deg)
    low, high = _MERIDIAN_RANGE
    if not low <= meridian <= high:
        raise GeometryInputError(
            "central_meridian_deg", f"must be between {low:g} and {high:g} degrees east"
        )
    if zone_width not in _SCALE_FACTOR:
        raise GeometryInputError("zone_width", "must be 3 or 6")
    if zone_width == 3 and meridian in VN2000_TM3_EPSG:
        return CRS.from_epsg(VN2000_TM3_EPSG[meridian])
    if zone_width == 6 and meridian in (105.0, 111.0):
        return CRS.from_epsg(VN2000_UTM_EPSG[48 if meridian == 105.0 else 49])
    return _build_vn2000_tm(meridian, zone_width)

"""Address resolution on the demo data: diacritics, abbreviations, typos, 2025 names."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from camera_registry.addresses.errors import UnresolvedAddress
from camera_registry.addresses.resolve import resolve_address
from camera_registry.demo.records import DemoDataset, DemoPlace
from camera_registry.errors import InvalidInput
from camera_registry.places.vocab import Precision
from geo.crs import from_wgs84

LEGACY_CAM_LIEN = "15145"


def _place(demo: DemoDataset, commune: str, name: str) -> DemoPlace:
    return next(p for p in demo.places if p.commune_code == commune and p.name == name)


def _unit(demo: DemoDataset, code: str, *, legacy: bool):
    return next(u for u in demo.units if u.code == code and (u.valid_to is not None) == legacy)


@pytest.mark.parametrize(
    "text",
    [
        "Thôn 3, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa",
        "thon 3, xa cam lien, huyen cam thuy, thanh hoa",
        "Thôn 3, X. Cẩm Liên, H. Cẩm Thủy, T. Thanh Hóa",
        "THÔN 3, X.CẨM LIÊN; H.CẨM THỦY; TỈNH THANH HOÁ",
        "Thôn 3, xã Cẩm Lein, huyện Cẩm Thủy, Thanh Hóa",
        "Thôn 3, Cẩm Liên, Cẩm Thủy, Thanh Hóa",
        "thon 3 x cam lien h cam thuy thanh hoa",
    ],
)
def test_legacy_hamlet_address(session: Session, demo_data: DemoDataset, text: str):
    expected = _place(demo_data, LEGACY_CAM_LIEN, "Thôn 3")
    res = resolve_address(session, text)
    assert res.step == "gazetteer" and res.precision == Precision.HAMLET
    assert res.point == pytest.approx((expected.lon, expected.lat), abs=1e-6)
    assert res.commune is not None and res.commune.code == LEGACY_CAM_LIEN
    assert res.commune.valid_to is not None  # the legacy unit …
    assert [u.name for u in res.commune.successors] == ["Xã Cẩm Thạch"]  # … mapped to today's


def test_2025_commune_name_gives_its_polygon(session: Session, demo_data: DemoDataset):
    res = resolve_address(session, "xã Cẩm Thủy, Thanh Hóa")
    new = _unit(demo_data, "15127", legacy=False)
    assert res.step == "admin_units" and res.precision == Precision.COMMUNE and res.imprecise
    assert res.point is None and res.area is not None
    assert res.area.symmetric_difference(new.geometry).area < 1e-9
    assert res.commune is not None and res.commune.valid_to is None
    assert {u.name for u in res.commune.predecessors} == {"Thị trấn Phong Sơn", "Xã Cẩm Ngọc"}


def test_2025_commune_with_a_hamlet_of_a_merged_commune(session: Session, demo_data):
    expected = _place(demo_data, "15169", "Thôn 3")  # Cẩm Ngọc, merged into Xã Cẩm Thủy
    res = resolve_address(session, "Thôn 3, xã Cẩm Thủy, tỉnh Thanh Hóa")
    assert res.precision == Precision.HAMLET
    assert res.point == pytest.approx((expected.lon, expected.lat), abs=1e-6)
    assert res.commune is not None and res.commune.code == "15127" and res.commune.valid_to is None


def test_same_name_in_both_eras_prefers_the_legacy_commune_that_has_the_place(session, demo_data):
    # "Xã Cẩm Tú" exists before (15154) and after 2025 (15148, wider); its Thôn 1 is the
    # legacy commune's, while the wider one holds several "Thôn 1".
    expected = _place(demo_data, "15154", "Thôn 1")
    res = resolve_address(session, "Thôn 1, xã Cẩm Tú, Thanh Hóa")
    assert res.point == pytest.approx((expected.lon, expected.lat), abs=1e-6)
    assert res.commune is not None and res.commune.code == "15154"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chợ Cẩm Liên", "Chợ Cẩm Liên"),
        ("cho cam lein, cam thuy, thanh hoa", "Chợ Cẩm Liên"),
        ("Ủy ban nhân dân xã Cẩm Liên", "UBND xã Cẩm Liên"),
        ("Trường Trung học cơ sở Cẩm Liên, xã Cẩm Liên", "Trường THCS Cẩm Liên"),
    ],
)
def test_landmarks(session: Session, demo_data: DemoDataset, text: str, name: str):
    expected = _place(demo_data, LEGACY_CAM_LIEN, name)
    res = resolve_address(session, text)
    assert res.step == "gazetteer" and res.precision == Precision.PLACE
    assert res.point == pytest.approx((expected.lon, expected.lat), abs=1e-6)


def test_school_levels_are_not_confused(session: Session, demo_data: DemoDataset):
    res = resolve_address(session, "Trường Tiểu học Cẩm Liên, xã Cẩm Liên, Cẩm Thủy")
    expected = _place(demo_data, LEGACY_CAM_LIEN, "Trường Tiểu học Cẩm Liên")
    assert res.point == pytest.approx((expected.lon, expected.lat), abs=1e-6)


def test_unknown_hamlet_falls_back_to_the_commune_polygon(session: Session, demo_data):
    res = resolve_address(session, "Thôn 99, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa")
    legacy = _unit(demo_data, LEGACY_CAM_LIEN, legacy=True)
    assert res.precision == Precision.COMMUNE and res.area is not None
    assert res.area.symmetric_difference(legacy.geometry).area < 1e-9
    assert any("Thôn 99" in note for note in res.notes)


@pytest.mark.parametrize(
    "text",
    ["20.2005080, 105.3444120", "105.344412 20.200508", "geo:20.200508,105.344412"],
)
def test_decimal_coordinates(session: Session, text: str):
    res = resolve_address(session, text)
    assert res.step == "coordinates" and res.precision == Precision.EXACT_POINT
    assert res.point == pytest.approx((105.344412, 20.200508), abs=1e-9)
    assert res.commune is not None and res.commune.name == "Xã Cẩm Thạch"  # in force today


def test_dms_and_vn2000_coordinates(session: Session):
    dms = resolve_address(session, "20°12'01.83\"N 105°20'39.88\"E")
    assert dms.point == pytest.approx((105.344411, 20.200508), abs=1e-6)
    easting, northing = from_wgs84(105.344412, 20.200508, "VN2000:105")
    typed = f"VN-2000 TM-3 105°00' X={northing:.3f} Y={easting:.3f}"
    vn = resolve_address(session, typed)
    assert vn.step == "coordinates" and vn.point == pytest.approx((105.344412, 20.200508), abs=1e-7)


def _unresolved(session: Session, text: str) -> UnresolvedAddress:
    with pytest.raises(UnresolvedAddress) as raised:
        resolve_address(session, text)
    error = raised.value
    assert error.status == 422 and error.errors[0]["field"] == "address"
    return error


def test_unknown_commune_names_the_part_and_suggests(session: Session):
    error = _unresolved(session, "Thôn 3, xã Cẩm Xyz, huyện Cẩm Thủy, Thanh Hóa")
    assert error.part == "xã Cẩm Xyz"
    assert error.suggestions and all("Huyện Cẩm Thủy" in s for s in error.suggestions)


def test_district_only_lists_its_communes(session: Session):
    error = _unresolved(session, "huyện Cẩm Thủy, Thanh Hóa")
    assert "no commune" in error.errors[0]["reason"]
    assert any(s.startswith("Xã Cẩm Liên") for s in error.suggestions)


def test_ambiguous_hamlet_without_commune_lists_candidates(session: Session):
    error = _unresolved(session, "Thôn 3")
    assert error.part == "Thôn 3" and len(error.suggestions) >= 3
    assert all(s.startswith("Thôn 3, ") for s in error.suggestions)


def test_address_outside_the_registry(session: Session):
    error = _unresolved(session, "12 Lê Lợi, phường Bến Nghé, quận 1, TP HCM")
    assert "outside" in error.errors[0]["reason"] and "Bến Nghé" in error.part


def test_nonsense_and_typo_suggestions(session: Session):
    error = _unresolved(session, "Cam Lein")
    assert error.suggestions[0].startswith("Xã Cẩm Liên")
    with pytest.raises(InvalidInput):
        resolve_address(session, "   ")


def test_new_commune_under_the_old_province_name(session: Session, demo_data: DemoDataset):
    """Đắk Nông merged into Lâm Đồng: either province name finds today's Xã Quảng Tân."""
    new = _unit(demo_data, "24748", legacy=False)
    for text in ("xã Quảng Tân, Lâm Đồng", "xa quang tan, tinh dak nong"):
        res = resolve_address(session, text)
        assert res.commune is not None and res.commune.code == "24748"
        assert res.commune.valid_to is None
        assert res.area is not None and res.area.symmetric_difference(new.geometry).area < 1e-9

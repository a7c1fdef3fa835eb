"""Kinds of gazetteer places, their labels, the words people use for them, and precision."""

from __future__ import annotations

from enum import StrEnum

from camera_registry.textnorm import fold


class PlaceKind(StrEnum):
    """What a gazetteer entry is."""

    HOUSE = "house"
    STREET = "street"
    HAMLET = "hamlet"
    LANDMARK = "landmark"
    MARKET = "market"
    SCHOOL = "school"
    COMMUNE_OFFICE = "commune_office"
    POLICE_POST = "police_post"
    HEALTH_STATION = "health_station"


class Precision(StrEnum):
    """How finely an address was placed, finest first."""

    EXACT_POINT = "exact_point"
    PLACE = "place"
    STREET = "street"
    HAMLET = "hamlet"
    COMMUNE = "commune"


KIND_LABELS: dict[PlaceKind, tuple[str, str]] = {
    PlaceKind.HOUSE: ("Số nhà", "House address"),
    PlaceKind.STREET: ("Đường phố", "Street"),
    PlaceKind.HAMLET: ("Thôn, xóm, bản, ấp, tổ dân phố", "Hamlet / neighbourhood"),
    PlaceKind.LANDMARK: ("Địa danh", "Landmark"),
    PlaceKind.MARKET: ("Chợ", "Market"),
    PlaceKind.SCHOOL: ("Trường học", "School"),
    PlaceKind.COMMUNE_OFFICE: ("Trụ sở UBND", "Commune office"),
    PlaceKind.POLICE_POST: ("Công an", "Police post"),
    PlaceKind.HEALTH_STATION: ("Trạm y tế", "Health station"),
}

PRECISION_LABELS: dict[Precision, tuple[str, str]] = {
    Precision.EXACT_POINT: ("Điểm chính xác", "Exact point"),
    Precision.PLACE: ("Địa điểm", "Place"),
    Precision.STREET: ("Đường phố", "Street"),
    Precision.HAMLET: ("Thôn/xóm (tâm)", "Hamlet (centre)"),
    Precision.COMMUNE: ("Cả xã/phường (không chính xác)", "Whole commune (imprecise)"),
}

#: Folded words (Vietnamese and English) accepted for a kind in imported files.
_ALIASES: dict[str, PlaceKind] = {
    "so nha": PlaceKind.HOUSE,
    "nha": PlaceKind.HOUSE,
    "dia chi": PlaceKind.HOUSE,
    "address": PlaceKind.HOUSE,
    "duong": PlaceKind.STREET,
    "duong pho": PlaceKind.STREET,
    "pho": PlaceKind.STREET,
    "road": PlaceKind.STREET,
    "thon": PlaceKind.HAMLET,
    "xom": PlaceKind.HAMLET,
    "ban": PlaceKind.HAMLET,
    "ap": PlaceKind.HAMLET,
    "bon": PlaceKind.HAMLET,
    "buon": PlaceKind.HAMLET,
    "to dan pho": PlaceKind.HAMLET,
    "khu pho": PlaceKind.HAMLET,
    "dia danh": PlaceKind.LANDMARK,
    "cho": PlaceKind.MARKET,
    "truong": PlaceKind.SCHOOL,
    "truong hoc": PlaceKind.SCHOOL,
    "ubnd": PlaceKind.COMMUNE_OFFICE,
    "tru so ubnd": PlaceKind.COMMUNE_OFFICE,
    "cong an": PlaceKind.POLICE_POST,
    "tram y te": PlaceKind.HEALTH_STATION,
}

_PRECISION: dict[PlaceKind, Precision] = {
    PlaceKind.HOUSE: Precision.EXACT_POINT,
    PlaceKind.STREET: Precision.STREET,
    PlaceKind.HAMLET: Precision.HAMLET,
}


def kind_from_text(text: str) -> PlaceKind | None:
    """The kind a user wrote, by value, English or Vietnamese word, any diacritics."""
    key = fold(text).replace("_", " ")
    for kind in PlaceKind:
        if key == kind.value.replace("_", " ") or key == fold(KIND_LABELS[kind][1]):
            return kind
    return _ALIASES.get(key)


def precision_of(kind: str) -> Precision:
    """How precisely a place of this kind locates an address."""
    try:
        return _PRECISION.get(PlaceKind(kind), Precision.PLACE)
    except ValueError:
        return Precision.PLACE


def kind_check_sql() -> str:
    """The SQL of the CHECK constraint keeping ``place.kind`` in the vocabulary."""
    return "kind IN (" + ", ".join(f"'{k.value}'" for k in PlaceKind) + ")"

"""The columns a boundary import understands, and the headers provinces publish for them.

A separate vocabulary from the camera import's (``ma`` is a camera code there
and a unit code here); headers are compared the same way (folded, ``_`` as a
space, see :func:`camera_registry.imports.fields.normalise_header`).

==================  ===================================================================
field               headers recognised without options
==================  ===================================================================
code                ma_xa, ma, MaXa, ma_dvhc, ma_don_vi, code, ma_phuong, ma_tinh (*)
name                ten_xa, ten, TenXa, ten_dvhc, ten_don_vi, name, ten_phuong
level               loai, cap, loai_dvhc, cap_dvhc, level, type
parent_code         ma_tinh, ma_huyen, ma_cha, parent, parent_code, ma_tinh_moi
population          dan_so, danso, population, so_dan
area_published_km2  dtich_km2, dien_tich, dientich, dt_km2, area_km2, area
merged_from         sap_nhap, sapnhap, truoc_sap_nhap, merged_from, hop_nhat_tu
valid_from          valid_from, hieu_luc_tu, ngay_hieu_luc
valid_to            valid_to, het_hieu_luc, hieu_luc_den
wkt                 wkt, geometry, geom, the_geom, hinh_hoc
==================  ===================================================================

(*) ``ma_tinh`` names the code only in a file of provinces (no other code column).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camera_registry.errors import InvalidInput
from camera_registry.imports.fields import header_candidates, normalise_header
from camera_registry.imports.mapping import IGNORE, UserMapping
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("ma xa", "ma", "maxa", "ma dvhc", "ma don vi", "code", "ma phuong", "ma so",
             "unit code"),
    "name": ("ten xa", "ten", "tenxa", "ten dvhc", "ten don vi", "name", "ten phuong",
             "unit name"),
    "level": ("loai", "cap", "loai dvhc", "cap dvhc", "level", "type", "loai hinh"),
    "parent_code": ("ma tinh", "ma huyen", "ma cha", "parent", "parent code", "ma tinh moi",
                    "matinh", "province code"),
    "population": ("dan so", "danso", "population", "so dan"),
    "area_published_km2": ("dtich km2", "dien tich", "dientich", "dt km2", "dtich",
                           "area km2", "area", "dien tich km2", "area published km2"),
    "merged_from": ("sap nhap", "sapnhap", "truoc sap nhap", "merged from", "hop nhat tu",
                    "thanh lap tu"),
    "valid_from": ("valid from", "hieu luc tu", "ngay hieu luc", "tu ngay"),
    "valid_to": ("valid to", "het hieu luc", "hieu luc den", "den ngay"),
    "wkt": ("wkt", "geometry", "geom", "the geom", "hinh hoc", "shape"),
}  # fmt: skip

ALIASES: dict[str, str] = {
    normalise_header(alias): name for name, aliases in UNIT_FIELDS.items() for alias in aliases
} | {name: name for name in UNIT_FIELDS}

#: A post-reform unit is in force from this day unless the file says otherwise.
REFORM_DAY = date(2025, 7, 1)
#: The last day of the legacy units (districts abolished, communes merged).
LEGACY_LAST_DAY = date(2025, 6, 30)


@dataclass(frozen=True)
class LevelWord:
    """What a type word (``loai``/``cap``) means: the level and the type as stored."""

    level: Level
    unit_type: str


_LEVEL_WORDS: dict[str, LevelWord] = {
    "xa": LevelWord(Level.COMMUNE, "Xã"),
    "phuong": LevelWord(Level.COMMUNE, "Phường"),
    "thi tran": LevelWord(Level.COMMUNE, "Thị trấn"),
    "dac khu": LevelWord(Level.COMMUNE, "Đặc khu"),
    "commune": LevelWord(Level.COMMUNE, "Xã"),
    "ward": LevelWord(Level.COMMUNE, "Phường"),
    "special zone": LevelWord(Level.COMMUNE, "Đặc khu"),
    "tinh": LevelWord(Level.PROVINCE, "Tỉnh"),
    "thanh pho": LevelWord(Level.PROVINCE, "Thành phố"),
    "thanh pho truc thuoc trung uong": LevelWord(Level.PROVINCE, "Thành phố"),
    "province": LevelWord(Level.PROVINCE, "Tỉnh"),
    "huyen": LevelWord(Level.DISTRICT, "Huyện"),
    "quan": LevelWord(Level.DISTRICT, "Quận"),
    "thi xa": LevelWord(Level.DISTRICT, "Thị xã"),
    "thanh pho thuoc tinh": LevelWord(Level.DISTRICT, "Thành phố"),
    "district": LevelWord(Level.DISTRICT, "Huyện"),
    "tt": LevelWord(Level.COMMUNE, "Thị trấn"),
    "tp": LevelWord(Level.PROVINCE, "Thành phố"),
    "tx": LevelWord(Level.DISTRICT, "Thị xã"),
}
#: Abbreviations read in a ``loai`` cell but never as the start of a name.
_ABBREVIATIONS = ("tt", "tp", "tx")
_PREFIXES = ("cap ", "don vi ")
#: Type words a unit's name may start with, longest first ("thị trấn" before "thị").
NAME_TYPES = sorted((w for w in _LEVEL_WORDS if w not in _ABBREVIATIONS), key=len, reverse=True)


def level_word(text: str) -> LevelWord | None:
    """The level and type a ``loai``/``cap`` cell names, or None for an unknown word.

    >>> level_word("Phường").unit_type, level_word("cấp xã").level.value
    ('Phường', 'commune')
    >>> level_word("thôn") is None
    True
    """
    word = fold(text).strip(" .")
    for prefix in _PREFIXES:
        word = word.removeprefix(prefix)
    return _LEVEL_WORDS.get(word)


def level_from_name(name: str) -> LevelWord | None:
    """The type a unit's name starts with (``"Phường Ba Đình"`` → phường), if any."""
    folded = fold(name)
    for word in NAME_TYPES:
        if folded.startswith(word + " "):
            return _LEVEL_WORDS[word]
    return None


def full_name(name: str, unit_type: str) -> str:
    """The name as the registry stores it: led by its type word (``"Xã Cẩm Liên"``)."""
    if fold(name).startswith(fold(unit_type) + " "):
        return name
    return f"{unit_type} {name}"


def field_of(header: str, user: dict[str, str | None]) -> str | None:
    """The unit field a header names: the user's mapping first, then the table above."""
    for candidate in header_candidates(header):
        if candidate in user:
            return user[candidate]
    for candidate in header_candidates(header):
        if candidate in ALIASES:
            return ALIASES[candidate]
    return None


def user_lookup(mapping: UserMapping) -> dict[str, str | None]:
    """The user's ``header → field`` entries, checked against the unit fields, folded."""
    lookup: dict[str, str | None] = {}
    for header, name in mapping.columns.items():
        checked = check_field(name, "mapping")
        for candidate in header_candidates(header):
            lookup.setdefault(candidate, checked)
    for name in mapping.defaults:
        check_field(name, "mapping defaults")
    return lookup


def check_field(name: object, where: str) -> str | None:
    """A field name from a mapping, or None for "ignore"; anything else is a 422."""
    if name is None or name == IGNORE:
        return None
    if not isinstance(name, str) or name not in UNIT_FIELDS:
        known = ", ".join(UNIT_FIELDS)
        raise InvalidInput("mapping", f"{where}: {name!r} is not a unit field; use one of {known}")
    return name

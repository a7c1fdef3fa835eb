"""The national unit list as the pinned ``vietnamadminunits`` package records it.

Reads the package's ``data/dataset.db`` (tables ``admin_units``: the 34
provinces and 3,321 communes in force since 1 July 2025; ``admin_units_legacy``:
the 63 provinces, 696 districts and 10,035 communes before it) and
``converter_2025.json`` (which legacy commune went, whole or in part, into which
new commune) into plain records: no database types, no polygons.

Five legacy rows carry no commune: the island districts without commune-level
units (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).  They are districts
only; the converter maps each whole into the special zone (đặc khu) that
replaced it, which becomes their commune-level successor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from camera_registry.admin_units.models import BEGINNING_OF_RECORDS
from camera_registry.demo import vnadmin
from camera_registry.vocab import Level

#: The first day of the post-reform units; legacy units end the day before.
REFORM_DAY = date(2025, 7, 1)
LEGACY_LAST_DAY = date(2025, 6, 30)
PACKAGE = "vietnamadminunits"
PROVINCE_RESOLUTION = "Nghị quyết 202/2025/QH15"


@dataclass(frozen=True)
class NationalUnit:
    """One unit version of the national list (no boundary)."""

    code: str
    name: str
    level: Level
    unit_type: str
    parent_code: str | None
    centre_lon: float | None
    centre_lat: float | None
    area_published_km2: float | None
    valid_from: date
    valid_to: date | None
    #: (west, south, east, north) as the package publishes them, legacy units only.
    bounds: tuple[float, float, float, float] | None = None

    @property
    def legacy(self) -> bool:
        """True for a unit in force before 1 July 2025."""
        return self.valid_to is not None


@dataclass(frozen=True)
class NationalLink:
    """A legacy unit's territory passing (wholly or partly) to a new unit on 1 July 2025."""

    predecessor_code: str  # a legacy unit (valid until 30 June 2025)
    successor_code: str  # a new unit (valid from 1 July 2025)
    note: str


@dataclass(frozen=True)
class NationalList:
    """The units and successions of the national list (or of some provinces of it)."""

    units: tuple[NationalUnit, ...]
    links: tuple[NationalLink, ...]
    source: str


def package_source() -> str:
    """The ``source`` written on every unit: the package and its installed version."""
    return f"{PACKAGE} {metadata.version(PACKAGE)}"


def _province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


@contextmanager
def _rows(data: Path, sql: str) -> Iterator[Iterator[sqlite3.Row]]:
    uri = (data / "dataset.db").resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as con:
        con.row_factory = sqlite3.Row
        yield con.execute(sql)


def _new_units(
    data: Path, wanted: Collection[str] | None
) -> tuple[list[NationalUnit], dict[str, Any]]:
    """New provinces and communes; also ``(province key, ward key) → commune``."""
    provinces: dict[str, dict[str, Any]] = {}
    communes: list[NationalUnit] = []
    by_key: dict[tuple[str, str], NationalUnit] = {}
    sql = "SELECT * FROM admin_units ORDER BY provinceCode, wardCode"
    with _rows(data, sql) as rows:
        for r in rows:
            if wanted is not None and r["provinceCode"] not in wanted:
                continue
            prov = provinces.setdefault(
                r["provinceCode"], {"row": r, "areas": [], "key": r["provinceKey"]}
            )
            prov["areas"].append(r["wardAreaKm2"])
            unit = NationalUnit(
                r["wardCode"], r["ward"], Level.COMMUNE, r["wardType"], r["provinceCode"],
                _num(r["wardLon"]), _num(r["wardLat"]), _num(r["wardAreaKm2"]), REFORM_DAY, None,
            )  # fmt: skip
            communes.append(unit)
            by_key[r["provinceKey"], r["wardKey"]] = unit
    units = [_new_province(code, p["row"], p["areas"]) for code, p in provinces.items()]
    keys = {p["key"]: code for code, p in provinces.items()}
    return units + communes, {"wards": by_key, "provinces": keys}


def _new_province(code: str, row: sqlite3.Row, areas: list[float | None]) -> NationalUnit:
    """A new province; its published area is the sum of its communes' where all have one."""
    area = None if any(a is None for a in areas) else round(sum(areas), 2)  # type: ignore[arg-type]
    name = row["province"]
    return NationalUnit(
        code, name, Level.PROVINCE, _province_type(name), None,
        _num(row["provinceLon"]), _num(row["provinceLat"]), area, REFORM_DAY, None,
    )  # fmt: skip


def _legacy_units(
    data: Path, wanted: Collection[str] | None
) -> tuple[list[NationalUnit], dict[str, Any]]:
    """Legacy provinces, districts and communes; also full key → commune, district key → code."""
    seen: dict[str, NationalUnit] = {}
    by_key: dict[str, NationalUnit] = {}
    districts: dict[str, str] = {}
    sql = "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    with _rows(data, sql) as rows:
        for r in rows:
            if wanted is not None and r["provinceKey"] not in wanted:
                continue
            pcode, dcode, wcode = r["provinceCode"], r["districtCode"], r["wardCode"]
            seen.setdefault(f"p{pcode}", _legacy(r, "province", Level.PROVINCE, None))
            seen.setdefault(f"d{dcode}", _legacy(r, "district", Level.DISTRICT, pcode))
            districts[f"{r['provinceKey']}_{r['districtKey']}_"] = dcode
            if wcode is None:  # an island district without communes
                continue
            unit = _legacy(r, "ward", Level.COMMUNE, dcode)
            seen[f"c{wcode}"] = unit
            by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = unit
    return list(seen.values()), {"wards": by_key, "districts": districts}


def _legacy(row: sqlite3.Row, prefix: str, level: Level, parent: str | None) -> NationalUnit:
    name = row[prefix]
    if level is Level.PROVINCE:
        unit_type = _province_type(name)
    else:
        unit_type = row[f"{prefix}Type"]
    return NationalUnit(
        row[f"{prefix}Code"], name, level, unit_type, parent,
        _num(row[f"{prefix}Lon"]), _num(row[f"{prefix}Lat"]), None,
        BEGINNING_OF_RECORDS, LEGACY_LAST_DAY, parse_bounds(row[f"{prefix}Bounds"]),
    )  # fmt: skip


def parse_bounds(text: str | None) -> tuple[float, float, float, float] | None:
    """The package's ``"lat,lon – lat,lon"`` corners as (west, south, east, north).

    >>> parse_bounds("20.995099,105.797482 – 21.05038,105.876446")
    (105.797482, 20.995099, 105.876446, 21.05038)
    >>> parse_bounds("") is None
    True
    """
    try:
        (lat1, lon1), (lat2, lon2) = (
            (float(a), float(b))
            for a, b in (corner.split(",") for corner in (text or "").split("–"))
        )
    except ValueError:
        return None
    return min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)


def _commune_links(
    conv: dict[str, Any], new: dict[str, Any], old: dict[str, Any]
) -> list[NationalLink]:
    """Legacy commune (or island district) → new commune(s), whole or in part."""
    links: list[NationalLink] = []
    for pkey, targets in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in targets.items():
            successor = new["wards"].get((pkey, wkey))
            for full_key in olds:
                pred = old["wards"].get(full_key)
                pred_code = pred.code if pred else old["districts"].get(full_key)
                if successor and pred_code:
                    note = f"Nhập toàn bộ vào {successor.name} / whole"
                    links.append(NationalLink(pred_code, successor.code, note))
    for pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for full_key, parts in divided.items():
            pred = old["wards"].get(full_key)
            for part in parts:
                successor = new["wards"].get((pkey, part["newWardKey"]))
                if pred and successor:
                    note = f"Một phần nhập vào {successor.name} / part"
                    links.append(NationalLink(pred.code, successor.code, note))
    return links


def _upper_links(units: list[NationalUnit], links: list[NationalLink]) -> list[NationalLink]:
    """Legacy district → new province(s) and legacy province → new province."""
    legacy = {u.code: u for u in units if u.legacy}
    new = {u.code: u for u in units if not u.legacy}
    targets: dict[str, set[str]] = {}
    for link in links:
        pred, succ = legacy[link.predecessor_code], new[link.successor_code]
        district = pred if pred.level is Level.DISTRICT else legacy[pred.parent_code or ""]
        for up in (district.code, district.parent_code or ""):
            targets.setdefault(up, set()).add(succ.parent_code or "")
    out: list[NationalLink] = []
    for code in sorted(targets, key=lambda c: (legacy[c].level is Level.DISTRICT, c)):
        unit = legacy[code]
        for target in sorted(targets[code]):
            name = new[target].name
            if unit.level is Level.DISTRICT:
                note = f"Không tổ chức cấp huyện; địa bàn thuộc {name}"
            elif target == code:
                note = f"{unit.name} giữ nguyên; sắp xếp lại đơn vị hành chính cấp xã"
            else:
                note = f"Hợp nhất {unit.name} vào {name} ({PROVINCE_RESOLUTION})"
            out.append(NationalLink(code, target, note))
    return out


def read_national(
    data: Path | None = None, *, provinces: Collection[str] | None = None
) -> NationalList:
    """The national list, or only some new provinces (by code) and the legacy ones in them."""
    data = data or vnadmin.package_data_dir()
    conv = vnadmin.converter(data)
    new_units, new = _new_units(data, provinces)
    legacy_keys = None
    if provinces is not None:
        legacy_keys = {k for nk in new["provinces"] for k in conv["DICT_PROVINCE"].get(nk, [])}
    old_units, old = _legacy_units(data, legacy_keys)
    units = old_units + new_units
    links = _commune_links(conv, new, old)
    links += _upper_links(units, links)
    unique = list(dict.fromkeys(links))
    return NationalList(tuple(units), tuple(unique), package_source())

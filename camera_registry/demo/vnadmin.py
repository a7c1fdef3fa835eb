"""Read-only access to the data files of the ``vietnamadminunits`` package.

The package ships the legacy (pre-1 July 2025) and the new units with GSO codes
and centroids in ``data/dataset.db`` and the legacy → new mapping in
``data/converter_2025.json``.  We read those files directly, without importing
the package's own modules (which load much more than we need).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LegacyWard:
    """A legacy commune as the package keys it."""

    code: str
    province_code: str
    province_key: str
    district_code: str
    full_key: str  # "<province>_<district>_<ward>" as in converter_2025.json


@dataclass(frozen=True)
class NewWard:
    """A post-2025 commune-level unit of the package."""

    code: str
    name: str
    ward_type: str
    key: str
    province_code: str
    province_name: str
    lon: float
    lat: float


def package_data_dir() -> Path:
    """Return the ``data`` folder of the installed ``vietnamadminunits`` package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@contextmanager
def _db(data: Path) -> Iterator[sqlite3.Connection]:
    uri = (data / "dataset.db").resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as con:
        yield con


@lru_cache(maxsize=4)
def converter(data: Path) -> dict[str, Any]:
    """Return the parsed ``converter_2025.json`` (cached per data folder)."""
    with (data / "converter_2025.json").open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


def legacy_wards(data: Path, codes: Sequence[str]) -> dict[str, LegacyWard]:
    """Return the package's record of each legacy commune code found."""
    marks = ",".join("?" * len(codes))
    sql = (
        "SELECT wardCode, provinceCode, provinceKey, districtCode, districtKey, wardKey "
        f"FROM admin_units_legacy WHERE wardCode IN ({marks}) ORDER BY wardCode"
    )
    with _db(data) as con:
        rows = con.execute(sql, list(codes)).fetchall()
    return {
        code: LegacyWard(code, pcode, pkey, dcode, f"{pkey}_{dkey}_{wkey}")
        for code, pcode, pkey, dcode, dkey, wkey in rows
    }


def legacy_district_count(data: Path, province_code: str) -> int:
    """Return how many legacy districts the package lists for a province."""
    sql = "SELECT COUNT(DISTINCT districtCode) FROM admin_units_legacy WHERE provinceCode = ?"
    with _db(data) as con:
        (count,) = con.execute(sql, (province_code,)).fetchone()
    return int(count)


def new_ward_count(data: Path, province_code: str) -> int:
    """Return how many new (2025) communes the package lists for a province."""
    sql = "SELECT COUNT(DISTINCT wardCode) FROM admin_units WHERE provinceCode = ?"
    with _db(data) as con:
        (count,) = con.execute(sql, (province_code,)).fetchone()
    return int(count)


def new_ward(data: Path, province_key: str, ward_key: str) -> NewWard | None:
    """Return the new (2025) ward with this key in this new province, if any."""
    sql = (
        "SELECT wardCode, ward, wardType, wardKey, provinceCode, province, wardLon, wardLat "
        "FROM admin_units WHERE provinceKey = ? AND wardKey = ? ORDER BY wardCode LIMIT 1"
    )
    with _db(data) as con:
        row = con.execute(sql, (province_key, ward_key)).fetchone()
    if row is None:
        return None
    code, name, wtype, key, pcode, pname, lon, lat = row
    return NewWard(code, name, wtype, key, pcode, pname, float(lon), float(lat))


def new_province_key(data: Path, old_province_key: str) -> str | None:
    """Return the key of the new province an old province became part of."""
    provinces: dict[str, list[str]] = converter(data)["DICT_PROVINCE"]
    for new_key in sorted(provinces):
        if old_province_key in provinces[new_key]:
            return new_key
    return None

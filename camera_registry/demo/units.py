"""Legacy (pre-1 July 2025) administrative units read from the demo GeoJSON files.

Communes and districts come straight from the files; each province present is
the union of its districts in the data, marked ``partial`` when the package
``vietnamadminunits`` knows of districts the files do not include.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from camera_registry.demo import vnadmin
from camera_registry.demo.records import LEGACY_LAST_DAY, DemoUnit
from camera_registry.demo.spatial import to_multipolygon, union_all
from camera_registry.vocab import Level

#: The demo files, in the order their units are read.
DEMO_FILES = ("cam_thuy.geojson", "dak_nong.geojson")

_DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")


@dataclass(frozen=True)
class CommuneInfo:
    """What the generator needs to know about a legacy commune besides its unit."""

    unit: DemoUnit
    district_code: str
    district_name: str
    province_code: str
    province_name: str

    @property
    def short_name(self) -> str:
        """The name without its type word: "Cẩm Liên" for "Xã Cẩm Liên"."""
        return self.unit.name.removeprefix(self.unit.unit_type).strip()

    @property
    def is_town(self) -> bool:
        """True for phường and thị trấn (urban communes)."""
        return self.unit.unit_type in ("Phường", "Thị trấn")


@dataclass(frozen=True)
class LegacyArea:
    """The legacy units of the demo and the commune details behind them."""

    units: tuple[DemoUnit, ...]
    communes: tuple[CommuneInfo, ...]


def lower_type(name: str, unit_type: str) -> str:
    """Write a unit name as it appears inside an address: "xã Cẩm Liên"."""
    if unit_type and name.startswith(unit_type):
        return unit_type.lower() + name[len(unit_type) :]
    return name


def district_type(name: str) -> str:
    """Return the type word of a district name ("Huyện", "Thành phố"…)."""
    return next((t for t in _DISTRICT_TYPES if name.startswith(t)), "Huyện")


def _features(data_path: Path) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    for filename in DEMO_FILES:
        with (data_path / filename).open(encoding="utf-8") as fh:
            features.extend(json.load(fh)["features"])
    return sorted(features, key=lambda f: str(f["properties"]["code"]))


def _legacy(
    code: str,
    name: str,
    level: Level,
    unit_type: str,
    parent: str | None,
    geom: BaseGeometry,
    quality: str,
) -> DemoUnit:
    return DemoUnit(
        code=code,
        name=name,
        level=level,
        unit_type=unit_type,
        parent_code=parent,
        geometry=to_multipolygon(geom),
        boundary_quality=quality,
        valid_from=None,
        valid_to=LEGACY_LAST_DAY,
    )


def load_legacy(data_path: Path, package_data: Path) -> LegacyArea:
    """Read the demo files into legacy province, district and commune units."""
    districts: list[DemoUnit] = []
    communes: list[CommuneInfo] = []
    provinces: dict[str, str] = {}
    for feature in _features(data_path):
        p = feature["properties"]
        geom = shape(feature["geometry"])
        quality = str(p.get("boundary_quality") or "approximate")
        provinces[str(p["province_code"])] = str(p["province_name"])
        if p["unit_type"] == "district":
            districts.append(
                _legacy(
                    str(p["code"]),
                    p["name"],
                    Level.DISTRICT,
                    district_type(p["name"]),
                    str(p["province_code"]),
                    geom,
                    quality,
                )
            )
            continue
        unit = _legacy(
            str(p["code"]),
            p["name"],
            Level.COMMUNE,
            p["unit_type"],
            str(p["district_code"]),
            geom,
            quality,
        )
        communes.append(
            CommuneInfo(
                unit,
                str(p["district_code"]),
                p["district_name"],
                str(p["province_code"]),
                p["province_name"],
            )
        )
    province_units = []
    for code in sorted(provinces):
        own = [d for d in districts if d.parent_code == code]
        complete = len(own) >= vnadmin.legacy_district_count(package_data, code)
        province_units.append(
            _legacy(
                code,
                provinces[code],
                Level.PROVINCE,
                "Thành phố" if provinces[code].startswith("Thành phố") else "Tỉnh",
                None,
                union_all(d.geometry for d in own),
                "approximate" if complete else "partial",
            )
        )
    units = (*province_units, *districts, *(c.unit for c in communes))
    return LegacyArea(units=tuple(units), communes=tuple(communes))

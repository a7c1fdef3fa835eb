"""The demo area after the 1 July 2025 reorganisation, derived from ``vietnamadminunits``.

On 1 July 2025 districts were abolished, communes were merged and Đắk Nông was
merged into Lâm Đồng.  The package ``vietnamadminunits`` records, per new
province, which legacy communes went whole into which new commune
(``DICT_PROVINCE_WARD_NO_DIVIDED``) and which legacy communes were divided among
several new ones (``DICT_PROVINCE_WARD_DIVIDED``, with each new commune's
centroid).  From that we build:

* new communes: the union of the legacy polygons merged whole into them, plus,
  for a divided legacy commune, the part of its polygon nearest to each new
  commune's centroid (Voronoi cells clipped to the legacy polygon).  Where the
  legacy polygons overlap slightly (simplified outlines), the overlap goes to the
  new commune with the lowest code, so the new communes never overlap;
* new provinces: the union of their new communes present in the data;
* successions legacy commune → new commune(s), legacy district → new province,
  legacy province → new province.

Legacy communes the package cannot place are returned in ``unmatched`` (and
get no successor) rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, MultiPolygon
from shapely.geometry.base import BaseGeometry

from camera_registry.demo import vnadmin
from camera_registry.demo.records import REORG_DAY, DemoSuccession, DemoUnit
from camera_registry.demo.spatial import to_multipolygon, union_all
from camera_registry.vocab import Level

PROVINCE_RESOLUTION = "Nghị quyết 202/2025/QH15"


@dataclass(frozen=True)
class Reorg2025:
    """The post-2025 units of the demo area and how the legacy units map onto them."""

    units: tuple[DemoUnit, ...]
    successions: tuple[DemoSuccession, ...]
    successors: Mapping[str, tuple[str, ...]]  # legacy commune code → new commune codes
    unmatched: tuple[str, ...]


def split_by_centroids(
    geom: MultiPolygon, points: Sequence[tuple[float, float]]
) -> list[MultiPolygon]:
    """Split a polygon among points: the part nearest each point (Voronoi, clipped).

    Returns one (possibly empty) MultiPolygon per point, in the points' order; a
    repeated point gets nothing beyond its first occurrence.
    """
    if len(points) == 1:
        return [geom]
    unique = list(dict.fromkeys(points))
    if len(unique) == 1:
        return [geom] + [MultiPolygon()] * (len(points) - 1)
    cells = shapely.voronoi_polygons(
        MultiPoint(unique), extend_to=geom.envelope.buffer(1.0), ordered=True
    )
    by_point = {
        pt: to_multipolygon(cell.intersection(geom))
        for pt, cell in zip(unique, cells.geoms, strict=True)
    }
    result: list[MultiPolygon] = []
    seen: set[tuple[float, float]] = set()
    for pt in points:
        result.append(MultiPolygon() if pt in seen else by_point[pt])
        seen.add(pt)
    return result


def _targets(data: Path, ward: vnadmin.LegacyWard) -> list[tuple[vnadmin.NewWard, bool]]:
    """The new wards a legacy ward went into, with True when it went in whole."""
    prov_key = vnadmin.new_province_key(data, ward.province_key)
    if prov_key is None:
        return []
    conv = vnadmin.converter(data)
    whole: dict[str, list[str]] = conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(prov_key, {})
    for new_key in sorted(whole):
        if ward.full_key in whole[new_key]:
            found = vnadmin.new_ward(data, prov_key, new_key)
            return [(found, True)] if found else []
    parts = conv["DICT_PROVINCE_WARD_DIVIDED"].get(prov_key, {}).get(ward.full_key, [])
    targets = []
    for entry in parts:
        found = vnadmin.new_ward(data, prov_key, entry["newWardKey"])
        if found is None:
            return []
        lon, lat = float(entry["newWardLon"]), float(entry["newWardLat"])
        targets.append((replace(found, lon=lon, lat=lat), False))
    return targets


def _new_unit(ward: vnadmin.NewWard, geom: MultiPolygon) -> DemoUnit:
    return DemoUnit(
        code=ward.code,
        name=ward.name,
        level=Level.COMMUNE,
        unit_type=ward.ward_type,
        parent_code=ward.province_code,
        geometry=geom,
        boundary_quality="approximate",
        valid_from=REORG_DAY,
        valid_to=None,
    )


def _disjoint(pieces: Mapping[str, list[BaseGeometry]]) -> dict[str, MultiPolygon]:
    """Union each new commune's pieces; overlaps go to the lowest code."""
    result: dict[str, MultiPolygon] = {}
    taken: BaseGeometry | None = None
    for code in sorted(pieces):
        geom: BaseGeometry = union_all(pieces[code])
        if taken is not None:
            geom = to_multipolygon(geom.difference(taken))
        taken = geom if taken is None else taken.union(geom)
        result[code] = to_multipolygon(geom)
    return result


def derive_2025(legacy: Sequence[DemoUnit], package_data: Path | None = None) -> Reorg2025:
    """Derive the post-1-July-2025 units and successions for the legacy units given."""
    data = package_data or vnadmin.package_data_dir()
    communes = sorted((u for u in legacy if u.level is Level.COMMUNE), key=lambda u: u.code)
    wards = vnadmin.legacy_wards(data, [c.code for c in communes])
    pieces: dict[str, list[BaseGeometry]] = {}
    info: dict[str, vnadmin.NewWard] = {}
    links: list[tuple[str, str, str]] = []
    unmatched: list[str] = []
    for commune in communes:
        ward = wards.get(commune.code)
        targets = _targets(data, ward) if ward else []
        if not targets:
            unmatched.append(commune.code)
            continue
        split = split_by_centroids(commune.geometry, [(t.lon, t.lat) for t, _ in targets])
        for (target, whole), part in zip(targets, split, strict=True):
            if part.is_empty:
                continue
            info.setdefault(target.code, target)
            pieces.setdefault(target.code, []).append(part)
            verb = "Nhập toàn bộ vào" if whole else "Một phần (ước tính) nhập vào"
            links.append((commune.code, target.code, f"{verb} {target.name}"))
    geoms = _disjoint(pieces)
    new_communes = [_new_unit(info[code], geoms[code]) for code in sorted(geoms)]
    successors: dict[str, tuple[str, ...]] = {}
    for old, new, _ in links:
        successors[old] = (*successors.get(old, ()), new)
    provinces = _new_provinces(data, new_communes, info)
    successions = [DemoSuccession(old, new, REORG_DAY, note) for old, new, note in links]
    successions += _upper_successions(legacy, successors, info)
    return Reorg2025(
        units=(*provinces, *new_communes),
        successions=tuple(successions),
        successors=successors,
        unmatched=tuple(unmatched),
    )


def _new_provinces(
    data: Path, communes: Sequence[DemoUnit], info: Mapping[str, vnadmin.NewWard]
) -> list[DemoUnit]:
    names = {w.province_code: w.province_name for w in info.values()}
    units = []
    for code in sorted(names):
        own = [c for c in communes if c.parent_code == code]
        complete = len(own) >= vnadmin.new_ward_count(data, code)
        units.append(
            DemoUnit(
                code=code,
                name=names[code],
                level=Level.PROVINCE,
                unit_type="Thành phố" if names[code].startswith("Thành phố") else "Tỉnh",
                parent_code=None,
                geometry=union_all(c.geometry for c in own),
                boundary_quality="approximate" if complete else "partial",
                valid_from=REORG_DAY,
                valid_to=None,
            )
        )
    return units


def _upper_successions(
    legacy: Sequence[DemoUnit],
    successors: Mapping[str, tuple[str, ...]],
    info: Mapping[str, vnadmin.NewWard],
) -> list[DemoSuccession]:
    """District → new province and old province → new province links."""
    parent = {u.code: u.parent_code for u in legacy}
    names = {w.province_code: w.province_name for w in info.values()}
    targets: dict[str, set[str]] = {}
    for old, news in successors.items():
        district = parent[old]
        province = parent.get(district) if district else None
        for new in news:
            for up in (district, province):
                if up is not None:
                    targets.setdefault(up, set()).add(info[new].province_code)
    out = []
    by_code = {u.code: u for u in legacy}
    for old in sorted(targets, key=lambda c: (by_code[c].level is Level.DISTRICT, c)):
        unit = by_code[old]
        for new in sorted(targets[old]):
            if unit.level is Level.DISTRICT:
                note = f"Không tổ chức cấp huyện; địa bàn thuộc {names[new]}"
            elif new == old:
                note = f"{unit.name} giữ nguyên; sắp xếp lại đơn vị hành chính cấp xã"
            else:
                note = f"Hợp nhất {unit.name} vào {names[new]} ({PROVINCE_RESOLUTION})"
            out.append(DemoSuccession(old, new, REORG_DAY, note))
    return out

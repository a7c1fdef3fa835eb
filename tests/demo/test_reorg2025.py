"""Legacy units and their 1 July 2025 successors, checked with shapely."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from shapely.geometry import MultiPolygon, box

from camera_registry.demo.generate import DemoDataset
from camera_registry.demo.reorg2025 import derive_2025, split_by_centroids
from camera_registry.vocab import Level
from tests.demo.support import (
    LEGACY_END,
    REORG,
    dak_nong_districts,
    legacy_communes,
    union_of,
)


def test_legacy_units(data: DemoDataset) -> None:
    legacy = [u for u in data.units if u.valid_to == LEGACY_END]
    assert Counter(u.level for u in legacy) == {
        Level.PROVINCE: 2,
        Level.DISTRICT: 9,
        Level.COMMUNE: 88,
    }
    by_code = {u.code: u for u in legacy}
    assert by_code["38"].boundary_quality == "partial"
    assert by_code["67"].boundary_quality == "approximate"
    for u in legacy:
        assert isinstance(u.geometry, MultiPolygon) and u.geometry.is_valid
        assert u.valid_from is None
        parent = by_code[u.parent_code].level if u.parent_code else None
        expected = {Level.PROVINCE: None, Level.DISTRICT: Level.PROVINCE}
        assert parent is expected.get(u.level, Level.DISTRICT)
    districts = union_of([u for u in legacy if u.level is Level.DISTRICT and u.parent_code == "67"])
    assert abs(by_code["67"].geometry.area - districts.area) < 1e-9


def test_reorganisation_2025_maps_and_tiles_the_legacy_communes(data: DemoDataset) -> None:
    legacy = legacy_communes(data)
    new = [u for u in data.units if u.valid_from == REORG]
    new_communes = {u.code: u for u in new if u.level is Level.COMMUNE}
    assert {u.code for u in new if u.level is Level.PROVINCE} == {"38", "68"}
    assert not any(u.level is Level.DISTRICT for u in new)
    assert all(u.valid_to is None and u.parent_code in ("38", "68") for u in new_communes.values())
    links = defaultdict(set)
    for s in data.successions:
        assert s.effective_on == REORG
        links[s.predecessor_code].add(s.successor_code)
    for code in legacy:
        assert links[code] and links[code] <= set(new_communes), code
    assert links["67"] == {"68"} and links["38"] == {"38"}
    assert all(links[d] == {"68"} for d in dak_nong_districts(data)) and links["390"] == {"38"}
    before, after = union_of(list(legacy.values())), union_of(list(new_communes.values()))
    assert before.symmetric_difference(after).area < 1e-9 * before.area + 1e-12
    overlap = sum(
        a.geometry.intersection(b.geometry).area
        for a, b in itertools.combinations(new_communes.values(), 2)
    )
    assert overlap < 1e-12
    reorg = derive_2025([u for u in data.units if u.valid_to == LEGACY_END])
    assert reorg.unmatched == ()


def test_split_by_centroids_tiles_a_divided_commune() -> None:
    square = MultiPolygon([box(0, 0, 2, 1)])
    left, right = split_by_centroids(square, [(0.5, 0.5), (1.5, 0.5)])
    assert abs(left.area - 1) < 1e-9 and abs(right.area - 1) < 1e-9
    assert left.intersection(right).area == 0
    assert split_by_centroids(square, [(1, 1)]) == [square]

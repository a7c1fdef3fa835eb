"""geo.coverage: unions, areas, gaps, simplification and grid cells against independent math.

The expected values are computed here with shapely and pyproj directly: areas
with ``pyproj.Geod.geometry_area_perimeter`` on oriented polygons and with an
equal-area projection, lengths with ``Geod.line_length``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from geo import view_sector
from geo.coverage import (
    area_km2,
    clip,
    gaps,
    length_m,
    locate_points,
    points_in,
    points_in_any,
    simplify_m,
    union_views,
)
from geo.errors import GeometryInputError
from geo.placement import sample_lines, snap_points

GEOD = Geod(ellps="WGS84")


def geod_km2(geometry) -> float:
    area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(geometry, exterior_cw=False))
    return abs(area) / 1e6


def laea_km2(geometry, lon0: float, lat0: float) -> float:
    to_laea = Transformer.from_crs(
        "EPSG:4326", f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84", always_xy=True
    )
    projected = shapely.transform(
        geometry, lambda xy: np.column_stack(to_laea.transform(xy[:, 0], xy[:, 1]))
    )
    return projected.area / 1e6


def random_views(seed: int, n: int, lon=105.40, lat=20.20, span=0.03):
    rng = np.random.default_rng(seed)
    return [
        view_sector(
            lon + rng.random() * span,
            lat + rng.random() * span,
            float(rng.integers(0, 360)),
            float(rng.choice([40, 75, 90, 120, 360])),
            float(rng.uniform(15, 150)),
        )
        for _ in range(n)
    ]


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-12)


def test_union_equals_shapely_and_area_matches_geod_and_laea():
    views = random_views(1, 400)
    got = union_views(views)
    expected = shapely.union_all(views)
    assert shapely.symmetric_difference(got, expected).area < 1e-12
    assert rel(area_km2(got), geod_km2(expected)) < 1e-3
    assert rel(area_km2(got), laea_km2(expected, 105.415, 20.215)) < 1e-3


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60))
def test_union_area_property(seed: int, n: int):
    views = random_views(seed, n, span=0.01)
    got = union_views(views)
    expected = shapely.union_all(views)
    assert got.is_valid
    assert rel(area_km2(got), geod_km2(expected)) < 1e-3
    # Overlaps never add area; the union is at least the largest sector.
    assert area_km2(got) <= sum(geod_km2(v) for v in views) * (1 + 1e-5)
    assert area_km2(got) >= max(geod_km2(v) for v in views) * (1 - 1e-5)


def test_area_of_a_polygon_with_a_hole_subtracts_the_hole():
    outer = box(106.0, 11.0, 106.1, 11.1)
    hole = box(106.02, 11.02, 106.05, 11.05)
    holed = Polygon(outer.exterior.coords[::-1], [hole.exterior.coords])  # clockwise exterior
    assert rel(area_km2(holed), geod_km2(outer) - geod_km2(hole)) < 1e-5
    assert rel(area_km2(holed), laea_km2(holed, 106.05, 11.05)) < 1e-3


def test_empty_inputs():
    assert union_views([]).is_empty and area_km2(MultiPolygon()) == 0.0
    assert gaps(box(0, 0, 1, 1), MultiPolygon()).equals(MultiPolygon([box(0, 0, 1, 1)]))
    assert clip(MultiPolygon(), box(0, 0, 1, 1)).is_empty
    assert length_m(LineString()) == 0.0


def test_gaps_and_covered_partition_the_unit():
    unit = box(105.40, 20.20, 105.43, 20.23)
    union = union_views(random_views(2, 300))
    covered = clip(union, unit)
    gap = gaps(unit, covered)
    assert rel(area_km2(gap) + area_km2(covered), geod_km2(unit)) < 1e-4
    assert shapely.intersection(gap, union).area < 1e-12
    assert (
        rel(area_km2(gap), geod_km2(unit.difference(shapely.union_all(random_views(2, 300)))))
        < 1e-6
    )


@pytest.mark.parametrize("tolerance", [1.0, 5.0, 25.0])
def test_simplify_stays_within_tolerance(tolerance: float):
    unit = box(105.40, 20.20, 105.43, 20.23)
    gap = gaps(unit, union_views(random_views(3, 200)))
    simple = simplify_m(gap, tolerance)
    assert simple.is_valid and not simple.is_empty
    assert len(shapely.get_coordinates(simple)) < len(shapely.get_coordinates(gap))
    assert rel(geod_km2(simple), geod_km2(gap)) < 0.05
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)  # UTM 48N, independent

    def rings(g):
        parts = shapely.get_parts(g)
        return [
            shapely.transform(r, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
            for r in shapely.get_rings(parts)
        ]

    before, after = rings(gap), rings(simple)
    assert len(before) == len(after)  # no blind spot is dropped, however small
    for old, new in zip(before, after, strict=True):
        if len(new.coords) <= 5:
            continue  # rings too small for the tolerance keep a minimal outline
        far = shapely.distance(shapely.points(shapely.get_coordinates(old)), new)
        # Douglas-Peucker bound, except at a ring's seam, which GEOS may move (< 2x).
        assert np.median(far) <= tolerance and far.max() <= 2 * tolerance


def test_simplify_zero_is_identity_and_bad_tolerance_raises():
    gap = gaps(box(105.40, 20.20, 105.41, 20.21), union_views(random_views(4, 20, span=0.01)))
    assert simplify_m(gap, 0).equals(gap)
    for bad in (-1.0, math.nan, math.inf):
        with pytest.raises(GeometryInputError) as err:
            simplify_m(gap, bad)
        assert err.value.field == "tolerance_m"


def test_point_predicates_equal_brute_force():
    views = random_views(5, 80)
    rng = np.random.default_rng(7)
    lons, lats = 105.40 + rng.random(2000) * 0.03, 20.20 + rng.random(2000) * 0.03
    points = [Point(x, y) for x, y in zip(lons, lats, strict=True)]
    expected_any = [any(v.intersects(p) for v in views) for p in points]
    assert points_in_any(views, lons, lats).tolist() == expected_any
    union = shapely.union_all(views)
    assert points_in(union, lons, lats).tolist() == [union.intersects(p) for p in points]
    expected_first = [next((i for i, v in enumerate(views) if v.intersects(p)), -1) for p in points]
    assert locate_points(views, lons, lats).tolist() == expected_first


def test_lengths_are_geodesic_and_pieces_add_up():
    line = LineString([(105.40, 20.20), (105.45, 20.26), (105.47, 20.21)])
    expected = GEOD.line_length(*line.xy)
    assert rel(length_m(line), expected) < 1e-9
    assert rel(length_m(shapely.MultiLineString([line, line])), 2 * expected) < 1e-9
    lons, lats, lengths = sample_lines([line], 10.0)
    assert rel(lengths.sum(), expected) < 1e-3
    assert lengths.max() <= 10.0 * 1.01
    assert all(line.distance(Point(x, y)) < 1e-5 for x, y in zip(lons, lats, strict=True))


def test_snap_points_merges_neighbours():
    lons = np.array([106.0, 106.00001, 106.1])
    lats = np.array([11.0, 11.00001, 11.0])
    x, y = snap_points(lons, lats, 20.0)
    assert len(x) == 2
    for lon, lat in zip(lons, lats, strict=True):
        _, _, d = GEOD.inv(np.full(len(x), lon), np.full(len(x), lat), x, y)
        assert d.min() <= 20 * math.sqrt(2) / 2 + 0.5

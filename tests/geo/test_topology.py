"""Boundary topology in ``geo/``: every area held to pyproj's geodesic area."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, box

from geo import topology

GEOD = Geod(ellps="WGS84")


def geodesic(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0])


def arr(*geoms) -> np.ndarray:
    return np.array(geoms, dtype=object)


def wobbly(lon: float, lat: float, radius: float, n: int = 2000, seed: int = 1) -> Polygon:
    """A star-shaped ring of ``n`` vertices, like a digitised commune."""
    rng = np.random.default_rng(seed)
    theta = np.sort(rng.uniform(0, 2 * np.pi, n))
    r = radius * (1 + 0.2 * np.sin(5 * theta) + rng.normal(0, 0.01, n))
    return Polygon(np.column_stack([lon + r * np.cos(theta), lat + r * np.sin(theta)]))


def test_areas_match_geodesic_areas():
    shapes = [wobbly(105.8, 21.0, 0.05), wobbly(108.2, 11.9, 0.1, seed=2), box(104, 9, 104.2, 9.1)]
    got = topology.areas_m2(arr(*shapes))
    for area, shape in zip(got, shapes, strict=True):
        assert area == pytest.approx(geodesic(shape), rel=1e-3)


def test_sibling_pairs_only_within_a_group():
    a, b, c = box(0, 0, 2, 2), box(1, 1, 3, 3), box(5, 5, 6, 6)
    left, right = topology.sibling_pairs(arr(a, b, c, b), np.array([0, 0, 0, 1]))
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == [(0, 1)]


def test_overlap_area_of_noisy_neighbours():
    a, b = wobbly(105.80, 21.0, 0.03), wobbly(105.84, 21.0, 0.03, seed=3)
    got = topology.overlap_areas_m2(arr(a, b), np.array([0]), np.array([1]))
    assert got[0] == pytest.approx(geodesic(a.intersection(b)), rel=1e-3)
    assert got[0] > 1e5


def test_shared_edge_with_different_vertices_is_no_overlap():
    west = Polygon([(105.0, 20.0), (105.01, 20.0), (105.01, 20.01), (105.0, 20.01)])
    edge = [(105.01, 20.0 + k * 0.01 / 7) for k in range(8)]  # same line, other vertices
    east = Polygon([*edge, (105.02, 20.01), (105.02, 20.0)])
    got = topology.overlap_areas_m2(arr(west, east), np.array([0]), np.array([1]), 100.0)
    assert got[0] < 1.0


def test_outside_area():
    parent = box(105.0, 20.0, 105.1, 20.1)
    inside, sticking = box(105.01, 20.01, 105.02, 20.02), box(105.09, 20.05, 105.12, 20.06)
    got = topology.outside_areas_m2(arr(inside, sticking), parent)
    assert got[0] == 0.0
    assert got[1] == pytest.approx(geodesic(sticking.difference(parent)), rel=1e-3)


def test_gap_parts_and_the_bound_that_spares_the_union():
    parent = box(105.0, 20.0, 105.03, 20.01)
    kids = arr(box(105.0, 20.0, 105.01, 20.01), box(105.02, 20.0, 105.03, 20.01))
    [(nearest, m2)] = topology.gap_parts(parent, kids, 100.0)
    expected = geodesic(box(105.01, 20.0, 105.02, 20.01))
    assert m2 == pytest.approx(expected, rel=1e-3) and nearest == 0
    areas = topology.areas_m2(arr(parent, *kids))
    bound = topology.gap_upper_bound_m2(areas[0], areas[1:], np.zeros(2), np.zeros(0))
    assert bound >= m2 - 1.0
    assert topology.gap_parts(parent, kids, expected * 1.01) == []


def test_no_gap_when_children_tile_the_parent():
    parent = wobbly(105.8, 21.0, 0.05)
    halves = arr(
        parent.intersection(box(0, 0, 105.8, 90)), parent.intersection(box(105.8, 0, 180, 90))
    )
    areas = topology.areas_m2(arr(parent, *halves))
    outside = topology.outside_areas_m2(halves, parent)
    bound = topology.gap_upper_bound_m2(areas[0], areas[1:], outside, np.zeros(0))
    assert abs(bound) < 1.0
    assert topology.gap_parts(parent, halves, 100.0) == []


def test_missing_geometries_have_no_area():
    got = topology.areas_m2(arr(None, shapely.Polygon()))
    assert got.tolist() == [0.0, 0.0]


def test_an_invalid_boundary_is_measured_once_made_valid():
    bowtie = Polygon([(105.0, 20.0), (105.02, 20.02), (105.02, 20.0), (105.0, 20.02)])
    other = box(105.0, 20.0, 105.01, 20.02)
    got = topology.overlap_areas_m2(arr(bowtie, other), np.array([0]), np.array([1]))
    expected = geodesic(shapely.make_valid(bowtie).intersection(other))
    assert got[0] == pytest.approx(expected, rel=1e-3)

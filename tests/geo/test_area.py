"""Geodesic area against independent figures: a spherical-zone formula and UTM."""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.area import geodesic_area_m2


def test_a_degree_cell_matches_the_authalic_sphere_within_half_a_percent():
    # Area of a lon/lat cell on a sphere of the WGS84 authalic radius.
    radius = 6_371_007.2
    want = radius**2 * math.radians(1) * (math.sin(math.radians(21)) - math.sin(math.radians(20)))
    assert math.isclose(geodesic_area_m2(box(105, 20, 106, 21)), want, rel_tol=5e-3)


def test_a_small_square_matches_its_utm_area():
    utm = Transformer.from_crs(4326, 32648, always_xy=True)
    square = box(105.5, 20.1, 105.52, 20.12)
    planar = shapely.transform(
        square, lambda xy: np.column_stack(utm.transform(xy[:, 0], xy[:, 1]))
    ).area
    # UTM scale near 105.5°E (1.5° from the meridian) is ~0.9996 · 1.00034: area within 0.2 %.
    assert math.isclose(geodesic_area_m2(square), planar, rel_tol=2e-3)


def test_holes_are_subtracted_and_orientation_ignored():
    outer = [(105, 20), (105.1, 20), (105.1, 20.1), (105, 20.1)]
    hole = [(105.02, 20.02), (105.04, 20.02), (105.04, 20.04), (105.02, 20.04)]
    with_hole = Polygon(outer, [hole])
    whole, cut = geodesic_area_m2(Polygon(outer)), geodesic_area_m2(Polygon(hole))
    assert math.isclose(geodesic_area_m2(with_hole), whole - cut, rel_tol=1e-9)
    assert math.isclose(geodesic_area_m2(Polygon(outer[::-1])), whole, rel_tol=1e-12)


def test_multipolygon_sums_its_parts_and_points_have_none():
    a, b = box(105, 20, 105.1, 20.1), box(106, 20, 106.1, 20.1)
    assert math.isclose(
        geodesic_area_m2(MultiPolygon([a, b])), geodesic_area_m2(a) + geodesic_area_m2(b)
    )
    assert geodesic_area_m2(Point(105, 20)) == 0.0
    assert geodesic_area_m2(Polygon()) == 0.0

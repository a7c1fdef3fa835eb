"""Vertex counting of input geometries (shapely and raw GeoJSON) and the cap check."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from geo import GeometryInputError
from geo.vertices import check_vertex_count, geojson_vertex_count, vertex_count

RING = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
HOLE = [(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.2)]


def test_counts_of_each_geojson_type():
    polygon = {"type": "Polygon", "coordinates": [RING, HOLE]}
    assert geojson_vertex_count({"type": "Point", "coordinates": [105.8, 21.0]}) == 1
    assert geojson_vertex_count({"type": "Point", "coordinates": [105.8, 21.0, 12.5]}) == 1
    assert geojson_vertex_count({"type": "LineString", "coordinates": RING}) == 5
    assert geojson_vertex_count(polygon) == 9
    multi = {"type": "MultiPolygon", "coordinates": [[RING, HOLE], [RING]]}
    assert geojson_vertex_count(multi) == 14
    point = {"type": "Point", "coordinates": [0, 0]}
    empty = {"type": "GeometryCollection", "geometries": []}
    collection = {"type": "GeometryCollection", "geometries": [polygon, point, empty]}
    assert geojson_vertex_count(collection) == 10


@pytest.mark.parametrize(
    "junk",
    [None, 12, "Point", {}, {"type": "Point"}, {"coordinates": "abc"}, [[True, False]], [[]]],
)
def test_malformed_input_counts_as_nothing_and_never_raises(junk):
    assert geojson_vertex_count(junk) == 0


def test_deep_nesting_does_not_exhaust_the_stack():
    deep: list = [[0.0, 0.0]]
    for _ in range(50_000):
        deep = [deep]
    assert geojson_vertex_count({"type": "Polygon", "coordinates": deep}) == 1


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), min_size=3, max_size=30),
        min_size=1,
        max_size=5,
    )
)
def test_geojson_count_equals_shapely_count_of_the_built_geometry(parts):
    polygons = [Polygon(points) for points in parts]
    geometry = MultiPolygon(polygons)
    document = mapping(geometry)
    assert geojson_vertex_count(document) == vertex_count(shape(document)) == vertex_count(geometry)


def test_vertex_count_of_none_and_empty():
    assert vertex_count(None) == 0
    assert vertex_count(Polygon()) == 0


def test_check_names_the_field_and_both_numbers():
    check_vertex_count(10, 10)
    with pytest.raises(GeometryInputError) as caught:
        check_vertex_count(11, 10, "geom")
    assert caught.value.field == "geom"
    assert "11 vertices" in caught.value.reason and "at most 10" in caught.value.reason

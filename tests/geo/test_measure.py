"""Geodesic distance, bearing, the safe radius box and metric buffers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, Point

from geo import GeometryInputError
from geo.measure import buffer_m, distances_and_bearings, radius_bbox

GEOD = Geod(ellps="WGS84")
lons = st.floats(-179.0, 179.0)
lats = st.floats(-80.0, 80.0)


@settings(max_examples=200, deadline=None)
@given(lon=lons, lat=lats, radius=st.floats(0.0, 50_000.0))
@example(lon=179.0, lat=68.0, radius=41_820.0)  # the disc crosses the antimeridian (found on CI)
def test_radius_box_holds_every_point_within_the_radius(lon, lat, radius):
    minx, miny, maxx, maxy = radius_bbox(lon, lat, radius)
    azimuths = np.linspace(0, 360, 721)
    x, y, _ = GEOD.fwd(np.full(721, lon), np.full(721, lat), azimuths, np.full(721, radius))
    assert np.all((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))


def test_radius_box_is_not_wasteful():
    minx, miny, maxx, maxy = radius_bbox(105.5, 20.2, 300)
    _, _, width = GEOD.inv(minx, 20.2, maxx, 20.2)
    _, _, height = GEOD.inv(105.5, miny, 105.5, maxy)
    assert 600 <= width < 610 and 600 <= height < 610


@settings(max_examples=100, deadline=None)
@given(lon=lons, lat=lats, az=st.floats(0, 359.9), dist=st.floats(1.0, 20_000.0))
def test_distance_and_bearing_from_the_origin(lon, lat, az, dist):
    x, y, _ = GEOD.fwd(lon, lat, az, dist)
    d, b = distances_and_bearings([lon], [lat], x, y)
    assert d[0] == pytest.approx(dist, rel=1e-9, abs=1e-6)
    assert math.isclose(b[0], az, abs_tol=1e-6) or math.isclose(abs(b[0] - az), 360, abs_tol=1e-6)
    assert 0 <= b[0] < 360


def test_same_point_is_zero_metres_bearing_zero():
    d, b = distances_and_bearings([105.5, 105.5], [20.2, 20.2], 105.5, 20.2)
    assert d.tolist() == [0.0, 0.0] and b.tolist() == [0.0, 0.0]
    empty = distances_and_bearings([], [], 105.5, 20.2)
    assert empty[0].size == 0 and empty[1].size == 0


@settings(max_examples=50, deadline=None)
@given(lat=st.floats(8.0, 23.5), metres=st.floats(5.0, 500.0), side=st.sampled_from([90, -90]))
def test_buffer_is_metric(lat, metres, side):
    line = LineString([(105.0, lat), (105.003, lat + 0.002)])
    area = buffer_m(line, metres)
    mid = line.interpolate(0.5, normalized=True)
    heading, _, _ = GEOD.inv(*line.coords[0], *line.coords[1])
    across = heading + side
    inside = GEOD.fwd(mid.x, mid.y, across, metres * 0.99)
    outside = GEOD.fwd(mid.x, mid.y, across, metres * 1.01)
    assert area.contains(Point(inside[0], inside[1]))
    assert not area.contains(Point(outside[0], outside[1]))


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((200.0, 10.0, 10.0), "lon"),
        ((100.0, 86.0, 10.0), "lat"),
        ((100.0, 10.0, -1.0), "radius_m"),
        ((100.0, 10.0, float("inf")), "radius_m"),
        ((100.0, float("nan"), 1.0), "lat"),
    ],
)
def test_bad_input_names_the_argument(args, field):
    with pytest.raises(GeometryInputError) as raised:
        radius_bbox(*args)
    assert raised.value.field == field

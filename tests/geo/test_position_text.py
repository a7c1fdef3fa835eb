"""Reading one cell holding both coordinates (geo.position_text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import GeometryInputError
from geo.position_text import VIETNAM_BOX, read_position

PROPERTY = settings(max_examples=150, deadline=None)

#: 20°12'16.2" and 105°28'16.4", worked out by hand.
DMS_LAT = 20 + 12 / 60 + 16.2 / 3600
DMS_LON = 105 + 28 / 60 + 16.4 / 3600


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # the notations named in issue #18
        ("20.204512, 105.471230", 20.204512, 105.47123),
        ("20.204512 105.471230", 20.204512, 105.47123),
        ("(20.20, 105.47)", 20.20, 105.47),
        ("20°12'16.2\"N 105°28'16.4\"E", DMS_LAT, DMS_LON),
        ("20.20451°N,105.47123°E", 20.20451, 105.47123),
        # typographic primes, spaces, Vietnamese letters, order given by letters
        ("20°12′16.2″N 105°28′16.4″E", DMS_LAT, DMS_LON),
        ("20° 12' 16.2\" N, 105° 28' 16.4\" E", DMS_LAT, DMS_LON),
        ("B 20°12'16.2\" Đ 105°28'16.4\"", DMS_LAT, DMS_LON),
        ("105°28'16.4\"E 20°12'16.2\"N", DMS_LAT, DMS_LON),
        ("20 12 16.2 105 28 16.4", DMS_LAT, DMS_LON),
        ("20.2N105.4E", 20.2, 105.4),
        # labels and headers
        ("VĐ: 20.2045, KĐ: 105.4712", 20.2045, 105.4712),
        ("Vĩ độ 20.2045 Kinh độ 105.4712", 20.2045, 105.4712),
        ("KĐ: 105.4712; VĐ: 20.2045", 20.2045, 105.4712),
        ("lat,lon: 20.2045, 105.4712", 20.2045, 105.4712),
        ("(lon, lat) 105.4712 20.2045", 20.2045, 105.4712),
        ("Toạ độ: 20.2045, 105.4712", 20.2045, 105.4712),
        ("20.2045, 105.4712,", 20.2045, 105.4712),
        ("[20.2045; 105.4712]", 20.2045, 105.4712),
        # decimal commas
        ("20,2045; 105,4712", 20.2045, 105.4712),
        ("20,2045 105,4712", 20.2045, 105.4712),
        ("20,2045, 105,4712", 20.2045, 105.4712),
        ("20,2045,105,4712", 20.2045, 105.4712),
        ("20,105", 20.0, 105.0),
        # outside Vietnam but valid: read as written, not swapped
        ("48.8566, 2.3522", 48.8566, 2.3522),
        ("-33.87, 151.21", -33.87, 151.21),
    ],
)
def test_reads_what_provincial_lists_hold(text, lat, lon):
    reading = read_position(text)
    assert reading.lat == pytest.approx(lat, abs=1e-9)
    assert reading.lon == pytest.approx(lon, abs=1e-9)
    assert not reading.swapped
    assert reading.notes == ()


@pytest.mark.parametrize(
    "text", ["105.4712, 20.2045", "105,4712; 20,2045", "lat: 105.4712, lon: 20.2045"]
)
def test_longitude_first_is_swapped_back_with_a_note(text):
    reading = read_position(text)
    assert (reading.lat, reading.lon) == (20.2045, 105.4712)
    assert reading.swapped
    assert len(reading.notes) == 1
    assert reading.notes[0].startswith("Đã đổi chỗ")
    assert "swapped latitude and longitude" in reading.notes[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("20.20451", "expected two numbers, found one"),
        ("abc", "expected two numbers, found none"),
        ("", "it is empty"),
        ("( )", "it is empty"),
        ("20.1 105.2 30.3", "expected two numbers, found three"),
        ("20°75'N 105°28'E", "minutes 75 must be below 60"),
        ("20°12'75\"N 105°28'E", "seconds 75 must be below 60"),
        ("10,5,106", "write decimal points, or put ';' between"),
        ("150, 30", "latitude 150 is beyond 90°"),
        ("20, 200", "beyond 180"),
        ("95°N, 105°E", "beyond 90"),
        ("20°N 10°N", "both numbers are marked as latitude"),
        ("20.2 E 105.4 E", "both numbers are marked as longitude"),
        ("VĐ 20.2", "label each number once"),
        ("VĐ: 20.2 N, KĐ: 105.4 N", "labelled longitude"),
    ],
)
def test_refuses_with_a_specific_reason(text, reason):
    with pytest.raises(GeometryInputError) as caught:
        read_position(text)
    assert caught.value.field == "position"
    assert caught.value.reason.startswith("Tọa độ không đọc được / unreadable coordinates")
    assert reason in caught.value.reason


def test_refuses_a_number_instead_of_text():
    with pytest.raises(GeometryInputError):
        read_position(20.2045)  # type: ignore[arg-type]


# --- properties: a point in Vietnam, written every way, reads back --------------------

latitudes = st.floats(VIETNAM_BOX.min_lat + 0.5, VIETNAM_BOX.max_lat - 0.5)
longitudes = st.floats(VIETNAM_BOX.min_lon + 0.5, VIETNAM_BOX.max_lon - 0.5)
decimals = st.integers(4, 7)


def _dms(value: float, letter: str, marks: tuple[str, str, str]) -> str:
    tenths = round(value * 36000)
    degrees, rest = divmod(tenths, 36000)
    minutes, tenth_seconds = divmod(rest, 600)
    deg, minute, second = marks
    return f"{degrees}{deg}{minutes}{minute}{tenth_seconds / 10:.1f}{second}{letter}"


@PROPERTY
@given(latitudes, longitudes, decimals, st.sampled_from([", ", " ", ";", ",", "; "]))
def test_decimal_degrees_read_back(lat, lon, places, separator):
    reading = read_position(f"{lat:.{places}f}{separator}{lon:.{places}f}")
    step = 0.5 * 10**-places + 1e-12
    assert reading.lat == pytest.approx(lat, abs=step)
    assert reading.lon == pytest.approx(lon, abs=step)
    assert not reading.swapped


@PROPERTY
@given(latitudes, longitudes, decimals, st.sampled_from(["; ", " ", ", "]))
def test_decimal_commas_read_back(lat, lon, places, separator):
    text = f"{lat:.{places}f}".replace(".", ",") + separator + f"{lon:.{places}f}".replace(".", ",")
    reading = read_position(text)
    step = 0.5 * 10**-places + 1e-12
    assert reading.lat == pytest.approx(lat, abs=step)
    assert reading.lon == pytest.approx(lon, abs=step)


@PROPERTY
@given(
    latitudes,
    longitudes,
    st.sampled_from([("°", "'", '"'), ("°", "′", "″"), ("° ", "' ", '" ')]),
    st.sampled_from([("N", "E"), ("B", "Đ")]),
    st.booleans(),
)
def test_dms_reads_back(lat, lon, marks, letters, longitude_first):
    lat_text, lon_text = _dms(lat, letters[0], marks), _dms(lon, letters[1], marks)
    text = f"{lon_text} {lat_text}" if longitude_first else f"{lat_text} {lon_text}"
    reading = read_position(text)
    step = 0.05 / 3600 + 1e-12
    assert reading.lat == pytest.approx(lat, abs=step)
    assert reading.lon == pytest.approx(lon, abs=step)
    assert not reading.swapped  # the letters said which is which


@PROPERTY
@given(latitudes, longitudes, decimals, st.sampled_from([",", ", ", " "]))
def test_hemisphere_suffixed_decimals_read_back(lat, lon, places, separator):
    reading = read_position(f"{lat:.{places}f}°N{separator}{lon:.{places}f}°E")
    step = 0.5 * 10**-places + 1e-12
    assert reading.lat == pytest.approx(lat, abs=step)
    assert reading.lon == pytest.approx(lon, abs=step)


@PROPERTY
@given(latitudes, longitudes, decimals, st.sampled_from([", ", " ", "; "]))
def test_longitude_first_is_detected_and_swapped_back(lat, lon, places, separator):
    reading = read_position(f"{lon:.{places}f}{separator}{lat:.{places}f}")
    step = 0.5 * 10**-places + 1e-12
    assert reading.swapped
    assert reading.lat == pytest.approx(lat, abs=step)
    assert reading.lon == pytest.approx(lon, abs=step)
    assert reading.notes

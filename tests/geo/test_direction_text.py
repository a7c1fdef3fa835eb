"""Reading direction cells leniently, as camera lists write them (geo.direction_text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.direction_text import DirectionReading, read_direction
from geo.errors import GeometryInputError

PROPERTY = settings(max_examples=200, deadline=None)

#: The 8-point compass, clockwise from north: English letters, Vietnamese words,
#: Vietnamese letters (a lone "N" is Nam only when lone_n says so).
EIGHT = [
    ("N", "Bắc", "B"),
    ("NE", "Đông Bắc", "ĐB"),
    ("E", "Đông", "Đ"),
    ("SE", "Đông Nam", "ĐN"),
    ("S", "Nam", "N"),
    ("SW", "Tây Nam", "TN"),
    ("W", "Tây", "T"),
    ("NW", "Tây Bắc", "TB"),
]
#: How a lone "N" reads in each column of EIGHT.
LONE_N = ("north", "north", "south")


def _gap(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


@pytest.mark.parametrize(
    ("text", "bearing", "note"),
    [
        # what parse_direction reads
        ("126°", 126.0, None),
        ("126", 126.0, None),
        ("126,5 độ", 126.5, None),
        ("NNE", 22.5, None),
        (126, 126.0, None),
        (45.5, 45.5, None),
        # 360 is north
        ("360", 0.0, None),
        ("360°", 0.0, None),
        (360, 0.0, None),
        # a bearing then letters that agree: the examples
        ("126° SE", 126.0, None),
        ("259° W", 259.0, None),
        ("Hướng: 163° S", 163.0, None),
        ("307° NW, hướng về trung tâm", 307.0, "hướng về trung tâm"),
        ("126°SE", 126.0, None),
        ("126 SE", 126.0, None),
        ("126 độ Đông Nam", 126.0, None),
        ("45° north-east", 45.0, None),
        ("163° (S)", 163.0, None),
        ("126, hướng về chợ", 126.0, "hướng về chợ"),
        # Vietnamese words alone
        ("Bắc", 0.0, None),
        ("hướng Đông Nam", 135.0, None),
        ("Tây Bắc", 315.0, None),
        ("Đông Nam, phía chợ", 135.0, "phía chợ"),
        # a compass point then a bearing
        ("NE 45°", 45.0, None),
        ("Đông Nam 135 độ, cổng chợ", 135.0, "cổng chợ"),
        # free text: no bearing, kept as the note
        ("Hướng về trung tâm thành phố", None, "Hướng về trung tâm thành phố"),
        ("  Từ cầu A ra ngã tư B ", None, "Từ cầu A ra ngã tư B"),
        ("Hướng Bắc Ninh", None, "Hướng Bắc Ninh"),  # a city, not north
        ("3 camera ở cổng", None, "3 camera ở cổng"),  # a count, not a bearing
        ("Đông Tây", None, "Đông Tây"),
        # blank
        (None, None, None),
        ("", None, None),
        ("   ", None, None),
    ],
)
def test_reads_directions_as_people_write_them(text, bearing, note):
    reading = read_direction(text)
    assert reading.bearing == bearing
    assert reading.note == note
    assert reading.warnings == ()


def test_a_range_gives_its_middle_and_width_as_parse_direction_sector():
    assert read_direction("300-60") == DirectionReading(0.0, None, (), fov=120.0)


@pytest.mark.parametrize(
    ("text", "bearing", "letters"),
    [
        ("259° E", 259.0, "'E'"),
        ("180° N", 180.0, "'N'"),
        ("45° TN", 45.0, "'TN'"),
        ("N 200°", 200.0, "'N'"),
        ("Hướng: 10° Nam, cổng chợ", 10.0, "'Nam'"),
    ],
)
def test_letters_far_from_the_bearing_warn_and_the_number_wins(text, bearing, letters):
    reading = read_direction(text)
    assert reading.bearing == bearing
    assert len(reading.warnings) == 1
    assert reading.warnings[0].startswith("Hướng")
    assert "disagree" in reading.warnings[0]
    assert letters in reading.warnings[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("400", "beyond 360°"),
        ("400°", "beyond 360°"),
        ("400° W", "beyond 360°"),
        (400, "beyond 360°"),
        ("-30", "cannot be negative"),
        (-5, "cannot be negative"),
        (float("nan"), "not a number"),
        (True, "not a number"),
    ],
)
def test_refuses_bearings_out_of_range(text, reason):
    with pytest.raises(GeometryInputError) as caught:
        read_direction(text)
    assert caught.value.field == "direction_deg"
    assert caught.value.reason.startswith("Hướng không đọc được / unreadable direction")
    assert reason in caught.value.reason


def test_a_lone_n_follows_lone_n():
    assert read_direction("180° N", lone_n="south").warnings == ()
    assert read_direction("N", lone_n="south").bearing == 180.0


# --- properties --------------------------------------------------------------------

bearings = st.integers(0, 35999).map(lambda hundredths: hundredths / 100)


@PROPERTY
@given(bearings, st.sampled_from(["°", " độ", "", " °"]))
def test_any_bearing_in_degrees_reads_back(bearing, unit):
    reading = read_direction(f"{bearing:.2f}{unit}")
    assert reading == DirectionReading(bearing, None, ())


@PROPERTY
@given(bearings, st.sampled_from([0, 1, 2]), st.sampled_from([" ", "", " - "]))
def test_bearing_with_its_nearest_compass_point_reads_back_without_warning(
    bearing, language, separator
):
    nearest = EIGHT[round(bearing / 45.0) % 8][language]
    reading = read_direction(f"{bearing:.2f}°{separator}{nearest}", lone_n=LONE_N[language])
    assert reading == DirectionReading(bearing, None, ())


@PROPERTY
@given(bearings, st.sampled_from([0, 1, 2]), st.data())
def test_letters_90_degrees_off_or_more_give_a_warning(bearing, language, data):
    far = [k for k in range(8) if _gap(bearing, k * 45.0) >= 90.0]
    k = data.draw(st.sampled_from(far))
    reading = read_direction(f"{bearing:.2f}° {EIGHT[k][language]}", lone_n=LONE_N[language])
    assert reading.bearing == bearing
    assert reading.note is None
    assert len(reading.warnings) == 1


@PROPERTY
@given(bearings, st.sampled_from(["hướng về trung tâm", "ra cổng chợ", "phía UBND xã"]))
def test_words_after_a_bearing_are_the_note(bearing, words):
    nearest = EIGHT[round(bearing / 45.0) % 8][0]
    reading = read_direction(f"{bearing:.2f}° {nearest}, {words}")
    assert reading == DirectionReading(bearing, words, ())

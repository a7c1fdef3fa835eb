"""Reading viewing directions as people write them (geo.direction)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.direction import parse_direction, parse_direction_sector, uses_vietnamese_compass
from geo.errors import GeometryInputError

PROPERTY = settings(max_examples=150, deadline=None)

#: The 16 compass points, clockwise from north, written out by hand in both languages.
SIXTEEN = [
    ("N", "north", "B", "Bắc"),
    ("NNE", "north-north-east", "BĐB", "Bắc Đông Bắc"),
    ("NE", "north-east", "ĐB", "Đông Bắc"),
    ("ENE", "east-north-east", "ĐĐB", "Đông Đông Bắc"),
    ("E", "east", "Đ", "Đông"),
    ("ESE", "east-south-east", "ĐĐN", "Đông Đông Nam"),
    ("SE", "south-east", "ĐN", "Đông Nam"),
    ("SSE", "south-south-east", "NĐN", "Nam Đông Nam"),
    ("S", "south", "N", "Nam"),
    ("SSW", "south-south-west", "NTN", "Nam Tây Nam"),
    ("SW", "south-west", "TN", "Tây Nam"),
    ("WSW", "west-south-west", "TTN", "Tây Tây Nam"),
    ("W", "west", "T", "Tây"),
    ("WNW", "west-north-west", "TTB", "Tây Tây Bắc"),
    ("NW", "north-west", "TB", "Tây Bắc"),
    ("NNW", "north-north-west", "BTB", "Bắc Tây Bắc"),
]


@pytest.mark.parametrize(("index", "names"), list(enumerate(SIXTEEN)))
def test_sixteen_compass_points_in_english_and_vietnamese(index, names):
    expected = index * 22.5
    en_abbr, en_word, vi_abbr, vi_word = names
    assert parse_direction(en_abbr) == expected
    assert parse_direction(en_abbr.lower()) == expected
    assert parse_direction(en_word) == expected
    assert parse_direction(en_word.replace("-", "")) == expected
    assert parse_direction(vi_word) == expected
    assert parse_direction(vi_word.upper()) == expected
    assert parse_direction(f"hướng {vi_word}") == expected
    assert parse_direction(f"Hướng: {vi_word.lower()}") == expected
    if vi_abbr != "N":  # a lone N is ambiguous; see below
        assert parse_direction(vi_abbr) == expected
        assert parse_direction(vi_abbr.replace("Đ", "D")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("126", 126.0),
        ("126°", 126.0),
        ("126 °", 126.0),
        ("126º", 126.0),
        ("126 độ", 126.0),
        ("126 do", 126.0),
        ("126deg", 126.0),
        ("126,5", 126.5),
        ("  126.25  ", 126.25),
        ("0", 0.0),
        ("359.9", 359.9),
        ("hướng 45", 45.0),
        ("Đông Nam", 135.0),
        ("ĐN", 135.0),
        ("hướng Tây Bắc", 315.0),
        ("Đông-Nam", 135.0),
        ("north east", 45.0),
        ("Northeast", 45.0),
        ("NE", 45.0),
        (126, 126.0),
        (12.5, 12.5),
    ],
)
def test_readable_forms(text, expected):
    assert parse_direction(text) == expected


def test_a_lone_n_follows_the_files_convention():
    assert parse_direction("N") == 0.0
    assert parse_direction("N", lone_n="south") == 180.0
    assert parse_direction("NE", lone_n="south") == 45.0  # E makes it English
    assert parse_direction("TN", lone_n="north") == 225.0  # T makes it Vietnamese
    assert uses_vietnamese_compass(["120", "ĐB", "N"])
    assert uses_vietnamese_compass(["hướng nam"])
    assert not uses_vietnamese_compass(["NE", "N", "90", 45.0])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "360",
        "400",
        "-5",
        "NS",
        "Bắc Nam",
        "NNNE",
        "SNE",
        "12°30'",
        "quay quét",
        "N-E-S-W",
        "90;180",
        float("nan"),
        -1,
        360.0,
        True,
        None,
    ],
)
def test_unreadable_directions_are_errors_naming_the_field(text):
    with pytest.raises(GeometryInputError) as caught:
        parse_direction(text)
    assert caught.value.field == "direction_deg"
    assert "direction" in caught.value.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300-60", (0.0, 120.0)),
        ("90-180", (135.0, 90.0)),
        ("90 – 180", (135.0, 90.0)),
        ("180-90", (315.0, 270.0)),
        ("0-360", (180.0, 360.0)),
        ("350°-10°", (0.0, 20.0)),
        ("45", (45.0, None)),
        ("NE", (45.0, None)),
        ("Đông-Nam", (135.0, None)),
    ],
)
def test_clockwise_ranges(text, expected):
    assert parse_direction_sector(text) == expected


def test_an_empty_range_is_an_error():
    with pytest.raises(GeometryInputError):
        parse_direction_sector("90-90")


@PROPERTY
@given(st.floats(0.0, 360.0, exclude_max=True, allow_nan=False), st.sampled_from(["", "°", " độ"]))
def test_any_degree_value_reads_back(value, suffix):
    assert parse_direction(f"{value!r}{suffix}") == value
    assert parse_direction(value) == value


@PROPERTY
@given(st.integers(0, 359), st.integers(1, 359))
def test_a_range_covers_exactly_its_sector(start, width):
    end = (start + width) % 360
    direction, fov = parse_direction_sector(f"{start}-{end}")
    assert fov == width
    # The start lies half the width counter-clockwise of the middle, the end clockwise.
    assert (direction - fov / 2 - start) % 360 == pytest.approx(0, abs=1e-9) or (
        direction - fov / 2 - start
    ) % 360 == pytest.approx(360, abs=1e-9)
    assert 0 <= direction < 360

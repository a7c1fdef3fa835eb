"""The planner grid and time parsing (no database)."""

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camera_registry.errors import InvalidInput
from camera_registry.incidents.evidence.custody import (
    GENESIS,
    ChainReport,
    check_chain,
    custody_digest,
)
from camera_registry.incidents.grid import cell_centre, cell_of
from camera_registry.timeparse import local_text, parse_bound, parse_moment


def _ground_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[1] - b[1]) * 110_574
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, dy)


@settings(max_examples=200)
@given(
    lon=st.floats(min_value=102, max_value=110),
    lat=st.floats(min_value=8, max_value=24),
    size=st.sampled_from([100.0, 250.0, 500.0, 1000.0]),
)
def test_a_point_lies_in_its_cell_and_the_centre_is_within_half_a_cell(lon, lat, size):
    col, row = cell_of(lon, lat, size)
    centre = cell_centre(col, row, size)
    assert cell_of(*centre, size) == (col, row)
    assert _ground_m((lon, lat), centre) <= size * math.sqrt(2) / 2 * 1.01


def test_times_as_officers_write_them():
    vn = parse_moment("04/05/2023 21:30", field="at")
    assert vn == datetime(2023, 5, 4, 14, 30, tzinfo=UTC)
    assert parse_moment("2023-05-04T21:30:00+07:00", field="at") == vn
    assert parse_moment("2023-05-04 21:30", field="at") == vn
    assert local_text(vn) == "04/05/2023 21:30"
    assert parse_bound("2022-01-01", field="from", end=False) == datetime(
        2021, 12, 31, 17, 0, tzinfo=UTC
    )
    end = parse_bound("31/12/2022", field="to", end=True)
    assert local_text(end) == "31/12/2022 23:59"
    with pytest.raises(InvalidInput) as caught:
        parse_moment("hôm qua", field="occurred_at")
    assert caught.value.errors[0]["field"] == "occurred_at"


class _E:
    def __init__(self, seq: int, prev: str, note: str | None = None) -> None:
        self.evidence_id, self.seq, self.action, self.actor = 7, seq, "viewed", "lan"
        self.occurred_at = datetime(2024, 1, 1, 8, seq, tzinfo=UTC)
        self.note, self.prev_hash = note, prev
        self.hash = custody_digest(
            prev_hash=prev, evidence_id=7, seq=seq, action="viewed", actor="lan",
            occurred_at=self.occurred_at, note=note,
        )  # fmt: skip


def _chain(n: int) -> list[_E]:
    events, prev = [], GENESIS
    for seq in range(1, n + 1):
        events.append(_E(seq, prev))
        prev = events[-1].hash
    return events


def test_check_chain_against_the_audited_head():
    events = _chain(3)
    assert check_chain(events, (3, events[-1].hash)) == ChainReport(True, 3, None, None)
    assert check_chain(events, None).valid
    truncated = check_chain(events[:2], (3, events[-1].hash))
    assert not truncated.valid and truncated.first_broken_seq == 3
    extended = check_chain(_chain(4), (3, events[-1].hash))
    assert not extended.valid and extended.first_broken_seq == 4
    events[1].note = "edited"
    assert check_chain(events, (3, events[-1].hash)).first_broken_seq == 2
    assert not check_chain([], None).valid

"""The importer checks the API's rules column by column: it must reject what the model rejects."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from camera_registry.cameras.schemas import CameraCreate
from camera_registry.imports import parse
from camera_registry.imports.mapping import ColumnMap
from camera_registry.imports.rows import Parsed
from camera_registry.imports.validate import API_FIELDS, check_api_rules
from camera_registry.timeutil import today_local


def _numbers(low: float, high: float) -> st.SearchStrategy[object]:
    edges = st.sampled_from([low, high, low - 1e-9, high + 1e-9, 0.0, -1.0])
    others = st.one_of(st.integers(-2, 600), st.booleans(), st.none())  # what a cell may hold
    return st.one_of(st.floats(low - 10, high + 10), edges, st.floats(allow_nan=True), others)


def _texts(longest: int) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=4), st.text(min_size=longest - 1, max_size=longest + 1))


_days = st.integers(-400, 3).map(lambda n: today_local() + timedelta(days=n))
FIELDS: dict[str, st.SearchStrategy[object]] = {
    "code": st.one_of(
        st.from_regex(r"[A-Z][A-Z0-9\-]{0,8}", fullmatch=True), _texts(64), st.none()
    ),  # a row without a code still has the key, with None
    "lon": _numbers(-180, 180),
    "lat": _numbers(-90, 90),
    "direction_deg": _numbers(0, 360),
    "fov_deg": _numbers(1, 360),
    "range_m": _numbers(1, 500),
    "height_m": _numbers(0, 100),
    "kind": st.sampled_from(["fixed", "ptz", "fisheye", "anpr", "dome"]),
    "ownership": st.sampled_from(["state", "community", "household", "business", "x"]),
    "owner_name": _texts(200),
    "owner_contact": _texts(200),
    "programme": _texts(200),
    "address": _texts(500),
    "installed_on": _days,
    "last_verified_on": _days,
    "status": st.sampled_from(["active", "faulty", "offline", "decommissioned", "broken"]),
    "retention_days": st.integers(-2, 3700),
    "connected_to_centre": st.sampled_from([True, False, 1, 0, "yes"]),
}
# every field the importer checks is generated here, and nothing else
assert set(FIELDS) == set(API_FIELDS)
records = st.lists(
    st.fixed_dictionaries({}, optional=FIELDS),  # type: ignore[arg-type]
    min_size=1,
    max_size=12,
)


def _model_errors(bodies: list[dict[str, object]]) -> set[tuple[int, str, str, str]]:
    found = set()
    for row, body in enumerate(bodies):
        try:
            CameraCreate.model_validate(body)
        except ValidationError as error:
            for item in error.errors():
                name = str(item["loc"][0])
                reason = "is required" if item["type"] == "missing" else item["msg"]
                shown = "" if body.get(name) is None else parse.text(body[name])
                found.add((row, name, reason.removeprefix("Value error, "), shown))
    return found


@settings(max_examples=300, deadline=None)
@given(records)
def test_column_wise_rules_reject_exactly_what_the_model_rejects(bodies):
    headers = [f"header of {name}" for name in API_FIELDS]
    parsed = Parsed(list(range(len(bodies))), {}, set())
    cmap = ColumnMap(headers, {n: i for i, n in enumerate(API_FIELDS)}, {}, [])
    records = [{k: v for k, v in b.items() if v is not None or k == "code"} for b in bodies]
    check_api_rules(parsed, cmap, records)
    got = {(i.row, str(i.field), i.reason, i.value) for i in parsed.issues}
    assert got == _model_errors(records)
    assert all(i.column == f"header of {i.field}" for i in parsed.issues)


def test_the_model_has_field_rules_only():
    # Column-wise checking is only sound while no rule looks at two fields at once.
    decorators = CameraCreate.__pydantic_decorators__
    assert not decorators.model_validators
    assert not decorators.field_validators
    assert not decorators.validators and not decorators.root_validators
    assert CameraCreate.model_post_init is BaseModel.model_post_init

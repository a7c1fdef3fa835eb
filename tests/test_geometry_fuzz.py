"""Hostile geometry inputs get 4xx, never 5xx (hypothesis)."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import camera_payload

EXTREMES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 0.0, -0.0, 5e-324]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=12),
    st.none(),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN/inf: send them the way clients do, as strings
    return value


@FUZZ
@given(lon=EXTREMES, lat=EXTREMES, direction=EXTREMES, fov=EXTREMES, rng=EXTREMES)
def test_camera_registration_never_5xx(as_role, cam_thuy_commune, lon, lat, direction, fov, rng):
    client = as_role("admin")
    _, lon0, lat0 = cam_thuy_commune
    body = camera_payload(lon0, lat0)
    body.update(
        lon=_json_safe(lon),
        lat=_json_safe(lat),
        direction_deg=_json_safe(direction),
        fov_deg=_json_safe(fov),
        range_m=_json_safe(rng),
    )
    response = client.post("/cameras", json=body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


@FUZZ
@given(values=st.lists(EXTREMES, min_size=0, max_size=6))
def test_bbox_filter_never_5xx(as_role, values):
    text = ",".join(str(v) for v in values)
    response = as_role("viewer").get("/cameras", params={"bbox": text})
    assert response.status_code in (200, 422), response.text


@FUZZ
@given(raw=st.binary(max_size=200))
def test_garbage_bodies_never_5xx(as_role, raw):
    response = as_role("admin").post(
        "/cameras", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code < 500, response.text

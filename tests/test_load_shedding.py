"""Load shedding: past ``max_lookups_in_progress`` a lookup is refused at once with 503."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from camera_registry.settings import Settings


@pytest.fixture(params=[0, 1], ids=["none-admitted", "one-at-a-time"])
def settings(db_url: str, request: pytest.FixtureRequest) -> Settings:
    """The suite's settings with a lookup capacity of 0 or 1 per process."""
    return Settings(database_url=db_url, max_lookups_in_progress=request.param)


def test_lookups_past_capacity_are_refused_and_each_answer_frees_its_place(
    as_role, client: TestClient, settings: Settings, cam_thuy_commune
):
    _, lon, lat = cam_thuy_commune
    investigator = as_role("investigator")
    answers = [
        investigator.get("/lookup", params={"lon": lon, "lat": lat}),
        investigator.get("/lookup", params={"lon": lon, "lat": 95}),  # 422
        investigator.get("/lookup", params={"lon": lon, "lat": lat}, headers={"Authorization": ""}),
        investigator.get("/lookup", params={"lon": lon, "lat": lat}),
    ]
    if settings.max_lookups_in_progress == 0:
        for answer in answers:  # refused before anything else, credentials included
            assert answer.status_code == 503
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.headers["Retry-After"] == "1"
            assert "retry" in answer.json()["detail"]
    else:  # one at a time, one after another: every request is answered on its merits
        assert [a.status_code for a in answers] == [200, 422, 401, 200]
